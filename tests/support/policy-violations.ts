/**
 * Policy violations parsed from what `pulumi preview --policy-pack` prints (this CLI's `--json` preview
 * output carries no policy violations): the "Policies:" section, one block per violation —
 *
 *     - [mandatory] [severity: critical]  <policy>  (<type>: <name>)
 *       <description>
 *       <message>
 */

/** One violation. */
export interface PrintedViolation {
  /** `mandatory`, `advisory`, ... */
  level: string;
  /** Policy name. */
  policy: string;
  /** Type of the resource it was reported on (`pulumi:pulumi:Stack` for stack outputs). */
  resourceType: string;
  /** Name of that resource. */
  resourceName: string;
  /** The description and message lines, joined by newlines. */
  text: string;
}

const HEADER = /^\s*- \[(\w+)\](?: \[severity: \w+\])?\s+(\S+)\s+\(([^:()]+(?::[^:()]+)*): ([^()]*)\)\s*$/;

/** Every violation block in a CLI transcript. */
export function parseViolations(output: string): PrintedViolation[] {
  const out: PrintedViolation[] = [];
  let current: PrintedViolation | undefined;
  for (const line of output.split(/\r?\n/)) {
    const header = HEADER.exec(line);
    if (header) {
      // The type token holds colons; the name is after the last ": ".
      const [, level, policy, type, name] = header;
      current = { level, policy, resourceType: type, resourceName: name, text: "" };
      out.push(current);
      continue;
    }
    if (!current) continue;
    if (line.trim() === "" || /^\S/.test(line) || /^\s*- /.test(line) || /^\s*[✅❌⚠]/.test(line)) {
      current = undefined;
      continue;
    }
    current.text += (current.text ? "\n" : "") + line.trim();
  }
  return out;
}

/** Top-level stack output names a violation's text points at (`outputs.x`, `outputs["x"]`, `Stack output at 'x`). */
export function stackOutputsNamed(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/outputs\.([A-Za-z_$][A-Za-z0-9_$]*)|outputs\["([^"]+)"\]|Stack output at '([A-Za-z_$][A-Za-z0-9_$]*)/g)) {
    out.add(m[1] ?? m[2] ?? m[3]);
  }
  return [...out];
}
