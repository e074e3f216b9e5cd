/**
 * `genesys-oauth-guard emulator`: start the local Genesys Cloud emulator and print its base URL as the
 * first line of stdout (so scripts can `read` it), then serve until SIGINT/SIGTERM.
 */
import { Command, Option } from "commander";
import { GuardError } from "../../core/errors";
import { startEmulator } from "../../emulator";
import type { SeedClient } from "../../emulator";

interface EmulatorCommandOptions {
  port: string;
  host: string;
  adminClientId?: string;
  adminClientSecret?: string;
  rateLimit: string;
  seedClient?: string[];
}

/** Register `emulator` on the program. */
export function registerEmulatorCommand(program: Command): void {
  program
    .command("emulator")
    .description("Start a local Genesys Cloud emulator (login + Platform API on one loopback origin)")
    .addOption(new Option("-p, --port <n>", "port to listen on; 0 picks a free one").default("0"))
    .addOption(new Option("--host <address>", "loopback address to listen on").default("127.0.0.1"))
    .option("--admin-client-id <id>", "id of the seeded admin client (default: $GENESYS_CLOUD_CLIENT_ID)")
    .option("--admin-client-secret <secret>", "its secret (default: $GENESYS_CLOUD_CLIENT_SECRET; prefer the variable: arguments are visible in ps)")
    .addOption(new Option("--rate-limit <n>", "API requests allowed per token per minute (the real org limit is 300)").default("300"))
    .option("--seed-client <id:secret:roles...>", "seed more clients, roles comma-separated, e.g. ro-client:s3cr3tS3cr3t:Employee")
    .addHelpText(
      "after",
      `
The first line of stdout is the base URL (http://127.0.0.1:<port>); point the SDKs at it:
  GENESYS_CLOUD_API_URL=<url> GENESYS_CLOUD_LOGIN_URL=<url>     (this project, and the demo)
  client.setGateway({host, port, protocol: "http", path_params_login: "", path_params_api: ""})   (official JS SDK)

Seeded roles (all held by the admin): Admin (oauth:client:*), Developer, Employee, Telephony Admin, Read Only.
Seeded divisions: Home (the home division), Operations, Integrations (usable in roleDivisions).

API routes: /oauth/token; /api/v2/oauth/clients[/{clientId}[/secret]];
  POST /api/v2/oauth/clients/{clientId}/usage/query, GET .../usage/query/results/{executionId},
  GET .../usage/summary?days=N (usage recorded from each client's own requests);
  GET /api/v2/authorization/roles; GET /api/v2/authorization/divisions[/home|/{divisionId}] (paged; name, id).
  A deleted client is gone (404, not listed). Details and fidelity decisions: emulator/README.md.

Test control plane (loopback, no token):
  GET  /__emulator/stats     request counts by route and by client, token requests, 429s
  GET  /__emulator/clients   every client incl. deleted ones (state "deleted"; never secrets)
  GET|POST /__emulator/knobs {latencyMs, failNext:[{route,count,status,retryAfter}],
                              dropAfterAction:[{route,count}], secretActivationDelayMs, rateLimitPerMinute,
                              usageQueryRunningPolls}
  POST /__emulator/usage     {clientId, entries:[{date, requests?, status?, templateUri?, httpMethod?}]}:
                             seed historical usage for the usage API
  GET  /__emulator/usage     requests recorded per client
  POST /__emulator/reset     knobs off, stats and usage cleared, non-seeded clients removed
  Routes are named like "POST /api/v2/oauth/clients/{id}/secret" or "POST /oauth/token".

Example:
  genesys-oauth-guard emulator --port 0 --admin-client-id admin --admin-client-secret "$(openssl rand -hex 16)"`,
    )
    .action(async (options: EmulatorCommandOptions) => {
      const adminClientId = options.adminClientId ?? process.env.GENESYS_CLOUD_CLIENT_ID;
      const adminClientSecret = options.adminClientSecret ?? process.env.GENESYS_CLOUD_CLIENT_SECRET;
      if (!adminClientId || !adminClientSecret) {
        throw new GuardError(
          "cli.usage",
          "The emulator needs an admin client: pass --admin-client-id and --admin-client-secret, or set GENESYS_CLOUD_CLIENT_ID and GENESYS_CLOUD_CLIENT_SECRET",
        );
      }
      const port = Number(options.port);
      const rateLimit = Number(options.rateLimit);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new GuardError("cli.usage", `--port must be 0-65535, not ${options.port}`);
      if (!Number.isInteger(rateLimit) || rateLimit < 0) throw new GuardError("cli.usage", `--rate-limit must be a whole number, not ${options.rateLimit}`);
      const emulator = await startEmulator({
        adminClientId,
        adminClientSecret,
        host: options.host,
        port,
        rateLimitPerMinute: rateLimit,
        extraClients: (options.seedClient ?? []).map(parseSeed),
      });
      process.stdout.write(`${emulator.baseUrl}\n`);
      process.stderr.write(`Genesys Cloud emulator listening on ${emulator.baseUrl} (admin client ${adminClientId}); Ctrl-C stops it\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          void emulator.close().then(resolve);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}

function parseSeed(text: string): SeedClient {
  const [id, secret, roles] = text.split(":");
  if (!id || !secret) throw new GuardError("cli.usage", `--seed-client wants id:secret[:Role,Role], not "${text.replace(/:.*/, ":…")}"`);
  return { id, secret, roles: roles ? roles.split(",").map((r) => r.trim()) : ["Employee"] };
}
