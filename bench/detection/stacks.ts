/**
 * The stacks the detection benchmark feeds to the consumers, as export texts: random secrets of the Genesys
 * shape (uniform over the alphabet, lengths 16/20/21/22: the real distribution, no re-draw), a file store
 * holding one, and the corpus cases of tests/leaks/ (shape variants, clean corpus) written as exports —
 * optionally with an OAuthClient of ours that names the store, so that known mode has a store to read.
 */
import * as path from "path";
import { FileStore } from "../../stores/file-store";
import { CREDENTIAL_SCHEMA } from "../../stores/store";
import type { CorpusCase } from "../../tests/leaks/clean/corpus";
import type { Rand } from "../../tests/leaks/random";
import { corpusUrn } from "../../tests/leaks/run";
import { exportText, type FixtureResource } from "../../tests/support/fixtures/state-builder";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const OAUTH = "pulumi-nodejs:dynamic/genesys-oauth-guard:OAuthClient";

/** A uniformly random client secret (16, 20, 21 or 22 characters of `[A-Za-z0-9_-]`). */
export function randomSecret(r: Rand): string {
  return r.chars(r.pick([16, 20, 21, 22]), ALPHABET);
}

/** A file store under `dir` named `name` holding `secret` for `clientId`; returns its `file://` reference. */
export async function writeFileStore(dir: string, name: string, clientId: string, secret: string): Promise<string> {
  const file = path.join(dir, "stores", name);
  await new FileStore({ kind: "file", path: file }, {}).write({
    schema: CREDENTIAL_SCHEMA,
    clientId,
    clientSecret: secret,
    rotationId: "bench",
    rotatedAt: "2026-11-01T00:00:00.000Z",
  });
  return `file://${file}`;
}

/** Our OAuthClient naming `storeReference` (as a corpus resource; the opted-in output is not exposed). */
export function ourClient(storeReference: string, clientId: string): CorpusCase["resources"][number] {
  const props = {
    name: "ci-pipeline",
    authorizedGrantType: "CLIENT-CREDENTIALS",
    roles: [{ role: "Developer", division: "*" }],
    secretStore: storeReference,
    exposeSecretAsOutput: false,
    rotation: { every: "30d" },
    clientId,
    secretMarker: "sha256:4f1d0c9a7b3e2d18",
  };
  return { type: OAUTH, name: "ci-client", id: clientId, inputs: { ...props }, outputs: { ...props } };
}

/** A corpus case as a version-3 export (root stack with its outputs, then every resource under it). */
export function caseExport(c: CorpusCase, extra: CorpusCase["resources"] = []): string {
  const root = corpusUrn("pulumi:pulumi:Stack", "proj-dev");
  const resources: FixtureResource[] = [
    { urn: root, custom: false, type: "pulumi:pulumi:Stack", outputs: c.stackOutputs },
    ...[...extra, ...c.resources].map((r) => ({
      urn: corpusUrn(r.type, r.name),
      custom: true,
      type: r.type,
      parent: root,
      ...(r.id !== undefined ? { id: r.id } : {}),
      ...(r.inputs ? { inputs: r.inputs } : {}),
      outputs: r.outputs,
      ...(r.type === OAUTH ? { additionalSecretOutputs: ["clientSecret"] } : {}),
    })),
  ];
  return exportText(resources);
}
