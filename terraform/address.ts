/**
 * Resource addresses as Terraform prints them (`terraform state list`): `[module.<m>[<key>].]…[data.]<type>.<name>[<key>]`.
 * Findings and `terraform state rm` commands name resources by these addresses.
 */

/** An index key as Terraform writes it in an address: `[0]`, `["eu-west"]`. */
export function formatIndexKey(key: string | number | undefined): string {
  if (key === undefined) return "";
  return typeof key === "number" ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/** The address of one instance of a resource of a state file. */
export function instanceAddress(parts: { module?: string; mode: string; type: string; name: string; indexKey?: string | number }): string {
  const prefix = parts.module ? `${parts.module}.` : "";
  const data = parts.mode === "data" ? "data." : "";
  return `${prefix}${data}${parts.type}.${parts.name}${formatIndexKey(parts.indexKey)}`;
}

/** The address with a deposed object's key, as Terraform shows it. */
export function withDeposed(address: string, deposed: string | undefined): string {
  return deposed ? `${address} (deposed ${deposed})` : address;
}

/**
 * The address quoted for a POSIX shell: single quotes, with `'` written as `'\''`. Index keys hold `"` and
 * `[`, which the shell would otherwise interpret.
 */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
