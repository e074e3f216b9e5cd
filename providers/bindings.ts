/**
 * Binds the provider ports to the project's Genesys client (genesys/) and secret stores (stores/).
 */
import { GuardError } from "../core/errors";
import type { SecretStore } from "../stores/store";
import type { GenesysApi, GenesysLocation } from "./ports";
import type { ProviderConfig } from "./config-keys";

/** The Genesys API and the org's location from config + environment. */
export function bindGenesys(_config: ProviderConfig, _env: NodeJS.ProcessEnv): { api: GenesysApi; location: GenesysLocation } {
  throw new GuardError("config.invalid", "the Genesys client is not available yet");
}

/** Open the store at `reference` with credentials from config + environment. */
export function openBoundStore(_reference: string, _config: ProviderConfig, _env: NodeJS.ProcessEnv): SecretStore {
  throw new GuardError("config.invalid", "secret stores are not available yet");
}

/** Validate a store reference without I/O. */
export function parseBoundStoreReference(_reference: string): void {
  return;
}
