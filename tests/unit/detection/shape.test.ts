import * as assert from "assert";
import { findSecretShapedTokens, matchSecretShape, shannonEntropy } from "../../../detection";
import { fakeSecret } from "./fixtures";

describe("detection: secret shape", () => {
  it("recognises current (20–22) and older (16) Genesys secret lengths", () => {
    for (const length of [16, 20, 21, 22]) {
      const m = matchSecretShape(fakeSecret(length));
      assert.ok(m, `length ${length}`);
      assert.strictEqual(m.length, length);
    }
  });

  it("rejects other lengths by default, accepts them with lengths: []", () => {
    const s = fakeSecret(18);
    assert.strictEqual(matchSecretShape(s), undefined);
    assert.ok(matchSecretShape(s, { lengths: [] }));
    assert.strictEqual(matchSecretShape(fakeSecret(23)), undefined);
  });

  it("excludes UUIDs, ISO dates, URLs, hex hashes, words, identifiers, sha256 fingerprints", () => {
    for (const v of [
      "0f6c3b52-1b4e-4c8e-9a0d-5a4e2f7c9b11",
      "2026-11-25T09:45:00Z",
      "2026-11-25",
      "https://a.example.com/x",
      "a1b2c3d4e5f60718",
      "A1B2C3D4E5F60718A1B2",
      "ProductionOAuthClient",
      "HelloWorldFromPulumi",
      "my-oauth-client-prod1",
      "us-east-1-ProdClient",
      "AKIAIOSFODNN7EXAMPLE",
      "sha256:Ab3dE5fG7hI9jK1l",
      "sha256-Ab3dE5fG7hI9jK1lMn0p",
      "1234567890123456",
    ]) {
      assert.strictEqual(matchSecretShape(v), undefined, v);
    }
  });

  it("honours the entropy threshold", () => {
    const s = fakeSecret(22);
    assert.ok(matchSecretShape(s, { entropyThreshold: 1 }));
    assert.strictEqual(matchSecretShape(s, { entropyThreshold: 7 }), undefined);
  });

  it("computes Shannon entropy", () => {
    assert.strictEqual(shannonEntropy(""), 0);
    assert.strictEqual(shannonEntropy("aaaa"), 0);
    assert.strictEqual(shannonEntropy("abcd"), 2);
  });

  it("finds secret-shaped tokens inside texts", () => {
    const s = fakeSecret(21);
    assert.strictEqual(findSecretShapedTokens(`curl -u client:${s} https://x`).length, 1);
    assert.strictEqual(findSecretShapedTokens("echo hello world > out.txt").length, 0);
  });
});
