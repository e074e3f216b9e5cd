/**
 * The provider objects handed to `pulumi.dynamic.Resource`: the only provider code that is serialized
 * into state (as the `__provider` text). Each method loads the implementation by package name at call
 * time and delegates, so that text holds a module name, the name of a factory and nothing else: no
 * credential, no setting, no module-level value. Delete, refresh and diff run this stored text; because it
 * only names the package, they run the installed implementation, which must therefore keep handling state
 * written by older versions.
 *
 * Rules for this file: no imports used at run time, no module-level values referenced from a method.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as runtimeModule from "./runtime";

/** The factories in runtime.ts that build a provider implementation. */
type ProviderFactory = "oauthClientProvider" | "secretRotationProvider" | "clientPairProvider";

/**
 * A provider object that delegates every method to `runtime.<factory>()`. The closure captures only the
 * factory's name (a string), which is all the serialized text carries.
 */
function delegatingProvider(factory: ProviderFactory): pulumi.dynamic.ResourceProvider {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved inside the provider process, when the serialized closure runs
  const runtime = (): typeof runtimeModule => require("genesys-oauth-guard/providers/runtime") as typeof runtimeModule;
  // Every provider the runtime makes implements all five optional methods (a missing one is a compile error here).
  const impl = (): pulumi.dynamic.ResourceProvider & Required<Pick<pulumi.dynamic.ResourceProvider, "check" | "diff" | "read" | "update" | "delete">> =>
    runtime()[factory]();
  return {
    async configure(req) {
      runtime().configure(req);
    },
    async check(olds, news) {
      return impl().check(olds, news);
    },
    async diff(id, olds, news) {
      return impl().diff(id, olds, news);
    },
    async create(inputs) {
      return impl().create(inputs);
    },
    async read(id, props) {
      return impl().read(id, props);
    },
    async update(id, olds, news) {
      return impl().update(id, olds, news);
    },
    async delete(id, props) {
      return impl().delete(id, props);
    },
  };
}

/** The OAuthClient provider object (see file comment). */
export const oauthClientProvider = delegatingProvider("oauthClientProvider");

/** The SecretRotation provider object (see file comment). */
export const secretRotationProvider = delegatingProvider("secretRotationProvider");

/** The ClientPair provider object (see file comment). */
export const clientPairProvider = delegatingProvider("clientPairProvider");
