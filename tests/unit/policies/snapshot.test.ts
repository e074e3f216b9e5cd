/**
 * The pack's copy of policy props (policies/rules/common.ts): read from the plain data behind the policy
 * SDK's proxy, it equals what reading through the proxy gives (unknowns as UNKNOWN); one request's copy,
 * views and stack scan are shared by the next policies only when their props hold the same data.
 */
import * as assert from "assert";
import { UNKNOWN } from "../../../detection";
import {
  SDK_UNKNOWN_MARKERS,
  resourceProps,
  sameData,
  snapshot,
  stackScan,
  stackViews,
  type PolicyResource,
  type ResourceValidationArgs,
} from "../../../policies/rules";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require("@pulumi/policy/proxy") as Record<string, unknown> & { unknownCheckingProxy<T extends object>(o: T): T };

const MARKERS = [
  "unknownBooleanValue",
  "unknownNumberValue",
  "unknownStringValue",
  "unknownArrayValue",
  "unknownAssetValue",
  "unknownArchiveValue",
  "unknownObjectValue",
];

/** The SDK's proxy with its target hidden: snapshot() then reads through the proxy, as before the fast path. */
function throughProxyOnly<T extends object>(value: T): T {
  const proxied = sdk.unknownCheckingProxy(value);
  return new Proxy(proxied, { get: (target, key) => (key === "__getSpecialProxyTarget" ? undefined : (target as Record<string | symbol, unknown>)[key]) });
}

class FakeAsset {
  readonly text: Promise<string> = Promise.resolve("asset text");
  readonly kind = "string";
}

function sample(): Record<string, unknown> {
  return {
    name: "svc",
    count: 3,
    on: true,
    none: null,
    id: sdk.unknownStringValue,
    list: ["a", sdk.unknownNumberValue, [1, { deep: sdk.unknownObjectValue }]],
    nested: { tags: { team: "x", when: sdk.unknownBooleanValue }, arr: sdk.unknownArrayValue },
    asset: new FakeAsset(),
    archive: sdk.unknownArchiveValue,
    file: sdk.unknownAssetValue,
  };
}

function resourceArgs(props: Record<string, unknown>, urn = "urn:pulumi:dev::p::t::a"): ResourceValidationArgs {
  return { type: "t", name: "a", urn, props: sdk.unknownCheckingProxy(props) } as unknown as ResourceValidationArgs;
}

function stackResources(propsList: Record<string, unknown>[]): PolicyResource[] {
  return propsList.map(
    (props, i) =>
      ({
        type: i === 0 ? "pulumi:pulumi:Stack" : "pulumi-nodejs:dynamic:Resource",
        name: `r${i}`,
        urn: `urn:pulumi:dev::p::t::r${i}`,
        props: sdk.unknownCheckingProxy(props),
        opts: {
          protect: false,
          ignoreChanges: [],
          aliases: [],
          customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
          additionalSecretOutputs: [],
        },
        dependencies: [],
        propertyDependencies: {},
      }) as unknown as PolicyResource,
  );
}

describe("policy pack: snapshot of policy props", () => {
  it("knows the installed policy SDK's unknown markers", () => {
    assert.deepStrictEqual([...SDK_UNKNOWN_MARKERS].sort(), MARKERS.map((m) => sdk[m] as string).sort());
  });

  it("copies the data behind the SDK's proxy exactly as reading through the proxy does", () => {
    const fast = snapshot(sdk.unknownCheckingProxy(sample()));
    assert.deepStrictEqual(fast, snapshot(throughProxyOnly(sample())));
    const copy = fast as Record<string, unknown>;
    assert.strictEqual(copy.id, UNKNOWN);
    assert.strictEqual((copy.nested as Record<string, unknown>).arr, UNKNOWN);
    assert.deepStrictEqual(copy.asset, { text: {}, kind: "string" });
  });

  it("keeps a marker string as is in plain (not proxied) data, as before", () => {
    assert.deepStrictEqual(snapshot({ id: sdk.unknownStringValue }), { id: sdk.unknownStringValue });
  });

  it("sameData: same keys, order, values and kinds of object", () => {
    assert.ok(sameData(sample(), sample()));
    assert.ok(!sameData({ a: 1, b: 2 }, { b: 2, a: 1 }));
    assert.ok(!sameData({ a: [1, 2] }, { a: [1, 3] }));
    assert.ok(!sameData({ a: [] }, { a: {} }));
    assert.ok(!sameData({ a: {} }, { a: new FakeAsset() }));
    assert.ok(!sameData({ a: 1 }, { a: 1, b: undefined }));
  });

  it("one copy per request: the next policy's props holding the same data get the same copy; other data a new one", () => {
    const first = resourceProps(resourceArgs(sample()));
    assert.strictEqual(resourceProps(resourceArgs(sample())), first);
    const changed = { ...sample(), name: "other" };
    const second = resourceProps(resourceArgs(changed));
    assert.notStrictEqual(second, first);
    assert.strictEqual((second as Record<string, unknown>).name, "other");
    assert.notStrictEqual(resourceProps(resourceArgs(sample(), "urn:pulumi:dev::p::t::b")), second);
  });

  it("one scan of the stack per request and options, shared by the stack rules; other data scanned again", () => {
    const props = (): Record<string, unknown>[] => [{ out: "x" }, sample(), { name: "y" }];
    const a = stackScan(stackResources(props()), {});
    const b = stackScan(stackResources(props()), {});
    assert.strictEqual(b.detections, a.detections);
    assert.strictEqual(stackViews(stackResources(props())), a.views);
    assert.notStrictEqual(stackScan(stackResources(props()), { minLength: 8 }).detections, a.detections);
    const other = props();
    other[2] = { name: "z" };
    const c = stackScan(stackResources(other), {});
    assert.notStrictEqual(c.views, a.views);
    assert.deepStrictEqual(c.views[2].outputs, { name: "z" });
  });
});
