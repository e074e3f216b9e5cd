/**
 * The OAuthClient dynamic provider's implementation. It is loaded at run time (by package name) by the
 * tiny provider object in `serialized.ts`, so none of this code, and nothing it reads, is ever serialized
 * into state.
 *
 * Replace rules: a change of `authorizedGrantType` replaces the client (create-before-delete). Genesys'
 * PUT would accept it, but a grant type is what a secret is for: a CLIENT-CREDENTIALS secret turned into a
 * browser-flow client (or back) must not keep working for consumers that hold it, and roles/scopes flip
 * between required and ignored. Every other Genesys field is a full PUT in place. A change of `secretStore`
 * copies the current secret from the old store to the new one (no regeneration, consumers of either keep
 * working); only when the old store holds no secret for this client is the secret regenerated.
 *
 * Lost create responses: the POST carries a one-time marker `[goag-create:<nonce>]` at the end of the
 * description (the API has no idempotency key). When the response is lost after the server may have
 * acted, the clients are listed and the one with the marker is adopted; its secret is regenerated because
 * the lost response held the only copy. Once the secret is stored, a PUT restores the plain description.
 */
import * as pulumi from "@pulumi/pulumi";
import { isDeepStrictEqual } from "util";
import { GuardError, isGuardError } from "../core/errors";
import { debug } from "../core/log";
import { registerSecret } from "../core/redact";
import type { StoredCredential } from "../stores/store";
import { failpoint } from "../core/failpoints";
import {
  adoptionDifferences,
  adoptionPlan,
  adoptionWarning,
  clientToAdopt,
  importedAdoptionPlan,
  importedAdoptionWarning,
  isImportedState,
  isNewResource,
  roleGrantsOf,
} from "./adoption";
import { warn } from "./engine-log";
import { SecretRotationProvider } from "./rotation-impl";
import type { GenesysApi, GenesysClientRecord, GenesysClientRequest, ProviderDeps } from "./ports";
import { ALL_FIELDS, fieldsFromClient, fieldChanged, GENESYS_FIELDS, inputsOf, outputsFromClient, REPLACE_ON_CHANGE, toRequest } from "./client-fields";
import { resolveRoles } from "./roles";
import { credentialRecord, describeError, mayHaveActed, regenerateSecret, secretMarker, verifySecret, writeSecret } from "../rotation/delivery";
import { checkOAuthClientInputs, isUnknown, normaliseGrantType } from "./validation";
import {
  CLIENT_STATES,
  ClientState,
  ImportedClientInputs,
  ImportedClientOutputs,
  OAuthClientInputs,
  OAuthClientOutputs,
  SecretRotationInputs,
  SecretRotationOutputs,
} from "./types";

/** How long an adoption keeps trying a token grant with the regenerated secret (as SecretRotation's default). */
const ADOPTION_VERIFY_TIMEOUT_SECONDS = 120;

/** How long a secret an interrupted adoption stored gets to prove it works before the adoption regenerates instead. */
const EARLIER_ADOPTION_VERIFY_TIMEOUT_SECONDS = 20;

/** The field mapping moved to client-fields.ts; re-exported for callers of this module. */
export { fieldChanged, REPLACE_ON_CHANGE, toRequest };

/** The creation marker appended to the description of a client being created. */
export function createMarker(nonce: string): string {
  return `[goag-create:${nonce}]`;
}

/** What {@link OAuthClientProvider.readForImport} and {@link OAuthClientProvider.refreshImported} return. */
export interface ImportedReadResult {
  /** The client's id; empty when it is gone. */
  id: string;
  props?: ImportedClientOutputs;
  inputs?: ImportedClientInputs;
}

/** The OAuthClient provider: check/diff/create/read/update/delete over {@link ProviderDeps}. */
export class OAuthClientProvider {
  constructor(private readonly deps: ProviderDeps) {}

  /**
   * Validate inputs at preview. No API call, except for a resource that adopts an existing client and is
   * not in the stack yet: once its inputs are valid, the live client is read (GET) so that an id that does
   * not exist fails the preview, and the settings that up will update in place are listed in the input
   * `adoption` (shown by `pulumi preview --diff`) and in a warning.
   */
  async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult<OAuthClientInputs>> {
    const { inputs, failures } = checkOAuthClientInputs(news, (ref) => this.deps.parseStoreReference(ref));
    // `import` only matters while the resource is not in the stack: a later replacement creates a new
    // client, and dropping the id here keeps it out of every diff (removing `import` changes nothing).
    if (!isNewResource(olds)) {
      delete inputs.adoptClientId;
      if (!isImportedState(olds)) return { inputs, failures };
      // `pulumi import` validates the settings it read (old and new inputs are both those): they cannot name a
      // store, which only the program gives. Anything else it reports is real.
      if (isDeepStrictEqual(olds, news)) return { inputs, failures: failures.filter((f) => f.property !== "secretStore") };
      // A client `pulumi import` brought in and no up adopted yet: the first up does (see update()); say so.
      if (failures.length === 0) {
        const imported: Partial<OAuthClientInputs> = olds;
        inputs.adoption = importedAdoptionPlan(imported, inputs);
        warn(importedAdoptionWarning(imported, inputs));
      }
      return { inputs, failures };
    }
    if (inputs.adoptClientId === undefined || isUnknown(inputs.adoptClientId) || failures.length > 0) return { inputs, failures };
    try {
      const genesys = this.deps.genesys();
      const live = await clientToAdopt(genesys, inputs.adoptClientId, this.deps.now());
      const differences = await adoptionDifferences(genesys, inputs, live);
      inputs.adoption = adoptionPlan(live.id, inputs.secretStore, differences);
      warn(adoptionWarning(live, inputs.secretStore, differences));
    } catch (error) {
      failures.push({ property: "adoptClientId", reason: describeError(error) });
    }
    return { inputs, failures };
  }

  /** Which inputs changed, and whether the client must be replaced. */
  async diff(_id: string, olds: OAuthClientOutputs | ImportedClientOutputs, news: OAuthClientInputs): Promise<pulumi.dynamic.DiffResult> {
    // An imported client not adopted yet: the first up adopts it, updating every difference in place (the secret
    // is regenerated anyway, so a grant-type change does not need a new client).
    if (isImportedState(olds as unknown as Record<string, unknown>)) return { changes: true, replaces: [], deleteBeforeReplace: false };
    const changed = ALL_FIELDS.filter((f) => fieldChanged(f, olds, news));
    const replaces = changed.filter((f) => REPLACE_ON_CHANGE.includes(f));
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  }

  /** Create the client and deliver its secret to the store; roll back the client if the store fails. */
  async create(inputs: OAuthClientInputs): Promise<pulumi.dynamic.CreateResult<OAuthClientOutputs>> {
    if (inputs.adoptClientId !== undefined) return this.adoptExisting(inputs, inputs.adoptClientId);
    const genesys = this.deps.genesys();
    const store = this.deps.openStore(inputs.secretStore);
    // A store that cannot be written fails the create before a client (and a secret) exists.
    await store.checkWritable();
    const roleDivisions = await resolveRoles(genesys, inputs.roles);
    // The marker is stable per resource when the class gave an adoption key, so a client left by a
    // create that was killed (after the POST, before the engine recorded it) is found and adopted.
    const nonce = inputs.adoptionKey ?? this.deps.randomId();
    const marker = createMarker(nonce);
    const markedDescription = inputs.description ? `${inputs.description} ${marker}` : marker;
    const leftover = inputs.adoptionKey ? await this.findByMarker(genesys, marker, 1) : undefined;
    const created = leftover
      ? await this.adopt(genesys, leftover)
      : await this.createWithRecovery(genesys, toRequest(inputs, roleDivisions, markedDescription), marker);
    const secret = created.secret;
    registerSecret(secret);
    // Crash tests stop here: the client exists and only this process holds its secret.
    await failpoint("create:after-post");

    // Unique per attempt: an adopted client's new secret must not look like the earlier attempt's write.
    const rotationId = `create-${nonce}-${this.deps.randomId()}`;
    const rotatedAt = this.deps.now();
    let stored: StoredCredential;
    try {
      stored = await writeSecret(
        this.deps,
        store,
        credentialRecord(this.deps, {
          clientId: created.id,
          clientSecret: secret,
          rotationId,
          rotatedAt,
          clientName: inputs.name,
        }),
      );
    } catch (error) {
      await this.rollback(genesys, created.id, store.reference, error);
      throw error; // unreachable: rollback always throws
    }

    // Crash tests stop here: the secret is stored, the engine has not recorded the client yet. The marker
    // is still on the client, so a create after a crash here adopts it. (Only a crash between the PUT
    // below and the engine's state write leaves a client no later run finds: see docs/FAULTS.md.)
    await failpoint("create:after-store-write");

    // The secret is safe; drop the creation marker. If this fails the next `pulumi up` sees the
    // description drift and fixes it, so it is not worth failing a create that otherwise succeeded.
    let client: GenesysClientRecord = created;
    try {
      client = await genesys.updateClient(created.id, toRequest(inputs, roleDivisions, inputs.description));
    } catch (error) {
      debug("provider", `client ${created.id}: could not remove the creation marker from its description (${describeError(error)}); the next update fixes it`);
    }
    const outs: OAuthClientOutputs = {
      ...outputsFromClient(inputs, client, roleDivisions),
      storeVersion: stored.version,
      rotationId,
      secretCreatedAt: rotatedAt.toISOString(),
      secretMarker: secretMarker(created.id, secret),
    };
    if (inputs.exposeSecretAsOutput) outs.clientSecret = secret;
    return { id: created.id, outs };
  }

  /** Refresh: every managed field from Genesys; an empty id when the client is gone. */
  async read(id: string, props: OAuthClientOutputs): Promise<pulumi.dynamic.ReadResult<OAuthClientOutputs>> {
    const client = await this.deps.genesys().getClient(id);
    if (!client) return { id: "" };
    const outs: OAuthClientOutputs = { ...props, ...fieldsFromClient(client, props) };
    return { id, props: outs, inputs: inputsOf(outs) };
  }

  /**
   * `pulumi import` (native provider; the engine reads with the id only): the live client's settings as a program
   * declares them, roles by name, so that the program's args match and a difference is an in-place update. A client
   * that may not be adopted (does not exist, scheduled for deletion, the admin client) fails the import with the
   * adoption's message. The store is unknown until the program names it: the state has none and no secret marker,
   * which is how check/diff/update know the first up must adopt it.
   */
  async readForImport(id: string): Promise<ImportedReadResult> {
    const genesys = this.deps.genesys();
    const live = await clientToAdopt(genesys, id, this.deps.now());
    const inputs = await this.importedInputs(live);
    return { id: live.id, props: this.importedOutputs(live, inputs), inputs };
  }

  /**
   * Refresh of an imported client no up adopted yet ({@link isImportedState}): the live settings again; a client
   * gone from Genesys → empty id, as {@link OAuthClientProvider.read}.
   */
  async refreshImported(id: string, props: ImportedClientOutputs): Promise<ImportedReadResult> {
    const live = await this.deps.genesys().getClient(id);
    if (!live || live.state === "deleted") return { id: "" };
    const inputs = await this.importedInputs(live);
    return { id, props: { ...props, ...this.importedOutputs(live, inputs) }, inputs };
  }

  /** The inputs a program would give for `live` (see {@link OAuthClientProvider.readForImport}). */
  private async importedInputs(live: GenesysClientRecord): Promise<ImportedClientInputs> {
    const authorizedGrantType = normaliseGrantType(live.authorizedGrantType ?? "");
    if (!authorizedGrantType) {
      throw new GuardError(
        "input.invalid",
        `OAuth client ${live.id} ("${live.name}") has the grant type ${JSON.stringify(live.authorizedGrantType)}, which this provider does not manage`,
        {
          hint: "Import clients of the grant types CLIENT-CREDENTIALS, CODE, TOKEN, SAML2-BEARER or PASSWORD",
        },
      );
    }
    const pairs = (live.roleDivisions ?? []).map((rd) => ({ roleId: rd.roleId, divisionId: rd.divisionId }));
    const inputs: ImportedClientInputs = {
      name: live.name,
      description: live.description ?? "",
      authorizedGrantType,
      roles: await roleGrantsOf(this.deps.genesys(), pairs),
      // CLIENT-CREDENTIALS clients ignore scopes (as fieldsFromClient): a program does not list them.
      scopes: authorizedGrantType === "CLIENT-CREDENTIALS" ? [] : (live.scope ?? []),
      redirectUris: live.registeredRedirectUri ?? [],
      accessTokenValiditySeconds: live.accessTokenValiditySeconds ?? 86400,
      state: (CLIENT_STATES as readonly string[]).includes(live.state ?? "") ? (live.state as ClientState) : "active",
    };
    return inputs;
  }

  /** The state of an imported client: its settings and ids, nothing about a secret (none is known or stored yet). */
  private importedOutputs(live: GenesysClientRecord, inputs: ImportedClientInputs): ImportedClientOutputs {
    const outs: ImportedClientOutputs = {
      ...inputs,
      clientId: live.id,
      roleDivisions: (live.roleDivisions ?? []).map((rd) => ({ roleId: rd.roleId, divisionId: rd.divisionId })),
    };
    if (live.dateCreated) outs.dateCreated = live.dateCreated;
    if (live.dateModified) outs.dateModified = live.dateModified;
    return outs;
  }

  /** PUT the whole client when a Genesys field changed; copy the secret when the store changed. */
  async update(
    id: string,
    olds: OAuthClientOutputs | ImportedClientOutputs,
    news: OAuthClientInputs,
  ): Promise<pulumi.dynamic.UpdateResult<OAuthClientOutputs>> {
    // The first up after `pulumi import`: adopt the client exactly as `{ import: id }` does (settings in place, the
    // secret regenerated into the store through the write-ahead rotation, verified).
    if (isImportedState(olds as unknown as Record<string, unknown>)) return { outs: (await this.adoptExisting(news, id)).outs };
    return this.updateManaged(id, olds as OAuthClientOutputs, news);
  }

  /** {@link OAuthClientProvider.update} of a client the stack created or adopted. */
  private async updateManaged(id: string, olds: OAuthClientOutputs, news: OAuthClientInputs): Promise<pulumi.dynamic.UpdateResult<OAuthClientOutputs>> {
    let outs: OAuthClientOutputs = { ...olds, ...news };
    if (GENESYS_FIELDS.some((f) => fieldChanged(f, olds, news))) {
      const genesys = this.deps.genesys();
      const roleDivisions = await resolveRoles(genesys, news.roles);
      const client = await genesys.updateClient(id, toRequest(news, roleDivisions, news.description)).catch((error: unknown) => {
        if (isGuardError(error, "genesys.not-found")) {
          throw new GuardError("genesys.not-found", `Client ${id} no longer exists in Genesys Cloud (deleted outside Pulumi)`, {
            hint: "Run pulumi refresh so the stack forgets it, then pulumi up to create it again",
          });
        }
        throw error;
      });
      outs = { ...outs, ...outputsFromClient(news, client, roleDivisions) };
    }
    if (olds.secretStore && olds.secretStore !== news.secretStore) {
      outs = { ...outs, ...(await this.moveSecret(id, olds, news)) };
    }
    if (!news.exposeSecretAsOutput) delete outs.clientSecret;
    return { outs };
  }

  /** inactive → DELETE → gone; the stored secret is removed only when asked and only if it is this client's. */
  async delete(id: string, props: OAuthClientOutputs): Promise<void> {
    await this.deps.genesys().deleteClient(id);
    if (props.deleteSecretOnDestroy && props.secretStore) {
      const store = this.deps.openStore(props.secretStore);
      const current = await store.read();
      // After a replace the store already holds the new client's secret: leave it alone.
      if (current?.record.clientId === id) await store.remove();
    }
  }

  /**
   * Take over the existing client `id` instead of creating one: the store's `checkWritable()` first → GET
   * (refused as at preview when it is gone) → one PUT when the program's settings differ (never a
   * replace) → the write-ahead rotation SecretRotation uses (intent next to this client's record when the
   * store holds one → regenerate → write → token grant). The old secret must be treated as leaked, so it is
   * always replaced. Killed before the store write, nothing is recorded and the next up adopts again;
   * killed after it, the next up finds the record this adoption wrote and takes it over (see
   * {@link OAuthClientProvider.earlierAdoption}). Outputs are those of a created client.
   */
  private async adoptExisting(inputs: OAuthClientInputs, id: string): Promise<pulumi.dynamic.CreateResult<OAuthClientOutputs>> {
    const genesys = this.deps.genesys();
    const store = this.deps.openStore(inputs.secretStore);
    // A store that cannot be written fails before anything in Genesys changed.
    await store.checkWritable();
    const live = await clientToAdopt(genesys, id, this.deps.now());
    const differences = await adoptionDifferences(genesys, inputs, live);
    const roleDivisions = differences.roleDivisions ?? (await resolveRoles(genesys, inputs.roles));
    let client: GenesysClientRecord = live;
    if (differences.needsUpdate) {
      debug("provider", `adopting client ${id}: updating ${differences.fields.join(", ") || "its deletion date"} in place`);
      client = await genesys.updateClient(id, toRequest(inputs, roleDivisions, inputs.description));
    }
    await failpoint("adopt:after-update");
    const rotation: SecretRotationInputs = {
      clientId: id,
      secretStore: inputs.secretStore,
      trigger: null,
      every: null,
      exposeSecretAsOutput: inputs.exposeSecretAsOutput,
      verifyTimeoutSeconds: ADOPTION_VERIFY_TIMEOUT_SECONDS,
    };
    const prefix = `adopt-${inputs.adoptionKey ?? "client"}`;
    const secret =
      (await this.earlierAdoption(rotation, prefix)) ??
      (await new SecretRotationProvider(this.deps).rotate(rotation, { phase: "adopt", rotationIdPrefix: prefix }));
    const outs: OAuthClientOutputs = {
      ...outputsFromClient(inputs, client, roleDivisions),
      storeVersion: secret.storeVersion,
      rotationId: secret.rotationId,
      secretCreatedAt: secret.rotatedAt,
      secretMarker: secret.secretMarker,
    };
    // The adoption is done: state keeps neither the id to adopt nor the preview's account of it.
    delete outs.adoptClientId;
    delete outs.adoption;
    if (inputs.exposeSecretAsOutput && secret.clientSecret !== undefined) outs.clientSecret = secret.clientSecret;
    return { id, outs };
  }

  /**
   * The secret an earlier adoption of this resource stored before it was killed (before the engine recorded
   * the client): this client's record, written by an adoption with this resource's key (`prefix`), no
   * rotation pending, and it gets a token. Taking it over spares a second regenerate; the secret it replaces
   * (the leaked one) is already dead. Undefined otherwise (then the adoption rotates).
   */
  private async earlierAdoption(rotation: SecretRotationInputs, prefix: string): Promise<SecretRotationOutputs | undefined> {
    const store = this.deps.openStore(rotation.secretStore);
    const current = new SecretRotationProvider(this.deps).adoptable({ ...rotation, adoptOnCreate: true }, await store.read());
    if (!current?.record.rotationId.startsWith(`${prefix}-`)) return undefined;
    const { record } = current;
    registerSecret(record.clientSecret);
    if (!(await verifySecret(this.deps, this.deps.genesys(), rotation.clientId, record.clientSecret, EARLIER_ADOPTION_VERIFY_TIMEOUT_SECONDS * 1000)))
      return undefined;
    warn(
      `client ${rotation.clientId}: an earlier adoption of this resource that did not finish already stored a new secret (rotation id ${record.rotationId}, issued ${record.rotatedAt}) and it works; taking it over without regenerating`,
    );
    const outs: SecretRotationOutputs = {
      ...rotation,
      rotationId: record.rotationId,
      rotatedAt: record.rotatedAt,
      storeVersion: current.version,
      secretMarker: secretMarker(rotation.clientId, record.clientSecret),
      verified: true,
    };
    if (rotation.exposeSecretAsOutput) outs.clientSecret = record.clientSecret;
    return outs;
  }

  /** POST, and after a lost response adopt the client the lost attempt made instead of making another. */
  private async createWithRecovery(genesys: GenesysApi, request: GenesysClientRequest, marker: string): Promise<GenesysClientRecord & { secret: string }> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        return await genesys.createClient(request);
      } catch (error) {
        if (!mayHaveActed(error)) throw error;
        lastError = error;
        debug("provider", `POST /api/v2/oauth/clients: response lost (${describeError(error)}); looking for the client it may have created`);
        const found = await this.findByMarker(genesys, marker);
        if (found) {
          // The lost response held the only copy of the secret: a new one is the only way to get one.
          const { secret } = await regenerateSecret(genesys, found.id, this.deps.sleep);
          return { ...found, secret };
        }
      }
    }
    throw lastError;
  }

  /**
   * A client left by an interrupted create of this resource: its secret may never have been stored (or was
   * stored by a run the engine did not record), so it gets a new one, which this create then stores.
   */
  private async adopt(genesys: GenesysApi, leftover: GenesysClientRecord): Promise<GenesysClientRecord & { secret: string }> {
    warn(
      `adopting OAuth client ${leftover.id} ("${leftover.name}"), left by an earlier create of this resource that did not finish; its secret is regenerated and stored now`,
    );
    const { secret } = await regenerateSecret(genesys, leftover.id, this.deps.sleep);
    return { ...leftover, secret };
  }

  /** The client whose description carries `marker`; listed up to `attempts` times since reads may lag writes. */
  private async findByMarker(genesys: GenesysApi, marker: string, attempts = 3): Promise<GenesysClientRecord | undefined> {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const matches = (await genesys.listClients()).filter((c) => (c.description ?? "").includes(marker) && c.state !== "deleted");
      if (matches.length > 1) {
        throw new GuardError("genesys.ambiguous", `${matches.length} clients carry the creation marker ${marker}`, {
          hint: `Delete the extra clients (${matches.map((c) => c.id).join(", ")}) in Genesys Cloud, then run pulumi up again`,
        });
      }
      if (matches.length === 1) return matches[0];
      if (attempt < attempts) await this.deps.sleep(1_000 * attempt);
    }
    return undefined;
  }

  /** Delete a client whose secret could not be stored; always throws. */
  private async rollback(genesys: GenesysApi, clientId: string, reference: string, cause: unknown): Promise<never> {
    try {
      await genesys.deleteClient(clientId);
    } catch (deleteError) {
      throw new GuardError(
        "provider.orphan",
        `Client ${clientId} was created but its secret could not be written to ${reference} (${describeError(cause)}), and deleting the client failed too (${describeError(deleteError)})`,
        { hint: `Delete client ${clientId} in Genesys Cloud (its secret is lost), fix the store, then run pulumi up again` },
      );
    }
    throw new GuardError(
      "provider.create-rolled-back",
      `The secret of the new client could not be written to ${reference} (${describeError(cause)}); the client was deleted again, nothing was created`,
      { hint: "Fix the store (credentials, permissions, reachability) and run pulumi up again", cause: undefined },
    );
  }

  /** Copy the current secret from the old store to the new one; regenerate only when there is none. */
  private async moveSecret(id: string, olds: OAuthClientOutputs, news: OAuthClientInputs): Promise<Partial<OAuthClientOutputs>> {
    const target = this.deps.openStore(news.secretStore);
    await target.checkWritable();
    let current: StoredCredential | undefined;
    try {
      current = await this.deps.openStore(olds.secretStore).read();
    } catch (error) {
      throw new GuardError(
        "store.io",
        `Cannot read the secret of client ${id} from ${olds.secretStore} to move it to ${news.secretStore}: ${describeError(error)}`,
        {
          hint: "Give this run access to the old store so the secret can be copied (nothing was changed), or delete the resource and create it again",
        },
      );
    }
    if (current?.record.clientId === id) {
      registerSecret(current.record.clientSecret);
      const stored = await writeSecret(this.deps, target, current.record);
      return {
        storeVersion: stored.version,
        rotationId: current.record.rotationId,
        secretCreatedAt: current.record.rotatedAt,
        secretMarker: secretMarker(id, current.record.clientSecret),
      };
    }
    // The old store has no secret of this client (removed outside Pulumi): a new one is the only way.
    const genesys = this.deps.genesys();
    const { secret } = await regenerateSecret(genesys, id, this.deps.sleep);
    const rotationId = `move-${this.deps.randomId()}`;
    const rotatedAt = this.deps.now();
    const stored = await writeSecret(
      this.deps,
      target,
      credentialRecord(this.deps, { clientId: id, clientSecret: secret, rotationId, rotatedAt, clientName: news.name }),
    );
    const out: Partial<OAuthClientOutputs> = {
      storeVersion: stored.version,
      rotationId,
      secretCreatedAt: rotatedAt.toISOString(),
      secretMarker: secretMarker(id, secret),
    };
    if (news.exposeSecretAsOutput) out.clientSecret = secret;
    return out;
  }
}
