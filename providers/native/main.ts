/**
 * Entry of the plugin `pulumi-resource-genesys-oauth-guard` (bin/): serves the native provider (provider.ts) over the
 * engine's gRPC protocol. The engine starts it with its address as the argument and reads the port from stdout.
 *
 * Settings (Genesys admin credentials, store credentials) come from the environment, as for the dynamic providers
 * without stack config: @pulumi/pulumi's provider server does not hand the provider its Configure request.
 */
import { main } from "@pulumi/pulumi/provider";
import { packageVersion } from "../../core/package-info";
import { oauthClientProvider } from "../runtime";
import { NativeProvider } from "./provider";

/** Serve the provider until the engine stops the process. */
export function serve(args: readonly string[]): Promise<void> {
  // GetPluginInfo must answer with a semver.
  const version = /^\d+\.\d+\.\d+/.test(packageVersion()) ? packageVersion() : "0.0.0";
  return main(new NativeProvider(version, oauthClientProvider), [...args]);
}
