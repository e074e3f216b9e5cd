/**
 * Run-time side of the dynamic providers: the settings given by `configure(req)` (stack config) and the
 * environment, and the provider instances built on them. Loaded by name inside the provider process
 * (see `serialized.ts`); nothing here is ever serialized into state.
 *
 * Stack config keys: see `config-keys.ts`. Stack config wins over the environment.
 */
import type * as pulumi from "@pulumi/pulumi";
import { randomBytes } from "crypto";
import { GuardError } from "../core/errors";
import { redactText, registerSecret } from "../core/redact";
import { CONFIG_KEYS, CONFIG_NAMESPACE, ProviderConfig, SECRET_CONFIG_KEYS } from "./config-keys";
import { bindGenesys, openBoundStore, parseBoundStoreReference } from "./bindings";
import type { GenesysApi, GenesysLocation, ProviderDeps } from "./ports";
import { OAuthClientProvider } from "./oauth-client-impl";
import { SecretRotationProvider } from "./rotation-impl";
import { ClientPairProvider } from "./client-pair-impl";

let config: ProviderConfig = {};
let deps: ProviderDeps | undefined;

/** Called by the provider objects' `configure(req)`: remember the stack config of this process. */
export function configure(req: pulumi.dynamic.ConfigureRequest): void {
  const next: ProviderConfig = {};
  for (const key of CONFIG_KEYS) {
    const value = req.config.get(`${CONFIG_NAMESPACE}:${key}`);
    if (value !== undefined && value !== "") next[key] = value;
  }
  for (const key of SECRET_CONFIG_KEYS) registerSecret(next[key]);
  config = next;
  deps = undefined;
}

/** The stack config this process was configured with (tests). */
export function currentConfig(): Readonly<ProviderConfig> {
  return config;
}

/** The dependencies built from config + environment, once per process (the Genesys token is cached in it). */
export function providerDeps(): ProviderDeps {
  if (deps) return deps;
  let genesys: { api: GenesysApi; location: GenesysLocation } | undefined;
  const bound = (): { api: GenesysApi; location: GenesysLocation } => (genesys ??= bindGenesys(config, process.env));
  deps = {
    genesys: () => bound().api,
    location: () => bound().location,
    openStore: (reference) => openBoundStore(reference, config, process.env),
    parseStoreReference: (reference) => parseBoundStoreReference(reference),
    now: () => new Date(),
    randomId: () => randomBytes(8).toString("hex"),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  return deps;
}

/**
 * The engine shows only `error.message` of a failed provider call: put the stable code and the hint in it
 * (GuardError.describe()), redacted like everything else that leaves the process.
 */
function withDescribedErrors<T extends object>(target: T): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value = Reflect.get(obj, key, receiver) as unknown;
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args);
        } catch (error) {
          if (error instanceof GuardError) throw new Error(redactText(error.describe()));
          throw error;
        }
      };
    },
  });
}

/** The OAuthClient provider of this process. */
export function oauthClientProvider(): OAuthClientProvider {
  return withDescribedErrors(new OAuthClientProvider(providerDeps()));
}

/** The SecretRotation provider of this process. */
export function secretRotationProvider(): SecretRotationProvider {
  return withDescribedErrors(new SecretRotationProvider(providerDeps()));
}

/** The ClientPair provider of this process. */
export function clientPairProvider(): ClientPairProvider {
  return withDescribedErrors(new ClientPairProvider(providerDeps()));
}
