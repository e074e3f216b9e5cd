/**
 * TLS for AWS Secrets Manager whatever the SDK resolves the endpoint from: the reference's `endpoint`,
 * AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL (read by the SDK from the process environment),
 * the shared config file (AWS_CONFIG_FILE: a profile's `endpoint_url`, or `services` →
 * `secrets_manager` → `endpoint_url`), or the regional default. A middleware checks the request the SDK
 * built, after endpoint resolution and before signing and sending: plain http is accepted only to a
 * loopback host, otherwise the request fails with `store.insecure` and nothing is sent.
 */
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { isLoopbackHost } from "../domain/loopback";
import { GuardError } from "../core/errors";

/** Name of the middleware in the client's stack. */
export const ENDPOINT_GUARD_MIDDLEWARE = "genesysOAuthGuardEndpointTls";

/** The parts of the SDK's HttpRequest the guard reads. */
interface RequestTarget {
  protocol?: string;
  hostname?: string;
  port?: number;
}

/** Throws `store.insecure` when `target` is plain http to a non-loopback host. */
export function checkResolvedEndpoint(target: RequestTarget): void {
  const protocol = (target.protocol ?? "https:").toLowerCase();
  const hostname = target.hostname ?? "";
  if (protocol === "https:" || (protocol === "http:" && isLoopbackHost(hostname))) return;
  const origin = `${protocol}//${hostname}${target.port ? `:${target.port}` : ""}`;
  throw new GuardError(
    "store.insecure",
    `The AWS Secrets Manager endpoint the SDK resolved, ${origin}, is not https:// (plain http:// is accepted only to a loopback host); nothing was sent.`,
    {
      hint: "Check AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL and endpoint_url / services in the AWS config file (AWS_CONFIG_FILE): use https://.",
      notActed: true,
    },
  );
}

/** Adds the guard to a Secrets Manager client (idempotent). */
export function guardEndpointTls(client: SecretsManagerClient): void {
  if (client.middlewareStack.identify().some((m) => m.startsWith(ENDPOINT_GUARD_MIDDLEWARE))) return;
  client.middlewareStack.add(
    (next) => async (args) => {
      checkResolvedEndpoint(args.request as RequestTarget);
      return next(args);
    },
    { step: "build", name: ENDPOINT_GUARD_MIDDLEWARE, priority: "high" },
  );
}
