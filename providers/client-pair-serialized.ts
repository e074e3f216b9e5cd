/**
 * The ClientPair provider object handed to `pulumi.dynamic.Resource`: the only ClientPair code serialized
 * into state. Like `serialized.ts`, each method loads the implementation by package name at call time, so
 * the `__provider` text holds a module name and nothing else.
 *
 * Rules for this file: no imports used at run time, no module-level values referenced from a method.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as runtimeModule from "./client-pair-runtime";

/** The ClientPair provider object (see file comment). */
export const clientPairProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    (require("genesys-oauth-guard/providers/client-pair-runtime") as typeof runtimeModule).configure(req);
  },
  async check(olds, news) {
    return (require("genesys-oauth-guard/providers/client-pair-runtime") as typeof runtimeModule).clientPairProvider().check(olds, news);
  },
  async diff(id, olds, news) {
    return (require("genesys-oauth-guard/providers/client-pair-runtime") as typeof runtimeModule).clientPairProvider().diff(id, olds, news);
  },
  async create(inputs) {
    return (require("genesys-oauth-guard/providers/client-pair-runtime") as typeof runtimeModule).clientPairProvider().create(inputs);
  },
  async read(id, props) {
    return (require("genesys-oauth-guard/providers/client-pair-runtime") as typeof runtimeModule).clientPairProvider().read(id, props);
  },
  async update(id, olds, news) {
    return (require("genesys-oauth-guard/providers/client-pair-runtime") as typeof runtimeModule).clientPairProvider().update(id, olds, news);
  },
  async delete(id, props) {
    return (require("genesys-oauth-guard/providers/client-pair-runtime") as typeof runtimeModule).clientPairProvider().delete(id, props);
  },
};
