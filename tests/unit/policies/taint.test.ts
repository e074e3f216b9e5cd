/**
 * `genesys-no-secret-derived-values` through the harness, with the dependency shapes a real preview sends
 * (verified with Pulumi CLI v3.274.1): per-property dependencies on resources, `dependsOn` only in
 * `dependencies`, and no dependencies at all on the root stack resource for stack outputs.
 */
import { strict as assert } from "assert";
import { noSecretDerivedValues, SECRET_DERIVED_VALUES_POLICY } from "../../../policies/rules";
import { ALL_POLICIES } from "../../../policies/rules";
import { runStack, stackResource, UNKNOWN_STRING, type FakeResource } from "./harness";

const OAUTH = "pulumi-nodejs:dynamic/genesys-oauth-guard:OAuthClient";
const ROTATION = "pulumi-nodejs:dynamic/genesys-oauth-guard:SecretRotation";
const PAIR = "pulumi-nodejs:dynamic/genesys-oauth-guard:ClientPair";
const PLAIN = "pulumi-nodejs:dynamic:Resource";
const SECRET = "Qm7xT2vLp9KdR4sWz8NhY";
const CLIENT_ID = "98133c2f-d52a-42bf-8fd9-0f5682c7d2f9";

/** Our client as the first preview shows it: inputs only, exposeSecretAsOutput set. */
function clientAtFirstPreview(expose: unknown = true): FakeResource {
  return {
    type: OAUTH,
    name: "ci",
    additionalSecretOutputs: ["clientSecret"],
    props: { name: "ci", authorizedGrantType: "CLIENT-CREDENTIALS", secretStore: "file://./.secrets/ci", exposeSecretAsOutput: expose },
  };
}

/** Our client after an up: outputs, with the opted-in secret. */
function clientKnown(): FakeResource {
  return {
    type: OAUTH,
    name: "ci",
    additionalSecretOutputs: ["clientSecret"],
    props: {
      name: "ci",
      clientId: CLIENT_ID,
      secretStore: "file://./.secrets/ci",
      secretMarker: "sha256:b37f1ec203d7b07d",
      exposeSecretAsOutput: true,
      clientSecret: SECRET,
    },
  };
}

function plain(name: string, props: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}, dependsOn: string[] = []): FakeResource {
  return { type: PLAIN, name, props, propertyDependencies, dependsOn };
}

async function run(resources: FakeResource[], config: Record<string, unknown> = {}) {
  const violations = await runStack(noSecretDerivedValues, resources, config);
  for (const v of violations) assert.ok(!v.message.includes(SECRET), "a message never holds the secret");
  return violations;
}

describe("policy genesys-no-secret-derived-values (taint through property dependencies)", () => {
  it("is in the pack, mandatory", () => {
    assert.ok(ALL_POLICIES.includes(noSecretDerivedValues));
    assert.equal(noSecretDerivedValues.name, SECRET_DERIVED_VALUES_POLICY);
    assert.equal(noSecretDerivedValues.enforcementLevel, "mandatory");
  });

  it("first preview: an input computed from the opted-in output is blocked while unknown", async () => {
    const v = await run([clientAtFirstPreview(), plain("b", { value: UNKNOWN_STRING, plain: "x" }, { value: ["ci"] })]);
    assert.equal(v.length, 1);
    assert.match(
      v[0].message,
      /Resource 'b' property 'value': value derived from an exposed client secret \('ci' → 'b'\) is unknown during preview \[genesys-secret-derived, unknown\]/,
    );
    assert.match(v[0].urn ?? "", /::b$/);
  });

  it("an unknown nested inside the property is reported at its path", async () => {
    const v = await run([clientAtFirstPreview(), plain("b", { tags: { team: "platform", note: UNKNOWN_STRING } }, { tags: ["ci"] })]);
    assert.equal(v.length, 1);
    assert.match(v[0].message, /property 'tags\.note'/);
  });

  it("follows the chain through an intermediate resource's output", async () => {
    const v = await run([
      clientAtFirstPreview(),
      plain("b", { value: UNKNOWN_STRING }, { value: ["ci"] }),
      plain("c", { copy: UNKNOWN_STRING, other: "lit" }, { copy: ["b"] }),
      plain("d", { again: UNKNOWN_STRING }, { again: ["c"] }),
    ]);
    const msgs = v.map((x) => x.message);
    assert.ok(
      msgs.some((m) => /'c' property 'copy'.*\('ci' → 'b' → 'c'\)/.test(m)),
      msgs.join("\n"),
    );
    assert.ok(
      msgs.some((m) => /'d' property 'again'.*\('ci' → 'b' → 'c' → 'd'\)/.test(m)),
      msgs.join("\n"),
    );
    assert.ok(!msgs.some((m) => m.includes("property 'other'")));
  });

  it("the order of resources does not matter (fixed point)", async () => {
    const v = await run([
      plain("d", { again: UNKNOWN_STRING }, { again: ["c"] }),
      plain("c", { copy: UNKNOWN_STRING }, { copy: ["b"] }),
      plain("b", { value: UNKNOWN_STRING }, { value: ["ci"] }),
      clientAtFirstPreview(),
    ]);
    assert.equal(v.length, 3);
  });

  it("dependsOn alone carries no data: not reported", async () => {
    assert.deepEqual(await run([clientAtFirstPreview(), plain("d", { lit: "y" }, {}, ["ci"])]), []);
  });

  it("nothing is reported when no resource exposes a secret (unknown outputs and inputs are normal)", async () => {
    const v = await run([clientAtFirstPreview(false), plain("b", { id: UNKNOWN_STRING }, { id: ["ci"] }), stackResource({ clientId: UNKNOWN_STRING })]);
    assert.deepEqual(v, []);
  });

  it("exposeSecretAsOutput unknown at preview counts as exposing", async () => {
    const v = await run([clientAtFirstPreview(UNKNOWN_STRING), plain("b", { value: UNKNOWN_STRING }, { value: ["ci"] })]);
    assert.equal(v.length, 1);
  });

  it("SecretRotation: its clientId edge to the client is exempt; with exposeSecretAsOutput it is a source itself", async () => {
    const rotation: FakeResource = {
      type: ROTATION,
      name: "ci-rotation",
      parent: "ci",
      additionalSecretOutputs: ["clientSecret"],
      props: { clientId: UNKNOWN_STRING, secretStore: "file://./.secrets/ci", exposeSecretAsOutput: true },
      propertyDependencies: { clientId: ["ci"] },
    };
    const v = await run([clientAtFirstPreview(), rotation, plain("b", { value: UNKNOWN_STRING }, { value: ["ci-rotation"] })]);
    assert.equal(v.length, 1, v.map((x) => x.message).join("\n"));
    assert.match(v[0].message, /'b' property 'value'.*\('ci-rotation' → 'b'\)/);
  });

  it("ClientPair has no secret output: never a source", async () => {
    const pair: FakeResource = { type: PAIR, name: "pair", props: { name: "p", secretStore: "file://./x", currentClientId: UNKNOWN_STRING } };
    assert.deepEqual(await run([pair, plain("b", { value: UNKNOWN_STRING }, { value: ["pair"] }), stackResource({ current: UNKNOWN_STRING })]), []);
  });

  it("a bridged genesyscloud OAuth client with expose_client_secret and any resource with a secret-bearing additionalSecretOutput are sources", async () => {
    const bridged: FakeResource = { type: "genesyscloud:oauth/client:Client", name: "bridged", props: { name: "x", exposeClientSecret: true } };
    const other: FakeResource = {
      type: "custom:index:Thing",
      name: "thing",
      additionalSecretOutputs: ["clientSecret"],
      props: { clientSecret: UNKNOWN_STRING },
    };
    const v = await run([bridged, other, plain("b", { v: UNKNOWN_STRING }, { v: ["bridged"] }), plain("c", { v: UNKNOWN_STRING }, { v: ["thing"] })]);
    assert.equal(v.length, 2);
  });

  it("stack outputs: the engine sends no dependencies, so an unknown output fails while a secret is exposed, except names of our non-secret outputs; allowedStackOutputs and strict mode", async () => {
    const resources = [
      clientAtFirstPreview(),
      stackResource({ clientId: UNKNOWN_STRING, childRotatedAt: UNKNOWN_STRING, encoded: UNKNOWN_STRING, nested: { deep: [UNKNOWN_STRING] }, lit: "hello" }),
    ];
    const v = await run(resources);
    const msgs = v.map((x) => x.message);
    assert.equal(v.length, 2, msgs.join("\n"));
    assert.ok(
      msgs.some((m) => /Stack output at 'encoded': stack output is unknown during preview while 'ci' exposes a client secret.*unknown-stack-output/.test(m)),
    );
    assert.ok(msgs.some((m) => m.includes("Stack output at 'nested.deep[0]'")));
    const strict = await run(resources, { strictUnknownStackOutputs: true });
    assert.equal(strict.length, 4, strict.map((x) => x.message).join("\n"));
    const allowed = await run(resources, { strictUnknownStackOutputs: true, allowedStackOutputs: ["clientId"] });
    assert.equal(allowed.length, 3);
    assert.ok(!allowed.some((x) => x.message.includes("'clientId'")));
  });

  it("a stack output named like a non-secret output is still checked once known", async () => {
    const v = await run([clientKnown(), stackResource({ clientId: `id=${SECRET.toUpperCase()}` })]);
    assert.ok(v.length >= 1, "a known value carrying the secret fails whatever its name");
  });

  it("stack outputs: when dependencies are recorded for an output, they decide", async () => {
    const stack = { ...stackResource({ clientId: UNKNOWN_STRING, encoded: UNKNOWN_STRING }), propertyDependencies: { clientId: ["other"], encoded: ["ci"] } };
    const v = await run([clientAtFirstPreview(), plain("other", {}), stack]);
    assert.deepEqual(
      v.map((x) => /'(\w+)':/.exec(x.message)?.[1]),
      ["encoded"],
    );
  });

  it("second preview (known values): the client id and literals pass; a random-looking derived token, a reversed or case-changed secret fail", async () => {
    const base64 = Buffer.from(SECRET).toString("base64");
    const v = await run([
      clientKnown(),
      plain(
        "ok",
        { id: CLIENT_ID, tags: { team: "platform", client: CLIENT_ID, store: "file://./.secrets/ci" }, url: `https://api.example.com/clients/${CLIENT_ID}` },
        { id: ["ci"], tags: ["ci"], url: ["ci"] },
      ),
      plain("b64", { value: base64 }, { value: ["ci"] }),
      plain("rev", { value: Array.from(SECRET).reverse().join("") }, { value: ["ci"] }),
      plain("upper", { value: `x-${SECRET.toUpperCase()}-y` }, { value: ["ci"] }),
      plain("hex", { value: Buffer.from(SECRET).toString("hex") }, { value: ["ci"] }),
    ]);
    const by = (name: string) => v.filter((x) => x.urn?.endsWith(`::${name}`)).map((x) => x.message);
    assert.deepEqual(by("ok"), []);
    assert.match(by("b64")[0] ?? "", /high-entropy/);
    assert.match(by("rev")[0] ?? "", /carries-secret/);
    assert.match(by("upper")[0] ?? "", /carries-secret/);
    assert.match(by("hex")[0] ?? "", /high-entropy/);
  });

  it("second preview: a secret spread into characters or split in two reaches a stack output → fails; the known client id passes", async () => {
    const half = Math.floor(SECRET.length / 2);
    const v = await run([
      clientKnown(),
      stackResource({ clientId: CLIENT_ID, chars: Array.from(SECRET), parts: { a: SECRET.slice(0, half), b: SECRET.slice(half) }, label: "hello" }),
    ]);
    assert.deepEqual(v.map((x) => /'([\w.]+)':/.exec(x.message)?.[1]).sort(), ["chars", "parts"]);
    assert.ok(v.every((x) => x.message.includes("carries-secret")));
  });

  it("second preview: a StringAsset's text (a promise the SDK keeps) and a list of character codes are read", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { asset } = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    const codes = Array.from(SECRET)
      .map((c) => c.charCodeAt(0))
      .join(",");
    const v = await run([
      clientKnown(),
      plain("assetLeak", { source: new asset.StringAsset(`clientSecret: ${SECRET}\n`) }, { source: ["ci"] }),
      plain("assetOk", { source: new asset.StringAsset(`client: ${CLIENT_ID}\n`) }, { source: ["ci"] }),
      plain("codes", { checksum: codes }, { checksum: ["ci"] }),
    ]);
    const names = v.map((x) => x.urn?.split("::").pop()).sort();
    assert.deepEqual(names, ["assetLeak", "codes"], v.map((x) => x.message).join("\n"));
  });

  it("second preview: a resource named after the secret is reported on the stack, without its name", async () => {
    const v = await run([clientKnown(), stackResource({}), plain(`leak_${SECRET}`, { kind: "x" })]);
    assert.equal(v.length, 1);
    assert.match(v[0].message, /a resource's name \(its URN, in state and every log\) carries a client secret/);
    assert.match(v[0].urn ?? "", /Stack::proj-dev$/);
  });

  it("a resource named after the secret is never named in a finding, also when it is on a chain", async () => {
    const named = `copy_${SECRET}`;
    const v = await run([
      clientKnown(),
      stackResource({}),
      plain(named, { v: Buffer.from(SECRET).toString("base64") }, { v: ["ci"] }),
      plain("next", { w: "x".repeat(3) + Buffer.from(SECRET).toString("hex") }, { w: [named] }),
    ]);
    assert.ok(v.length >= 3, v.map((x) => x.message).join("\n"));
    for (const x of v) {
      assert.ok(!(x.urn ?? "").includes(SECRET) && !x.message.includes(SECRET), x.message);
    }
    assert.ok(
      v.some((x) => x.message.includes("'ci' → '(a resource named after the secret)' → 'next'")),
      v.map((x) => x.message).join("\n"),
    );
  });

  it("second preview: grouped or spaced-out secret in a stack output fails", async () => {
    const v = await run([
      clientKnown(),
      stackResource({ grouped: SECRET.match(/.{1,4}/g)!.join("-"), spaced: SECRET.split("").join(" "), words: "deployed by the platform team" }),
    ]);
    assert.deepEqual(v.map((x) => /'(\w+)':/.exec(x.message)?.[1]).sort(), ["grouped", "spaced"]);
  });

  it("second preview: a copy read from an intermediate resource's derived output is judged by value, not taken as safe", async () => {
    const b64 = Buffer.from(SECRET).toString("base64");
    const v = await run([
      clientKnown(),
      plain("hop1", { value: b64, label: "hop-one-label" }, { value: ["ci"] }),
      plain("hop2", { copy: `copied:${b64}`, label: "hop-one-label" }, { copy: ["hop1"], label: ["hop1"] }),
    ]);
    assert.deepEqual(v.map((x) => x.urn?.split("::").pop()).sort(), ["hop1", "hop2"], v.map((x) => x.message).join("\n"));
    assert.match(v.find((x) => x.urn?.endsWith("::hop2"))?.message ?? "", /property 'copy'.*\('ci' → 'hop1' → 'hop2'\).*high-entropy/);
  });

  it("allowedProperties accepts a named property or a property of any resource", async () => {
    const resources = [clientAtFirstPreview(), plain("b", { id: UNKNOWN_STRING, value: UNKNOWN_STRING }, { id: ["ci"], value: ["ci"] })];
    assert.equal((await run(resources, { allowedProperties: ["b.id"] })).length, 1);
    assert.equal((await run(resources, { allowedProperties: ["*.id", "*.value"] })).length, 0);
  });

  it("the source's own opted-in output is the documented exception: not reported", async () => {
    assert.deepEqual(await run([clientKnown()]), []);
  });
});
