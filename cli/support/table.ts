/** Plain text tables for people (machines use --json). */

/** Print rows under headers, columns padded to their widest cell. */
export function printTable(headers: string[], rows: string[][], out: (text: string) => void = (t) => process.stdout.write(t)): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  out(line(headers) + "\n");
  out(line(widths.map((w) => "-".repeat(w))) + "\n");
  for (const row of rows) out(line(row) + "\n");
}
