/**
 * Steps shared by the store-fault suites (store-faults.test.ts, store-faults-openbao.test.ts): settle, a rotation
 * that must fail before the regenerate while the store is broken, and the rotation once it is back.
 */
import { strict as assert } from "assert";
import type { SecretStore } from "../../../stores/store";
import { assertNoLeak, assertNoOrphans, assertStoreMatchesState, assertStoreWorks, Harness, tokenStatus, up, upConverges } from "./support";

/** Shared steps of every store case. */
export function storeSteps(
  getH: () => Harness,
  getStore: () => SecretStore,
): {
  settle(): Promise<{ clientId: string; secret: string }>;
  failsBeforeRegenerate(pattern: RegExp, known?: { clientId: string; secret: string }): Promise<{ clientId: string; secret: string }>;
  rotateAndConverge(old: { clientId: string; secret: string }): Promise<void>;
} {
  let trigger = 0;
  const settle = async (): Promise<{ clientId: string; secret: string }> => {
    const h = getH();
    await upConverges(h);
    await assertNoOrphans(h);
    const stored = await assertStoreWorks(h, getStore());
    await assertStoreMatchesState(h, stored);
    return stored;
  };
  return {
    settle,
    /** Bump the rotation trigger with the store broken: the up fails and the old secret still works. */
    async failsBeforeRegenerate(pattern: RegExp, known?: { clientId: string; secret: string }) {
      const h = getH();
      // A sealed server cannot be read: the caller read the old secret before the fault.
      const old = known ?? (await assertStoreWorks(h, getStore(), "the secret before the fault works"));
      const regeneratesBefore = await regenerates(h);
      trigger += 1;
      await h.ws.ok(["config", "set", "rotate", "true"]);
      await h.ws.ok(["config", "set", "trigger", `fault-${trigger}`]);
      const failed = await up(h);
      assert.notEqual(failed.code, 0, "the up fails");
      assert.match(failed.stdout + failed.stderr, pattern, `the error names the store fault:\n${(failed.stdout + failed.stderr).slice(-1500)}`);
      assert.equal(await regenerates(h), regeneratesBefore, "no regenerate was sent");
      assert.equal(await tokenStatus(h.emulator.baseUrl, old.clientId, old.secret), 200, "the old secret still gets a token");
      return old;
    },
    async rotateAndConverge(old) {
      const h = getH();
      const now = await settle(); // its up is the rotation, now that the store is back

      assert.ok(now.secret !== old.secret, "the rotation happened once the store was back"); // booleans only: never print a secret
      assert.notEqual(await tokenStatus(h.emulator.baseUrl, old.clientId, old.secret), 200, "the old secret is dead after the rotation");
      await assertNoLeak(h);
    },
  };
}

/** POST …/secret calls the emulator has answered so far. */
export async function regenerates(h: Harness): Promise<number> {
  const stats = (await (await fetch(`${h.emulator.baseUrl}/__emulator/stats`)).json()) as { byRoute?: Record<string, number> };
  return Object.entries(stats.byRoute ?? {})
    .filter(([route]) => /^POST .*oauth\/clients\/[^/]+\/secret$/.test(route))
    .reduce((n, [, c]) => n + c, 0);
}
