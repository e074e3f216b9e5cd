/**
 * Secret stores: the factory and everything a caller needs.
 *
 *   const store = openStore("vault://secret/genesys/ci-client", { credentials: { vaultToken } });
 *   await store.checkWritable();
 *   await store.write(record);
 */
import { AwsSecretsManagerStore } from "./aws-secrets-manager-store";
import { FileStore } from "./file-store";
import { StoreOptions } from "./options";
import { parseStoreReference, StoreReference } from "./reference";
import { SecretStore } from "./store";
import { VaultStore } from "./vault-store";

/** Open the store a reference names. Throws `store.invalid-reference` / `store.insecure` for a bad reference or address. */
export function openStore(reference: string | StoreReference, options: StoreOptions = {}): SecretStore {
  const ref = typeof reference === "string" ? parseStoreReference(reference) : reference;
  switch (ref.kind) {
    case "file":
      return new FileStore(ref, options);
    case "vault":
      return new VaultStore(ref, options);
    case "aws-secrets-manager":
      return new AwsSecretsManagerStore(ref, options);
  }
}

export * from "./store";
export * from "./options";
export * from "./reference";
export { FileStore } from "./file-store";
export { VaultStore } from "./vault-store";
export { AwsSecretsManagerStore, clientRequestToken } from "./aws-secrets-manager-store";
