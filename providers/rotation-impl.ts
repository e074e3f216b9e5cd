/**
 * The SecretRotation dynamic provider's implementation (loaded at run time by `serialized.ts`).
 *
 * One rotation: check the store is writable (a misconfigured store fails before the old secret is
 * invalidated) → regenerate → write to the store (idempotent per rotation id) → verify with a token grant,
 * retried while Genesys propagates the new secret. A failure after regenerate throws from create/update,
 * so the engine keeps the previous trigger and the next `pulumi up` rotates again.
 *
 * Replace rules: a new `clientId` replaces the rotation (it rotates the new client). A changed `trigger`
 * or `secretStore` rotates in place (into the new store), and so does a secret at least one period
 * (`every`) old, judged at diff time with the provider's clock (`rotation-schedule.ts`).
 * `exposeSecretAsOutput`, `verifyTimeoutSeconds` and `every` changes apply without rotating (turning
 * exposure on shows the secret from the next rotation on).
 *
 * Create adopts instead of regenerating when the store already holds a fresh secret of this client (see
 * `adoptable`): the OAuthClient that owns a child rotation has just issued and stored one, and a second
 * regenerate in the same `pulumi up` would only invalidate it.
 */
import * as pulumi from "@pulumi/pulumi";
import { GuardError, isGuardError } from "../core/errors";
import type { CredentialRecord, StoredCredential } from "../stores/store";
import { debug } from "../core/log";
import { failpoint } from "./failpoints";
import type { ProviderDeps } from "./ports";
import { credentialRecord, describeError, regenerateSecret, secretMarker, verifySecret, writeSecret } from "./secret-delivery";
import { checkSecretRotationInputs, isUnknown } from "./validation";
import { dueByAge, periodMs, rotationDue, rotationReason } from "./rotation-schedule";
import { SecretRotationInputs, SecretRotationOutputs } from "./types";

export { stableJson } from "./rotation-schedule";

/**
 * A warning the user sees: through the engine when the provider runs under Pulumi, and in the debug log.
 * Never given a secret (callers pass ids and times only).
 */
export function warn(message: string): void {
  debug("provider", message);
  try {
    void pulumi.log.warn(message);
  } catch {
    // No engine connection (CLI `rotate`, tests): the debug line above is what remains.
  }
}

/** How {@link SecretRotationProvider.rotate} names its work (an OAuthClient adoption runs the same steps). */
export interface RotateOptions {
  /** Prefix of the failpoints this rotation stops at: `rotation` (default) or `adopt`. */
  phase?: "rotation" | "adopt";
  /** Prefix of the new rotation id (default `rotation`); the id is `<prefix>-<random>`. */
  rotationIdPrefix?: string;
}

/** The SecretRotation provider over {@link ProviderDeps}. */
export class SecretRotationProvider {
  constructor(private readonly deps: ProviderDeps) {}

  /** Validate inputs at preview; no API call. */
  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult<SecretRotationInputs>> {
    return checkSecretRotationInputs(news, (ref) => this.deps.parseStoreReference(ref));
  }

  /**
   * A new client replaces; a new trigger or store, or a secret at least one period old (by the provider's
   * clock now), rotates; option changes (including `every` itself) update quietly.
   */
  async diff(_id: string, olds: SecretRotationOutputs, news: SecretRotationInputs): Promise<pulumi.dynamic.DiffResult> {
    const replaces = isUnknown(news.clientId) || olds.clientId !== news.clientId ? ["clientId"] : [];
    const changes =
      replaces.length > 0 ||
      rotationDue(olds, news, this.deps.now()) ||
      isUnknown(news.every) ||
      (olds.every ?? null) !== (news.every ?? null) ||
      Boolean(olds.exposeSecretAsOutput) !== news.exposeSecretAsOutput ||
      (olds.verifyTimeoutSeconds ?? 120) !== news.verifyTimeoutSeconds;
    return { changes, replaces, deleteBeforeReplace: false };
  }

  /**
   * The first rotation, or — when the store already holds a fresh secret of this client (see
   * {@link SecretRotationProvider.adoptable}) — adopting that secret without regenerating it.
   */
  async create(inputs: SecretRotationInputs): Promise<pulumi.dynamic.CreateResult<SecretRotationOutputs>> {
    const id = `${inputs.clientId}/rotation/${this.deps.randomId()}`;
    const adopted = await this.adopt(inputs);
    return { id, outs: adopted ?? (await this.rotate(inputs)) };
  }

  /** Nothing to refresh from Genesys: a rotation is an event, not an object. */
  async read(id: string, props: SecretRotationOutputs): Promise<pulumi.dynamic.ReadResult<SecretRotationOutputs>> {
    return { id, props };
  }

  /** Rotate when the trigger or the store changed or the secret is one period old; otherwise only record the new options. */
  async update(_id: string, olds: SecretRotationOutputs, news: SecretRotationInputs): Promise<pulumi.dynamic.UpdateResult<SecretRotationOutputs>> {
    const reason = rotationReason(olds, news, this.deps.now());
    if (reason === "age") debug("provider", `client ${news.clientId}: the secret issued ${olds.rotatedAt} is at least ${news.every} old; rotating`);
    if (reason) return { outs: await this.rotate(news) };
    const outs: SecretRotationOutputs = { ...olds, ...news };
    if (!news.exposeSecretAsOutput) delete outs.clientSecret;
    return { outs };
  }

  /** Nothing to undo: the secret stays in the store (the OAuthClient decides about it). */
  async delete(_id: string, _props: SecretRotationOutputs): Promise<void> {
    return;
  }

  /**
   * The secret the store holds for this client, when create may take it over instead of regenerating:
   * the record is this client's, no rotation is in progress (`pending`), its issue time (`rotatedAt`) is
   * readable, and it is fresh — issued less than one period (`every`) ago, or, without a period, the
   * OAuthClient asked for it (`adoptOnCreate`: its create has just stored it).
   */
  adoptable(inputs: SecretRotationInputs, current: StoredCredential | undefined): StoredCredential | undefined {
    if (!current || current.record.clientId !== inputs.clientId || current.record.pending) return undefined;
    if (!Number.isFinite(Date.parse(current.record.rotatedAt))) return undefined;
    if (periodMs(inputs.every) !== undefined) return dueByAge(current.record.rotatedAt, inputs.every, this.deps.now()) ? undefined : current;
    return inputs.adoptOnCreate === true ? current : undefined;
  }

  /**
   * Take over the store's current secret (no regenerate): verified with one token grant (retried while it
   * propagates). Undefined when there is nothing to adopt or the stored secret gets no token (then create
   * rotates, so the store ends up with a working secret).
   */
  private async adopt(inputs: SecretRotationInputs): Promise<SecretRotationOutputs | undefined> {
    if (periodMs(inputs.every) === undefined && inputs.adoptOnCreate !== true) return undefined;
    const store = this.deps.openStore(inputs.secretStore);
    const current = this.adoptable(inputs, await store.read());
    if (!current) return undefined;
    const { record } = current;
    const verified = await verifySecret(this.deps, this.deps.genesys(), inputs.clientId, record.clientSecret, inputs.verifyTimeoutSeconds * 1000);
    if (!verified) {
      warn(`client ${inputs.clientId}: the secret in ${store.reference} (issued ${record.rotatedAt}) gets no token; rotating now`);
      return undefined;
    }
    debug("provider", `client ${inputs.clientId}: adopting the secret issued ${record.rotatedAt} (rotation id ${record.rotationId}); no regenerate`);
    const outs: SecretRotationOutputs = {
      ...inputs,
      rotationId: record.rotationId,
      rotatedAt: record.rotatedAt,
      storeVersion: current.version,
      secretMarker: secretMarker(inputs.clientId, record.clientSecret),
      verified,
    };
    if (inputs.exposeSecretAsOutput) outs.clientSecret = record.clientSecret;
    return outs;
  }

  /**
   * checkWritable → write-ahead intent → regenerate → store (marks the intent done) → verify: two Genesys
   * calls (regenerate, one token grant when the secret is accepted at once) plus the store's own.
   *
   * The intent (`pending` in the record: rotation id, start time, client id) is written next to the current
   * secret, which consumers keep reading unchanged. If the process dies between regenerate and the store
   * write, the secret it generated is lost; the next run finds the intent still pending, says so, and
   * rotates again (the only way to get a secret back).
   */
  async rotate(inputs: SecretRotationInputs, options: RotateOptions = {}): Promise<SecretRotationOutputs> {
    const phase = options.phase ?? "rotation";
    const store = this.deps.openStore(inputs.secretStore);
    await store.checkWritable();
    const genesys = this.deps.genesys();
    const rotationId = `${options.rotationIdPrefix ?? "rotation"}-${this.deps.randomId()}`;
    const startedAt = this.deps.now();
    const existing = await store.read();
    const unfinished = existing?.record.pending;
    const lost = unfinished && unfinished.clientId === inputs.clientId && !unfinished.clientSecret ? unfinished : undefined;
    let recovery = "";
    if (lost && existing) {
      // One token grant tells the two crash points apart: before regenerate the stored secret still works.
      const stillWorks = existing.record.clientId === inputs.clientId && (await genesys.verifyCredentials(inputs.clientId, existing.record.clientSecret).catch(() => false));
      recovery = stillWorks
        ? `A previous rotation (id ${lost.rotationId}, started ${lost.startedAt}) did not finish; it stopped before regenerating (the stored secret still works); rotating now.`
        : `A previous rotation (id ${lost.rotationId}, started ${lost.startedAt}) did not finish: the secret it generated was lost; rotating again.`;
    }
    if (recovery) warn(`client ${inputs.clientId}: ${recovery}`);
    // The intent only makes sense next to this client's current record; an empty store (or another client's
    // record, or a move to a new store) has nothing consumers could keep reading.
    if (existing && existing.record.clientId === inputs.clientId) {
      const intent: CredentialRecord = { ...existing.record, pending: { rotationId, startedAt: startedAt.toISOString(), clientId: inputs.clientId } };
      try {
        await writeSecret(this.deps, store, intent);
      } catch (error) {
        // Nothing changed yet: say so (and what an earlier run left behind), keeping the store's own code.
        const code = error instanceof GuardError ? error.code : "store.io";
        throw new GuardError(code, `${recovery ? recovery + " " : ""}Could not record the rotation of client ${inputs.clientId} in ${store.reference} before regenerating: ${describeError(error)}. Nothing was changed: the current secret still works.`, {
          hint: error instanceof GuardError && error.hint ? error.hint : "Fix the store, then run pulumi up",
        });
      }
    }
    await (phase === "adopt" ? failpoint("adopt:before-regenerate") : failpoint("rotation:before-regenerate"));
    // No separate existence check: regenerate answers 404 for a missing client, before anything changed.
    let regenerated: { secret: string; name?: string };
    try {
      regenerated = await regenerateSecret(genesys, inputs.clientId, this.deps.sleep);
    } catch (error) {
      if (isGuardError(error, "genesys.not-found")) {
        throw new GuardError("genesys.not-found", `Cannot rotate the secret of client ${inputs.clientId}: no such client`, {
          hint: "Run pulumi refresh so the OAuthClient notices it is gone, then pulumi up to create it again",
        });
      }
      throw error;
    }
    await (phase === "adopt" ? failpoint("adopt:after-regenerate") : failpoint("rotation:after-regenerate"));
    const secret = regenerated.secret;
    // From here on the old secret is dead: any failure must say that the next run converges.
    const rotatedAt = this.deps.now();
    let storeVersion: string;
    try {
      // A record without `pending` whose rotationId is the intent's: this write marks the intent done.
      const stored = await writeSecret(this.deps, store, credentialRecord(this.deps, {
        clientId: inputs.clientId, clientSecret: secret, rotationId, rotatedAt, clientName: regenerated.name,
      }));
      storeVersion = stored.version;
    } catch (error) {
      throw new GuardError(
        "rotation.incomplete",
        `${recovery ? recovery + " " : ""}The secret of client ${inputs.clientId} was regenerated but could not be written to ${store.reference}: ${describeError(error)}. ` +
          "The old secret no longer works. The rotation was not recorded, so the next pulumi up will rotate again and converge.",
        { hint: "Fix the store, then run pulumi up" },
      );
    }
    await (phase === "adopt" ? failpoint("adopt:after-store-write") : failpoint("rotation:after-store-write"));
    const verified = await verifySecret(this.deps, genesys, inputs.clientId, secret, inputs.verifyTimeoutSeconds * 1000).catch((error: unknown) => {
      throw new GuardError(
        "rotation.verify-failed",
        `The new secret of client ${inputs.clientId} is in ${store.reference} (version ${storeVersion}) but verifying it failed: ${describeError(error)}. ` +
          "The rotation was not recorded, so the next pulumi up will rotate again and converge.",
      );
    });
    if (!verified) {
      throw new GuardError(
        "rotation.verify-failed",
        `The new secret of client ${inputs.clientId} is in ${store.reference} (version ${storeVersion}) but Genesys did not accept it within ${inputs.verifyTimeoutSeconds} s. ` +
          "The rotation was not recorded, so the next pulumi up will rotate again and converge.",
        { hint: "Raise verifyTimeoutSeconds if Genesys is slow to propagate new secrets" },
      );
    }
    const outs: SecretRotationOutputs = {
      ...inputs,
      rotationId,
      rotatedAt: rotatedAt.toISOString(),
      storeVersion,
      secretMarker: secretMarker(inputs.clientId, secret),
      verified,
    };
    if (inputs.exposeSecretAsOutput) outs.clientSecret = secret;
    return outs;
  }
}
