/**
 * Store reference templates: one `--store` for many clients (`vault://secret/genesys/{id}`,
 * `file://./.secrets/{name}`), as `rotate` and `migrate-terraform` take them. Pure: no I/O.
 */
import { GuardError } from "../core/errors";

/** True when a template names a per-client place (`{id}` or `{name}`). */
export function isPerClientTemplate(template: string): boolean {
  return /\{id\}|\{name\}/.test(template);
}

/**
 * The store reference of one client: `{id}` and `{name}` (URL-encoded) replaced. Each stands for exactly one
 * path segment: store references are percent-decoded when parsed, so a value that would decode to a
 * separator, `.`/`..` or a control character could reach outside the intended path — such a client is refused.
 */
export function storeFor(template: string, client: { id: string; name: string }): string {
  return template
    .replace(/\{id\}/g, () => segment("id", client.id, client))
    .replace(/\{name\}/g, () => encodeURIComponent(segment("name", client.name, client)));
}

function segment(field: "id" | "name", value: string, client: { id: string; name: string }): string {
  // eslint-disable-next-line no-control-regex
  if (value === "" || value === "." || value === ".." || /[/\\\u0000-\u001f\u007f]/.test(value)) {
    throw new GuardError(
      "input.invalid",
      `The client ${field === "id" ? "id" : "name"} of ${JSON.stringify(client.id)} cannot stand for {${field}} in --store: it is empty, "." or "..", or holds a "/", "\\" or a control character`,
      {
        hint:
          field === "name"
            ? "Use {id} in --store for this client (ids are always one safe path segment), or rename the client."
            : "Client ids are UUIDs; check the id given.",
      },
    );
  }
  return value;
}
