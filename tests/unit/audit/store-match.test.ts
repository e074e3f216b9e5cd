import * as assert from "assert";
import { base64Forms, createSecretMatcher } from "../../../audit/store-match";

describe("audit/store-match", () => {
  const secret = "Ab+c/d=e\"f\\gH1jK2lM3nP";
  const matcher = createSecretMatcher([{ source: "vault://secret/ci", value: secret }]);

  it("matches raw, JSON-escaped, base64 (any alignment) and URL-encoded forms", () => {
    const cases: [string, string][] = [
      [`x ${secret} y`, "raw"],
      [JSON.stringify({ v: secret }), "json-escaped"],
      [Buffer.from(`prefix-${secret}-suffix`).toString("base64"), "base64"],
      [Buffer.from(`pp${secret}`).toString("base64"), "base64"],
      [Buffer.from(`p${secret}`).toString("base64url"), "base64"],
      [`https://h/?k=${encodeURIComponent(secret)}`, "url-encoded"],
    ];
    for (const [text, encoding] of cases) assert.deepStrictEqual(matcher.match(text), [{ source: "vault://secret/ci", encoding }], text);
  });

  it("pre-filters on the bytes as they appear in a JSON file", () => {
    assert.ok(matcher.mayContain(Buffer.from(JSON.stringify({ a: `zz${secret}` }))));
    assert.ok(matcher.mayContain(Buffer.from(JSON.stringify({ plaintext: JSON.stringify(secret) }))));
    assert.ok(!matcher.mayContain(Buffer.from(JSON.stringify({ a: "nothing here" }))));
  });

  it("ignores values too short to match safely and has no false match on other text", () => {
    assert.ok(createSecretMatcher([{ source: "s", value: "short" }]).empty);
    assert.deepStrictEqual(matcher.match("Ab+c/d=e and other words"), []);
    assert.ok(base64Forms("abcdefghijklmnop").every((f) => f.length >= 12));
  });
});
