/**
 * Stack config for the native provider. `@pulumi/pulumi/provider`'s server answers the engine's Configure call
 * itself and never hands the request to the provider, so `genesys-oauth-guard:*` stack config (admin credentials,
 * URLs, store settings: config-keys.ts) would not reach the plugin. The engine sends it in that request — the same
 * keys, secret values decrypted, as `variables` — so the plugin wraps the server's Configure handler: it gives the
 * variables to runtime.ts's `configure()` (exactly what the dynamic providers' `configure(req)` receives), then lets
 * the server answer as before. Without stack config the environment is used, as for the dynamic providers.
 */
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";

/** The part of a ConfigureRequest read here (provider_pb's getVariablesMap: `<namespace>:config:<key>` → value). */
export interface ConfigureCall {
  request: { getVariablesMap(): { forEach(callback: (value: string, key: string) => void): void } };
}

/** The stack config of a Configure call as the dynamic providers' `configure(req)` receives it. */
export function configureRequestOf(call: ConfigureCall): pulumi.dynamic.ConfigureRequest {
  const variables = new Map<string, string>();
  // The engine names them `<namespace>:config:<key>` (its legacy form); programs and the dynamic providers read `<namespace>:<key>`.
  call.request.getVariablesMap().forEach((value, key) => variables.set(key.replace(/^([^:]+):config:/, "$1:"), value));
  const get = (key: string): string | undefined => variables.get(key);
  return {
    config: {
      get,
      require: (key) => {
        const value = get(key);
        if (value === undefined) throw new Error(`Missing required configuration key: ${key}`);
        return value;
      },
    },
  };
}

type Handler = (call: ConfigureCall, callback: (...args: unknown[]) => void) => unknown;
interface GrpcServerClass {
  prototype: { addService: (this: unknown, service: unknown, implementation: Record<string, unknown>) => void };
}

/**
 * Before `main()` registers the provider service: wrap its `configure` handler so that `onConfigure` sees each
 * Configure call's stack config first. Applies to the grpc-js that @pulumi/pulumi loads (the server's own copy).
 * Returns a function that undoes it (tests).
 */
export function forwardConfigure(onConfigure: (req: pulumi.dynamic.ConfigureRequest) => void): () => void {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the grpc-js instance @pulumi/pulumi's server uses, resolved from its folder
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] })) as { Server: GrpcServerClass };
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (this: unknown, service: unknown, implementation: Record<string, unknown>): void {
    const original = implementation.configure;
    if (typeof original === "function") {
      const handler = original as Handler;
      implementation.configure = (call: ConfigureCall, callback: (...args: unknown[]) => void): unknown => {
        try {
          onConfigure(configureRequestOf(call));
        } catch (error) {
          callback(error instanceof Error ? error : new Error(String(error)));
          return undefined;
        }
        return handler.call(implementation, call, callback);
      };
    }
    addService.call(this, service, implementation);
  };
  return () => {
    grpc.Server.prototype.addService = addService;
  };
}
