/**
 * Entry of the plugin `pulumi-resource-genesys-oauth-guard` (bin/): serves the native provider (provider.ts) over the
 * engine's gRPC protocol. The engine starts it with its address as the argument and reads the port from stdout.
 *
 * Settings (Genesys admin credentials, URLs, store credentials) come from `genesys-oauth-guard:*` stack config, else
 * the environment, as for the dynamic providers (configure.ts forwards the engine's Configure call).
 */
import { main } from "@pulumi/pulumi/provider";
import { packageVersion } from "../../core/package-info";
import { configure, oauthClientProvider } from "../runtime";
import { forwardConfigure } from "./configure";
import { NativeProvider } from "./provider";

/** The engine's address among the plugin's arguments (as @pulumi/pulumi's provider server parses them). */
export function engineAddress(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--tracing") i++;
    else if (args[i] !== "--logtostderr" && !args[i].startsWith("-v=")) return args[i];
  }
  return undefined;
}

/** Serve the provider until the engine stops the process. */
export function serve(args: readonly string[]): Promise<void> {
  // The provider's warnings (adoption, rotation) go to the engine, which shows them on the resource: @pulumi/pulumi's
  // log reaches the engine through this variable (read when its settings are first used, after this).
  const engine = engineAddress(args);
  if (engine !== undefined) process.env.PULUMI_NODEJS_ENGINE = engine;
  // GetPluginInfo must answer with a semver.
  const version = /^\d+\.\d+\.\d+/.test(packageVersion()) ? packageVersion() : "0.0.0";
  forwardConfigure(configure);
  return main(new NativeProvider(version, oauthClientProvider), [...args]);
}
