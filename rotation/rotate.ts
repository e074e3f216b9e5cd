/**
 * The one write-ahead rotation of a client's secret, run by the SecretRotation provider and by
 * `genesys-oauth-guard rotate` (docs/FAULTS.md, "Write-ahead rotation"):
 *
 *   checkWritable → read → write-ahead intent (`pending`) → regenerate → write the new secret (marks the
 *   intent done) → verify with a token grant, polled while Genesys propagates it.
 *
 * A misconfigured store fails before the old secret is invalidated. A process that dies between regenerate
 * and the store write loses the secret it generated; the next run finds the intent still pending, tells
 * from one token grant where the dead run stopped, says so, and rotates again (the only way to get a secret
 * back). Any failure after the regenerate says that the next run converges.
 */
import { GuardError, isGuardError } from "../core/errors";
import { failpoint } from "../core/failpoints";
import type { CredentialRecord } from "../stores/store";
import { credentialRecord, describeError, regenerateSecret, secretMarker, verifySecret, writeSecret } from "./delivery";
import type { RotationDeps, RotationLogger } from "./ports";

/** What to rotate. */
export interface RotationRequest {
  clientId: string;
  /** The store reference the new secret goes to. */
  secretStore: string;
  /** How long to poll a token grant with the new secret while Genesys propagates it. */
  verifyTimeoutSeconds: number;
}

/** How a rotation names its work: an OAuthClient adoption runs the same steps under its own names. */
export interface RotateOptions {
  /** Prefix of the failpoints this rotation stops at: `rotation` (default) or `adopt`. */
  phase?: "rotation" | "adopt";
  /** Prefix of the new rotation id (default `rotation`); the id is `<prefix>-<random>`. */
  rotationIdPrefix?: string;
}

/** A finished, verified rotation. `secret` is registered for redaction; callers decide whether it leaves memory. */
export interface RotationResult {
  rotationId: string;
  /** When the new secret was issued (ISO 8601). */
  rotatedAt: string;
  storeVersion: string;
  secretMarker: string;
  verified: true;
  secret: string;
}

/**
 * Rotate `request.clientId`'s secret into `request.secretStore`: two Genesys calls (regenerate, one token
 * grant when the secret is accepted at once) plus the store's own. Throws `rotation.incomplete` /
 * `rotation.verify-failed` for failures after the regenerate, the store's code before it.
 */
export async function rotateSecret(deps: RotationDeps, request: RotationRequest, logger: RotationLogger, options: RotateOptions = {}): Promise<RotationResult> {
  const { clientId } = request;
  const phase = options.phase ?? "rotation";
  const store = deps.openStore(request.secretStore);
  await store.checkWritable();
  const genesys = deps.genesys();
  const rotationId = `${options.rotationIdPrefix ?? "rotation"}-${deps.randomId()}`;
  const startedAt = deps.now();
  const existing = await store.read();
  const unfinished = existing?.record.pending;
  const lost = unfinished?.clientId === clientId && !unfinished.clientSecret ? unfinished : undefined;
  let recovery = "";
  if (lost && existing) {
    // One token grant tells the two crash points apart: before regenerate the stored secret still works.
    const stillWorks =
      existing.record.clientId === clientId &&
      (await genesys.checkCredentials(clientId, existing.record.clientSecret).then(
        (c) => c.ok,
        () => false,
      ));
    recovery = stillWorks
      ? `A previous rotation (id ${lost.rotationId}, started ${lost.startedAt}) did not finish; it stopped before regenerating (the stored secret still works); rotating now.`
      : `A previous rotation (id ${lost.rotationId}, started ${lost.startedAt}) did not finish: the secret it generated was lost; rotating again.`;
  }
  if (recovery) logger.warn(`client ${clientId}: ${recovery}`);
  const story = recovery ? recovery + " " : "";
  // The intent only makes sense next to this client's current record; an empty store (or another client's
  // record, or a move to a new store) has nothing consumers could keep reading.
  if (existing?.record.clientId === clientId) {
    const intent: CredentialRecord = { ...existing.record, pending: { rotationId, startedAt: startedAt.toISOString(), clientId } };
    try {
      await writeSecret(deps, store, intent);
    } catch (error) {
      // Nothing changed yet: say so (and what an earlier run left behind), keeping the store's own code.
      const code = error instanceof GuardError ? error.code : "store.io";
      throw new GuardError(
        code,
        `${story}Could not record the rotation of client ${clientId} in ${store.reference} before regenerating: ${describeError(error)}. Nothing was changed: the current secret still works.`,
        {
          hint: error instanceof GuardError && error.hint ? error.hint : "Fix the store, then run pulumi up",
        },
      );
    }
  }
  // Literal names, one per phase: the crash suites find failpoints by scanning for them.
  await (phase === "adopt" ? failpoint("adopt:before-regenerate") : failpoint("rotation:before-regenerate"));
  // No separate existence check: regenerate answers 404 for a missing client, before anything changed.
  let regenerated: { secret: string; name?: string };
  try {
    regenerated = await regenerateSecret(genesys, clientId, deps.sleep);
  } catch (error) {
    if (isGuardError(error, "genesys.not-found")) {
      throw new GuardError("genesys.not-found", `Cannot rotate the secret of client ${clientId}: no such client`, {
        hint: "Run pulumi refresh so the OAuthClient notices it is gone, then pulumi up to create it again",
      });
    }
    throw error;
  }
  await (phase === "adopt" ? failpoint("adopt:after-regenerate") : failpoint("rotation:after-regenerate"));
  const secret = regenerated.secret;
  // From here on the old secret is dead: any failure must say that the next run converges.
  const rotatedAt = deps.now();
  let storeVersion: string;
  try {
    // A record without `pending` whose rotationId is the intent's: this write marks the intent done.
    const stored = await writeSecret(
      deps,
      store,
      credentialRecord(deps, { clientId, clientSecret: secret, rotationId, rotatedAt, clientName: regenerated.name }),
    );
    storeVersion = stored.version;
  } catch (error) {
    throw new GuardError(
      "rotation.incomplete",
      `${story}The secret of client ${clientId} was regenerated but could not be written to ${store.reference}: ${describeError(error)}. ` +
        "The old secret no longer works. The rotation was not recorded, so the next pulumi up will rotate again and converge.",
      { hint: "Fix the store, then run pulumi up" },
    );
  }
  await (phase === "adopt" ? failpoint("adopt:after-store-write") : failpoint("rotation:after-store-write"));
  const verified = await verifySecret(deps, genesys, clientId, secret, request.verifyTimeoutSeconds * 1000).catch((error: unknown) => {
    throw new GuardError(
      "rotation.verify-failed",
      `The new secret of client ${clientId} is in ${store.reference} (version ${storeVersion}) but verifying it failed: ${describeError(error)}. ` +
        "The rotation was not recorded, so the next pulumi up will rotate again and converge.",
    );
  });
  if (!verified) {
    throw new GuardError(
      "rotation.verify-failed",
      `The new secret of client ${clientId} is in ${store.reference} (version ${storeVersion}) but Genesys did not accept it within ${request.verifyTimeoutSeconds} s. ` +
        "The rotation was not recorded, so the next pulumi up will rotate again and converge.",
      { hint: "Raise verifyTimeoutSeconds if Genesys is slow to propagate new secrets" },
    );
  }
  return { rotationId, rotatedAt: rotatedAt.toISOString(), storeVersion, secretMarker: secretMarker(clientId, secret), verified: true, secret };
}
