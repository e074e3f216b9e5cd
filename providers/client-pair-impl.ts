/**
 * The ClientPair dynamic provider's implementation (built by `runtime.ts` clientPairProvider(), which the serialized provider object in `serialized.ts` loads at run time):
 * alternating clients for zero-downtime rotation.
 *
 * Why one dynamic resource for both clients rather than two OAuthClient resources plus a rotation:
 * - one store entry with one writer. Two OAuthClients would each write their own secret somewhere at
 *   creation (their own entries, stale after the first rotation, or the pair's entry, racing the flip);
 *   here creation writes a single record that already holds a working pair, and nothing else writes it.
 * - a rotation, a settings change and a store move of the pair happen in one provider call, in order, so
 *   they cannot interleave across resources in one `pulumi up`.
 * The per-client work (POST with the lost-response marker, PUT, refresh, delete) is the OAuthClient
 * provider's own code, run against an in-memory store that hands the new secret back to this provider.
 *
 * Rotation: regenerate the standby (the client consumers are not using) → write the record with the new
 * secret as `pending` (consumers still read the current pair) → verify the standby with a token grant →
 * ONE write that makes the standby current and the old current the standby. A crash at any step leaves
 * the store's top-level clientId/clientSecret working: the old current is never touched by a rotation,
 * and keeps working until the next rotation regenerates it.
 */
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { GuardError, isGuardError } from "../core/errors";
import { registerSecret } from "../core/redact";
import type { CredentialRecord, SecretStore, StoredCredential } from "../stores/store";
import { failpoint } from "../core/failpoints";
import { OAuthClientProvider } from "./oauth-client-impl";
import type { ProviderDeps } from "./ports";
import { credentialRecord, describeError, regenerateSecret, secretMarker, verifySecret, writeSecret } from "../rotation/delivery";
import { warn } from "./engine-log";
import { stableJson } from "./rotation-schedule";
import type { ClientPairInputs, ClientPairOutputs, OAuthClientInputs, OAuthClientOutputs } from "./types";
import { checkClientPairInputs, isUnknown } from "./validation";

/** Suffixes of the two clients' names (`<name>-a`, `<name>-b`): Genesys shows them side by side. */
export const MEMBER_SUFFIXES = ["-a", "-b"] as const;

/** The `rotationKey` of a trigger value: identifies it in the store without repeating it. */
export function rotationKey(trigger: unknown): string {
  return `trigger:${createHash("sha256").update(stableJson(trigger)).digest("hex").slice(0, 16)}`;
}

/** True when the pair must rotate: trigger changed (or unknown at preview). */
export function pairRotationDue(olds: Partial<ClientPairInputs>, news: ClientPairInputs): boolean {
  return isUnknown(news.trigger) || stableJson(olds.trigger ?? null) !== stableJson(news.trigger);
}

/**
 * A store that keeps what the OAuthClient provider writes in memory: the member clients' secrets come
 * back to the pair provider, which decides what reaches the real store.
 */
class CaptureStore implements SecretStore {
  readonly kind = "capture";
  captured: CredentialRecord | undefined;
  constructor(readonly reference: string) {}
  async checkWritable(): Promise<void> {
    // The pair provider checks the real store itself, once, before any client exists.
  }
  async write(record: CredentialRecord): Promise<StoredCredential> {
    this.captured = record;
    return { record, version: "member" };
  }
  async read(): Promise<StoredCredential | undefined> {
    return this.captured ? { record: this.captured, version: "member" } : undefined;
  }
  async remove(): Promise<void> {
    this.captured = undefined;
  }
}

/** A member's outputs from the OAuthClient provider, which always returns them from create/update. */
function memberOutputs<T>(result: { outs?: T }): T {
  if (result.outs === undefined) throw new GuardError("genesys.unexpected", "The OAuthClient provider returned no outputs for a ClientPair member");
  return result.outs;
}

/** The ClientPair provider over {@link ProviderDeps}. */
export class ClientPairProvider {
  constructor(private readonly deps: ProviderDeps) {}

  /** Validate inputs at preview; no API call. */
  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult<ClientPairInputs>> {
    return checkClientPairInputs(news, (ref) => this.deps.parseStoreReference(ref));
  }

  /** The members' own diff (a grant-type change replaces the pair), plus trigger, store and options. */
  async diff(id: string, olds: ClientPairOutputs, news: ClientPairInputs): Promise<pulumi.dynamic.DiffResult> {
    // Both members: drift on either one (refresh) is a change to put back.
    const inner = this.memberProvider();
    const diffs = await Promise.all(
      (olds.members ?? []).map(async (member, index) =>
        member.clientId ? inner.diff(id, member, this.memberInputs(news, index, member.secretStore)) : { changes: true, replaces: [] },
      ),
    );
    const replaces = [...new Set(diffs.flatMap((d) => d.replaces ?? []))];
    const changes =
      diffs.length < 2 ||
      diffs.some((d) => d.changes) ||
      pairRotationDue(olds, news) ||
      olds.secretStore !== news.secretStore ||
      (olds.verifyTimeoutSeconds ?? 120) !== news.verifyTimeoutSeconds ||
      (olds.members ?? []).some((m) => !m.clientId);
    return { changes, replaces, deleteBeforeReplace: false };
  }

  /** Create both clients, then write one record: the first client current, the second standby. */
  async create(inputs: ClientPairInputs): Promise<pulumi.dynamic.CreateResult<ClientPairOutputs>> {
    const store = this.deps.openStore(inputs.secretStore);
    // A store that cannot be written fails before any client exists.
    await store.checkWritable();
    const made: { outs: OAuthClientOutputs; secret: string }[] = [];
    try {
      for (const index of [0, 1]) made.push(await this.createMember(inputs, index));
    } catch (error) {
      await this.deleteMembers(
        made.map((m) => m.outs.clientId),
        error,
      );
      throw error;
    }
    const [current, standby] = made;
    const rotationId = `pair-create-${this.deps.randomId()}`;
    const rotatedAt = this.deps.now();
    const record: CredentialRecord = {
      ...credentialRecord(this.deps, { clientId: current.outs.clientId, clientSecret: current.secret, rotationId, rotatedAt, clientName: current.outs.name }),
      standby: { clientId: standby.outs.clientId, clientName: standby.outs.name },
      rotationKey: rotationKey(inputs.trigger),
    };
    let stored: StoredCredential;
    try {
      stored = await writeSecret(this.deps, store, record);
    } catch (error) {
      await this.deleteMembers(
        made.map((m) => m.outs.clientId),
        error,
      );
      throw new GuardError(
        "provider.create-rolled-back",
        `The client pair's record could not be written to ${store.reference} (${describeError(error)}); both clients were deleted again, nothing was created`,
        { hint: "Fix the store (credentials, permissions, reachability) and run pulumi up again" },
      );
    }
    // The standby's creation secret is not kept anywhere: the first rotation regenerates it anyway.
    const outs: ClientPairOutputs = {
      ...inputs,
      clientIds: made.map((m) => m.outs.clientId),
      currentClientId: current.outs.clientId,
      standbyClientId: standby.outs.clientId,
      members: made.map((m) => m.outs),
      rotationId,
      rotatedAt: rotatedAt.toISOString(),
      storeVersion: stored.version,
      secretMarker: secretMarker(current.outs.clientId, current.secret),
    };
    return { id: `pair/${current.outs.clientId}/${standby.outs.clientId}`, outs };
  }

  /** Refresh both clients; a client deleted outside Pulumi gets an empty id and is re-created by the next up. */
  async read(id: string, props: ClientPairOutputs): Promise<pulumi.dynamic.ReadResult<ClientPairOutputs>> {
    const inner = this.memberProvider();
    const members: OAuthClientOutputs[] = [];
    for (const member of props.members ?? []) {
      if (!member.clientId) {
        members.push(member);
        continue;
      }
      const refreshed = await inner.read(member.clientId, member);
      members.push(refreshed.id && refreshed.props ? refreshed.props : { ...member, clientId: "" });
    }
    if (members.length === 2 && members.every((m) => !m.clientId)) return { id: "" };
    const first = members[0];
    const outs: ClientPairOutputs = { ...props, members };
    // The shared settings as Genesys has them (from the first live member; names drop the suffix).
    const live = members.find((m) => m.clientId) ?? first;
    const liveIndex = members.indexOf(live);
    outs.name = live.name.endsWith(MEMBER_SUFFIXES[liveIndex]) ? live.name.slice(0, -MEMBER_SUFFIXES[liveIndex].length) : live.name;
    for (const key of ["description", "authorizedGrantType", "roles", "scopes", "redirectUris", "accessTokenValiditySeconds", "state"] as const) {
      (outs as unknown as Record<string, unknown>)[key] = live[key];
    }
    // The engine's ReadResult types inputs like outputs; only the input fields are given.
    return { id, props: outs, inputs: pairInputsOf(outs) as ClientPairOutputs };
  }

  /**
   * In order: re-create a member deleted outside Pulumi, PUT both when a shared setting changed, copy the
   * record when the store changed, rotate when the trigger changed (or a member was re-created).
   */
  async update(id: string, olds: ClientPairOutputs, news: ClientPairInputs): Promise<pulumi.dynamic.UpdateResult<ClientPairOutputs>> {
    const inner = this.memberProvider();
    const members: OAuthClientOutputs[] = [];
    let recreated = false;
    for (const index of [0, 1]) {
      const old = olds.members[index];
      if (!old?.clientId) {
        // Gone from Genesys: a new standby-to-be; the rotation below gives the store a verified pair.
        members.push((await this.createMember(news, index)).outs);
        recreated = true;
      } else {
        members.push(memberOutputs(await inner.update(old.clientId, old, this.memberInputs(news, index, old.secretStore))));
      }
    }
    let outs: ClientPairOutputs = { ...olds, ...news, members, clientIds: members.map((m) => m.clientId) };
    if (olds.secretStore !== news.secretStore) {
      const moved = await this.moveRecord(outs, olds.secretStore, news.secretStore);
      if (moved) outs = { ...outs, storeVersion: moved.version };
      else return { outs: await this.rotate(outs, news, "the old store holds no record of this pair") };
    }
    if (recreated || pairRotationDue(olds, news)) outs = await this.rotate(outs, news);
    return { outs };
  }

  /** Delete both clients; the record only with `deleteSecretOnDestroy` and only if it is still this pair's. */
  async delete(_id: string, props: ClientPairOutputs): Promise<void> {
    const genesys = this.deps.genesys();
    const ids = (props.members ?? []).map((m) => m.clientId).filter((c) => c);
    for (const clientId of ids) await genesys.deleteClient(clientId);
    if (props.deleteSecretOnDestroy && props.secretStore) {
      const store = this.deps.openStore(props.secretStore);
      const current = await store.read();
      if (current && ids.includes(current.record.clientId)) await store.remove();
    }
  }

  /**
   * One rotation: regenerate the standby → store it as pending → verify it → flip in one write. Also used
   * by `update` for a store move without a record to copy (`reason`).
   */
  async rotate(outs: ClientPairOutputs, inputs: ClientPairInputs, reason?: string): Promise<ClientPairOutputs> {
    const store = this.deps.openStore(inputs.secretStore);
    // A store that cannot be written fails while nothing has changed.
    await store.checkWritable();
    const genesys = this.deps.genesys();
    const ids = outs.members.map((m) => m.clientId);
    const existing = await store.read();
    const key = rotationKey(inputs.trigger);
    const stored = existing && ids.includes(existing.record.clientId) ? existing : undefined;

    // A rotation that flipped but was not recorded by the engine (crash after the flip): adopt it, rather
    // than regenerating the client consumers just switched away from (some may still hold it).
    if (stored && !stored.record.pending && stored.record.rotationKey === key && stored.record.rotationId !== outs.rotationId && !reason) {
      warn(`client pair ${ids.join("/")}: rotation ${stored.record.rotationId} for this trigger already finished; recording it without rotating again`);
      return this.outputsFrom(outs, inputs, stored);
    }
    if (stored?.record.pending) {
      const p = stored.record.pending;
      warn(
        `client pair ${ids.join("/")}: a previous rotation (id ${p.rotationId}, started ${p.startedAt}) did not finish; ` +
          `consumers kept using client ${stored.record.clientId}; regenerating the standby ${p.clientId} again`,
      );
    }
    const currentId = stored ? stored.record.clientId : ids.includes(outs.currentClientId) ? outs.currentClientId : ids[0];
    const standbyIndex = ids[0] === currentId ? 1 : 0;
    const standbyId = ids[standbyIndex];
    const currentMember = outs.members[1 - standbyIndex];
    const rotationId = `pair-rotation-${this.deps.randomId()}`;
    const startedAt = this.deps.now();

    let regenerated: { secret: string; name?: string };
    try {
      regenerated = await regenerateSecret(genesys, standbyId, this.deps.sleep);
    } catch (error) {
      if (isGuardError(error, "genesys.not-found")) {
        throw new GuardError(
          "genesys.not-found",
          `Cannot rotate the standby client ${standbyId} of the pair: no such client. Consumers keep using ${currentId}.`,
          {
            hint: "Run pulumi refresh so the pair notices it is gone, then pulumi up to re-create it",
          },
        );
      }
      throw error;
    }
    const secret = regenerated.secret;
    registerSecret(secret);
    await failpoint("pair:after-regenerate-standby");
    // Nobody uses the standby: from here to the flip, any failure leaves consumers exactly as they were.
    const unchanged = `Consumers keep using client ${currentId} (unchanged in ${store.reference}); the next pulumi up rotates the standby again.`;
    if (stored) {
      const pendingRecord: CredentialRecord = {
        ...stored.record,
        standby: { clientId: standbyId, clientName: regenerated.name ?? outs.members[standbyIndex].name },
        pending: { rotationId, startedAt: startedAt.toISOString(), clientId: standbyId, clientSecret: secret },
      };
      try {
        await writeSecret(this.deps, store, pendingRecord);
      } catch (error) {
        throw new GuardError(
          "rotation.incomplete",
          `The standby client ${standbyId} was regenerated but could not be stored as pending in ${store.reference}: ${describeError(error)}. ${unchanged}`,
          {
            hint: "Fix the store, then run pulumi up",
          },
        );
      }
    }
    await failpoint("pair:after-store-pending");
    const verified = await verifySecret(this.deps, genesys, standbyId, secret, inputs.verifyTimeoutSeconds * 1000).catch((error: unknown) => {
      throw new GuardError(
        "rotation.verify-failed",
        `Verifying the new secret of the standby client ${standbyId} failed: ${describeError(error)}. ${unchanged}`,
      );
    });
    if (!verified) {
      throw new GuardError(
        "rotation.verify-failed",
        `Genesys did not accept the new secret of the standby client ${standbyId} within ${inputs.verifyTimeoutSeconds} s. ${unchanged}`,
        {
          hint: "Raise verifyTimeoutSeconds if Genesys is slow to propagate new secrets",
        },
      );
    }
    const rotatedAt = this.deps.now();
    // The flip: one write makes the verified standby current and the old current the standby.
    const flipped: CredentialRecord = {
      ...credentialRecord(this.deps, {
        clientId: standbyId,
        clientSecret: secret,
        rotationId,
        rotatedAt,
        clientName: regenerated.name ?? outs.members[standbyIndex].name,
      }),
      standby: { clientId: currentMember.clientId, clientName: currentMember.name },
      rotationKey: key,
    };
    let written: StoredCredential;
    try {
      written = await writeSecret(this.deps, store, flipped);
    } catch (error) {
      throw new GuardError(
        "rotation.incomplete",
        `The standby client ${standbyId} has a new, verified secret but the flip could not be written to ${store.reference}: ${describeError(error)}. ${unchanged}`,
        { hint: "Fix the store, then run pulumi up" },
      );
    }
    await failpoint("pair:after-flip");
    return this.outputsFrom(outs, inputs, written);
  }

  /** Outputs after a record of this pair was written (or found) in the store. */
  private outputsFrom(outs: ClientPairOutputs, inputs: ClientPairInputs, stored: StoredCredential): ClientPairOutputs {
    const currentId = stored.record.clientId;
    return {
      ...outs,
      ...inputs,
      currentClientId: currentId,
      standbyClientId: outs.members.map((m) => m.clientId).find((c) => c !== currentId) ?? "",
      rotationId: stored.record.rotationId,
      rotatedAt: stored.record.rotatedAt,
      storeVersion: stored.version,
      secretMarker: secretMarker(currentId, stored.record.clientSecret),
    };
  }

  /** Copy this pair's record to a new store; undefined when the old store has none. */
  private async moveRecord(outs: ClientPairOutputs, from: string, to: string): Promise<StoredCredential | undefined> {
    const target = this.deps.openStore(to);
    await target.checkWritable();
    let current: StoredCredential | undefined;
    try {
      current = await this.deps.openStore(from).read();
    } catch (error) {
      throw new GuardError("store.io", `Cannot read the client pair's record from ${from} to move it to ${to}: ${describeError(error)}`, {
        hint: "Give this run access to the old store so the record can be copied (nothing was changed)",
      });
    }
    if (!current || !outs.clientIds.includes(current.record.clientId)) return undefined;
    const { pending: _p, ...record } = current.record;
    return writeSecret(this.deps, target, record);
  }

  /** POST one member through the OAuthClient provider; its secret comes back from the capture store. */
  private async createMember(inputs: ClientPairInputs, index: number): Promise<{ outs: OAuthClientOutputs; secret: string }> {
    const capture = new CaptureStore(inputs.secretStore);
    const created = await this.memberProvider(capture).create(this.memberInputs(inputs, index, inputs.secretStore));
    const secret = capture.captured?.clientSecret;
    if (!secret)
      throw new GuardError("provider.orphan", `Client ${created.id} was created but its secret did not come back`, {
        hint: `Delete client ${created.id} in Genesys Cloud`,
      });
    return { outs: memberOutputs(created), secret };
  }

  /** The OAuthClient provider for the members, writing to `capture` (never to the real store). */
  private memberProvider(capture: SecretStore = new CaptureStore("")): OAuthClientProvider {
    return new OAuthClientProvider({ ...this.deps, openStore: () => capture });
  }

  /** Member `index`'s OAuthClient inputs: the shared settings with a suffixed name, no secret output. */
  private memberInputs(inputs: ClientPairInputs, index: number, secretStore: string): OAuthClientInputs {
    return {
      name: isUnknown(inputs.name) ? inputs.name : `${inputs.name}${MEMBER_SUFFIXES[index]}`,
      description: inputs.description,
      authorizedGrantType: inputs.authorizedGrantType,
      roles: inputs.roles,
      scopes: inputs.scopes,
      redirectUris: inputs.redirectUris,
      accessTokenValiditySeconds: inputs.accessTokenValiditySeconds,
      state: inputs.state,
      // The members keep the store they were created with: the pair, not the member provider, moves records.
      secretStore,
      deleteSecretOnDestroy: false,
      exposeSecretAsOutput: false,
    };
  }

  /** Delete clients made by a failed create; a failure to delete is named, not hidden. */
  private async deleteMembers(clientIds: string[], cause: unknown): Promise<void> {
    const genesys = this.deps.genesys();
    const orphans: string[] = [];
    for (const clientId of clientIds) {
      try {
        await genesys.deleteClient(clientId);
      } catch {
        orphans.push(clientId);
      }
    }
    if (orphans.length > 0) {
      throw new GuardError(
        "provider.orphan",
        `Creating the client pair failed (${describeError(cause)}) and deleting client(s) ${orphans.join(", ")} failed too`,
        {
          hint: `Delete ${orphans.join(", ")} in Genesys Cloud, then run pulumi up again`,
        },
      );
    }
  }
}

/** The input view of pair outputs (what refresh reports as the resource's inputs). */
function pairInputsOf(outs: ClientPairOutputs): ClientPairInputs {
  return {
    name: outs.name,
    description: outs.description,
    authorizedGrantType: outs.authorizedGrantType,
    roles: outs.roles,
    scopes: outs.scopes,
    redirectUris: outs.redirectUris,
    accessTokenValiditySeconds: outs.accessTokenValiditySeconds,
    state: outs.state,
    secretStore: outs.secretStore,
    deleteSecretOnDestroy: outs.deleteSecretOnDestroy,
    trigger: outs.trigger,
    verifyTimeoutSeconds: outs.verifyTimeoutSeconds,
  };
}
