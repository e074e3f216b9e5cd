/**
 * The benchmark corpus: one `pulumi stack export` (version 3, pretty-printed like the CLI) of about the
 * requested size — thousands of realistic non-secret resources with batches of seeded leaks of every kind
 * spread through the file. Written as a stream, so generating 100 MB does not need 100 MB of memory.
 */
import * as fs from "fs";
import { cleanStack, fillerResource, prng, seedLeaks, urn, type FixtureResource, type SeededLeak } from "../../tests/support/fixtures/state-builder";

/** What was generated. */
export interface Corpus {
  file: string;
  bytes: number;
  resources: number;
  leaks: SeededLeak[];
  /** The secret seeded for `--against-store` matches. */
  storedSecret: string;
}

function indent(resource: FixtureResource): string {
  return "            " + JSON.stringify(resource, null, 4).replace(/\n/g, "\n            ");
}

/** Points the store references of a resource of ours (`secretStore`/`storeReference`, inputs and outputs) at `reference`. */
function nameStore(resource: FixtureResource, reference: string): void {
  for (const bag of [resource.inputs, resource.outputs]) {
    for (const key of ["secretStore", "storeReference"]) if (bag && typeof bag[key] === "string") bag[key] = reference;
  }
}

/**
 * Writes a corpus of about `targetBytes` to `file` with `batches` batches of seeded leaks. With
 * `storeReference`, the OAuthClients and SecretRotations of every batch name that store (instead of
 * `vault://` references), so that an audit reading the stores the state names reads it.
 */
export function writeCorpus(file: string, targetBytes: number, batches = 10, seed = 2026, storeReference?: string): Corpus {
  const fd = fs.openSync(file, "w");
  let bytes = 0;
  const write = (text: string): void => {
    const buf = Buffer.from(text, "utf8");
    fs.writeSync(fd, buf);
    bytes += buf.length;
  };
  const rand = prng(seed);
  const storedSecret = "Zr4QmX8pLw2TnV6bKc9HsJ";
  write(
    '{\n    "version": 3,\n    "deployment": {\n        "manifest": {\n            "time": "2026-11-20T10:00:00.000Z",\n            "magic": "6d7f2f0a1f0c7c3b",\n            "version": "v3.248.0"\n        },\n',
  );
  write(
    '        "secrets_providers": {\n            "type": "passphrase",\n            "state": {\n                "salt": "v1:Qm9ndXNTYWx0PQ==:v1:abc:def"\n            }\n        },\n        "resources": [\n',
  );
  const leaks: SeededLeak[] = [];
  let count = 0;
  let first = true;
  const emit = (r: FixtureResource): void => {
    write((first ? "" : ",\n") + indent(r));
    first = false;
    count++;
  };
  const project = "bench";
  const stack = "prod";
  const root = urn(project, stack, "pulumi:pulumi:Stack", `${project}-${stack}`);
  let nextBatch = 0;
  let i = 0;
  while (bytes < targetBytes - 2000 || nextBatch < batches) {
    if (nextBatch < batches && bytes >= (nextBatch * targetBytes) / batches) {
      // A batch: a small stack of ours with every kind of leak (its own project name keeps URNs distinct).
      const p = `leaky-${nextBatch}`;
      const resources = cleanStack({ project: p, stack, seed: seed + nextBatch });
      leaks.push(
        ...seedLeaks(resources, {
          project: p,
          stack,
          seed: seed * 7 + nextBatch,
          showSecrets: true,
          storedSecret: nextBatch % 3 === 0 ? storedSecret : undefined,
        }),
      );
      if (storeReference) resources.forEach((r) => nameStore(r, storeReference));
      for (const r of resources) emit(r);
      nextBatch++;
      continue;
    }
    emit(fillerResource(project, stack, root, rand, i++));
  }
  write("\n        ]\n    }\n}\n");
  fs.closeSync(fd);
  return { file, bytes, resources: count, leaks, storedSecret };
}
