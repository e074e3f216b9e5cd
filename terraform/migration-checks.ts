/**
 * What `migrate-terraform` checks before it writes anything: that no Pulumi stack manages a client yet (from
 * the stacks' state, as the inventory reads it), and that every client exists in Genesys Cloud (one GET per
 * client). Each failure names the client by its Terraform address; all are reported at once.
 */
import { GuardError } from "../core/errors";
import type { ManagedClients } from "../inventory/managed";
import type { PlannedClient } from "./migration-plan";

/** The part of the Genesys client the existence check uses. */
export interface ClientFinder {
  /** The client, or undefined when it does not exist (404) or is deleted. */
  findClient(id: string): Promise<{ id: string; name: string; authorizedGrantType?: string } | undefined>;
}

/** Refuses when a Pulumi stack already manages one of the clients, naming the stack and the resource. */
export function checkNotManaged(clients: readonly PlannedClient[], managed: ManagedClients): void {
  const taken: string[] = [];
  for (const c of clients) {
    for (const m of managed.byClientId.get(c.clientId) ?? [])
      taken.push(`${c.address} (client ${c.clientId}) is already managed by Pulumi stack ${m.stack} (${m.urn})`);
  }
  if (taken.length > 0) {
    throw new GuardError("input.invalid", `refusing to migrate: ${taken.join("; ")}`, {
      hint: "A client belongs to one stack. Leave it out of the migration (terraform state rm it only), or remove it from that stack first (pulumi state delete).",
    });
  }
}

/**
 * Checks that every client exists in Genesys Cloud; throws `genesys.not-found` naming every missing one.
 * Returns one note per client whose name or grant type in Genesys differs from the state (the first preview
 * shows the same as a diff).
 */
export async function checkClientsExist(clients: readonly PlannedClient[], genesys: ClientFinder, progress?: (line: string) => void): Promise<string[]> {
  const missing: string[] = [];
  const notes: string[] = [];
  for (const c of clients) {
    progress?.(`checking ${c.address} (client ${c.clientId}) in Genesys Cloud`);
    const live = await genesys.findClient(c.clientId);
    if (!live) {
      missing.push(`${c.address} (client ${c.clientId})`);
      continue;
    }
    if (live.name !== c.args.name)
      notes.push(
        `${c.address}: the client is named ${JSON.stringify(live.name)} in Genesys Cloud, ${JSON.stringify(c.args.name)} in Terraform state: the first pulumi up renames it to the program's name`,
      );
    if (live.authorizedGrantType && live.authorizedGrantType !== c.args.authorizedGrantType) {
      notes.push(`${c.address}: grant type ${live.authorizedGrantType} in Genesys Cloud, ${c.args.authorizedGrantType} in Terraform state`);
    }
  }
  if (missing.length > 0) {
    throw new GuardError(
      "genesys.not-found",
      `refusing to migrate: ${missing.length === 1 ? "this client does" : "these clients do"} not exist in Genesys Cloud: ${missing.join(", ")}`,
      {
        hint: "Deleted outside Terraform, or another org/region: check GENESYS_CLOUD_REGION, run `terraform refresh`, and `terraform state rm` clients that are gone.",
      },
    );
  }
  return notes;
}
