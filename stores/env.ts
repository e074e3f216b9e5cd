/**
 * Reading store settings from an environment (`StoreOptions.env`, default `process.env`).
 */

/** An environment: variable names to values. */
export type Env = Record<string, string | undefined>;

/** The first of `names` set to something other than blanks in `env`, trimmed; undefined when none is. */
export function firstEnv(env: Env, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v.trim() !== "") return v.trim();
  }
  return undefined;
}
