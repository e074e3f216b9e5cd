/**
 * The provider objects handed to `pulumi.dynamic.Resource`: the only provider code that is serialized
 * into state (as the `__provider` text). Each method loads the implementation by package name at call
 * time and delegates, so that text holds a module name and nothing else: no credential, no setting, no
 * module-level value. Delete, refresh and diff run this stored text; because it only names the package,
 * they run the installed implementation, which must therefore keep handling state written by older versions.
 *
 * Rules for this file: no imports used at run time, no module-level values referenced from a method.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as runtimeModule from "./runtime";

/** The OAuthClient provider object (see file comment). */
export const oauthClientProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    (require("genesys-oauth-guard/providers/runtime") as typeof runtimeModule).configure(req);
  },
  async check(olds, news) {
    return (require("genesys-oauth-guard/providers/runtime") as typeof runtimeModule).oauthClientProvider().check(olds, news);
  },
  async diff(id, olds, news) {
    return (require("genesys-oauth-guard/providers/runtime") as typeof runtimeModule).oauthClientProvider().diff(id, olds, news);
  },
  async create(inputs) {
    return (require("genesys-oauth-guard/providers/runtime") as typeof runtimeModule).oauthClientProvider().create(inputs);
  },
  async read(id, props) {
    return (require("genesys-oauth-guard/providers/runtime") as typeof runtimeModule).oauthClientProvider().read(id, props);
  },
  async update(id, olds, news) {
    return (require("genesys-oauth-guard/providers/runtime") as typeof runtimeModule).oauthClientProvider().update(id, olds, news);
  },
  async delete(id, props) {
    return (require("genesys-oauth-guard/providers/runtime") as typeof runtimeModule).oauthClientProvider().delete(id, props);
  },
};

/** The SecretRotation provider object (see file comment). */
export const secretRotationProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    (require("genesys-oauth-guard/providers/runtime") as typeof runtimeModule).configure(req);
  },
  async check(olds, news) {
    return (require("genesys-oauth-guard/providers/runtime") as typeof runtimeModule).secretRotationProvider().check(olds, news);
  },
  async diff(id, olds, news) {
    return (require("genesys-oauth-guard/providers/runtime") as typeof runtimeModule).secretRotationProvider().diff(id, olds, news);
  },
  async create(inputs) {
    return (require("genesys-oauth-guard/providers/runtime") as typeof runtimeModule).secretRotationProvider().create(inputs);
  },
  async read(id, props) {
    return (require("genesys-oauth-guard/providers/runtime") as typeof runtimeModule).secretRotationProvider().read(id, props);
  },
  async update(id, olds, news) {
    return (require("genesys-oauth-guard/providers/runtime") as typeof runtimeModule).secretRotationProvider().update(id, olds, news);
  },
  async delete(id, props) {
    return (require("genesys-oauth-guard/providers/runtime") as typeof runtimeModule).secretRotationProvider().delete(id, props);
  },
};
