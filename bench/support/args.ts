/** Command-line flags of the benchmarks: `--name <number>`, checked. */

/** The number after `name` on the command line, else `fallback`; not a number ≥ `min` is an error naming the flag. */
export function numberArg(name: string, fallback: number, min = 0): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v < min) throw new Error(`${name} must be a number >= ${min}`);
  return v;
}
