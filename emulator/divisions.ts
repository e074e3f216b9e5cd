/**
 * The organisation's divisions (AuthzDivision in the official SDKs): the home division plus two more, so
 * OAuth clients can be granted roles in a division other than the home one, and the paged
 * GET /api/v2/authorization/divisions has something to page through.
 */
import { randomUUID } from "crypto";

/** One division as stored: the fields of the SDKs' AuthzDivision the emulator serves. */
export interface Division {
  id: string;
  name: string;
  /** Required in AuthzDivision (every SDK marks it so): never left out, may be empty. */
  description: string;
  homeDivision: boolean;
}

/** Names and descriptions of the seeded divisions; the first is the home division. */
export const SEEDED_DIVISIONS: readonly Omit<Division, "id" | "homeDivision">[] = [
  { name: "Home", description: "The organisation's home division" },
  { name: "Operations", description: "Contact-centre operations" },
  { name: "Integrations", description: "API integrations and their OAuth clients" },
];

/** Fresh divisions with new ids: the first is the home division. */
export function seedDivisions(): Division[] {
  return SEEDED_DIVISIONS.map((d, i) => ({ id: randomUUID(), ...d, homeDivision: i === 0 }));
}

/** The AuthzDivision body of a division (objectCounts only when asked for). */
export function presentDivision(division: Division, objectCounts?: Record<string, number>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: division.id,
    name: division.name,
    description: division.description,
    homeDivision: division.homeDivision,
  };
  if (objectCounts) out.objectCounts = objectCounts;
  out.selfUri = `/api/v2/authorization/divisions/${division.id}`;
  return out;
}
