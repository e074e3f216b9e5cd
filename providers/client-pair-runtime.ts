/**
 * Run-time side of the ClientPair provider: the same settings and dependencies as the other providers
 * (`runtime.ts`: stack config through `configure`, else the environment), loaded by name inside the
 * provider process by `client-pair-serialized.ts`. Nothing here is serialized into state.
 */
import type * as pulumi from "@pulumi/pulumi";
import { GuardError } from "../core/errors";
import { redactText } from "../core/redact";
import { ClientPairProvider } from "./client-pair-impl";
import { configure as configureRuntime, providerDeps } from "./runtime";

/** Called by the provider object's `configure(req)`: the stack config of this process. */
export function configure(req: pulumi.dynamic.ConfigureRequest): void {
  configureRuntime(req);
}

/** The ClientPair provider of this process; GuardErrors reach the engine as their description (code, hint), redacted. */
export function clientPairProvider(): ClientPairProvider {
  const target = new ClientPairProvider(providerDeps());
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
