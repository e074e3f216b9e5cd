/**
 * Opening a store with only its own backend loaded: `stores/index.ts` imports every backend (the AWS SDK,
 * the Vault client), about a hundred modules; a caller that only reads the stores a stack names — the policy
 * pack, on every preview — loads here just the backend of each scheme it meets, on first use.
 *
 *   const store = openStore("file://./.secrets/ci", { cwd });
 *   const stored = await store.read();
 *
 * Same behaviour as `openStore` of `stores/index.ts` (same errors for a bad reference or address).
 */
import type { AwsSecretsManagerStore } from "./aws-secrets-manager-store";
import type { FileStore } from "./file-store";
import type { StoreOptions } from "./options";
import { parseStoreReference, type StoreReference } from "./reference";
import type { SecretStore } from "./store";
import type { VaultStore } from "./vault-store";

export { safeReference } from "./reference";

/* eslint-disable @typescript-eslint/no-require-imports -- deferred on purpose: a backend loads when its scheme is first opened */
const backends = {
  file: (): typeof FileStore => (require("./file-store") as typeof import("./file-store")).FileStore,
  vault: (): typeof VaultStore => (require("./vault-store") as typeof import("./vault-store")).VaultStore,
  aws: (): typeof AwsSecretsManagerStore => (require("./aws-secrets-manager-store") as typeof import("./aws-secrets-manager-store")).AwsSecretsManagerStore,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Opens the store a reference names, loading only that store's backend. Throws as `openStore` of `stores/index.ts`. */
export function openStore(reference: string | StoreReference, options: StoreOptions = {}): SecretStore {
  const ref = typeof reference === "string" ? parseStoreReference(reference) : reference;
  switch (ref.kind) {
    case "file":
      return new (backends.file())(ref, options);
    case "vault":
      return new (backends.vault())(ref, options);
    case "aws-secrets-manager":
      return new (backends.aws())(ref, options);
  }
}
