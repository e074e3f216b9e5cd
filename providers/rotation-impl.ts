/**
 * The SecretRotation dynamic provider's implementation (loaded at run time by `serialized.ts`).
 *
 * One rotation is the rotation service's (rotation/rotate.ts `rotateSecret`, also run by the CLI `rotate`):
 * store checked writable → write-ahead intent → regenerate → store write → verified token grant. A failure
 * after regenerate throws from create/update, so the engine keeps the previous trigger and the next
 * `pulumi up` rotates again.
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
import type * as pulumi from "@pulumi/pulumi";
import type { StoredCredential } from "../stores/store";
import { debug } from "../core/log";
import { secretMarker, verifySecret } from "../rotation/delivery";
import { rotateSecret } from "../rotation/rotate";
import { engineLogger, warn } from "./engine-log";
import type { ProviderDeps } from "./ports";
import { checkSecretRotationInputs, isUnknown } from "./validation";
import { dueByAge, periodMs, rotationDue, rotationReason } from "./rotation-schedule";
import { SecretRotationInputs, SecretRotationOutputs } from "./types";

export { stableJson } from "./rotation-schedule";

/** How {@link SecretRotationProvider.rotate} names its work (an OAuthClient adoption runs the same steps). */
import type { RotateOptions } from "../rotation/rotate";
export type { RotateOptions };

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
      (olds.exposeSecretAsOutput ?? false) !== news.exposeSecretAsOutput ||
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
    if (current?.record.clientId !== inputs.clientId || current.record.pending) return undefined;
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

  /** One write-ahead rotation (rotation/rotate.ts), its outcome as outputs. */
  async rotate(inputs: SecretRotationInputs, options: RotateOptions = {}): Promise<SecretRotationOutputs> {
    const rotated = await rotateSecret(this.deps, inputs, engineLogger, options);
    const outs: SecretRotationOutputs = {
      ...inputs,
      rotationId: rotated.rotationId,
      rotatedAt: rotated.rotatedAt,
      storeVersion: rotated.storeVersion,
      secretMarker: rotated.secretMarker,
      verified: rotated.verified,
    };
    if (inputs.exposeSecretAsOutput) outs.clientSecret = rotated.secret;
    return outs;
  }
}
