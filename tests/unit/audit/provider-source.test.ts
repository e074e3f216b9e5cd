import * as assert from "assert";
import { scanProviderProperty, scanProviderSource } from "../../../detection/provider-source";
import { cleanProviderSource, envelope, leakyProviderSource } from "../../support/fixtures/state-builder";

describe("detection/provider-source (audit of __provider text)", () => {
  it("is quiet on this project's serialized providers (a package require only)", () => {
    assert.deepStrictEqual(scanProviderSource(cleanProviderSource("oauth-client"), "inputs.__provider"), []);
    assert.deepStrictEqual(scanProviderSource(cleanProviderSource("rotation"), "inputs.__provider"), []);
  });

  it("reports captured credential assignments by name, with the line and never the value", () => {
    const secret = "q8ZtR2vLmN5xWc7YbK3pHd";
    const text = leakyProviderSource([
      { name: "clientSecret", value: secret },
      { name: "region", value: "mypurecloud.ie" },
    ]);
    const found = scanProviderSource(text, "inputs.__provider");
    const hit = found.find((d) => d.ruleId === "genesys-provider-captured-credential");
    assert.ok(hit);
    assert.match(hit.evidence, /line \d+: 'clientSecret' is assigned a 22-char string literal/);
    assert.ok(found.every((d) => !d.evidence.includes(secret)));
  });

  it("reports store credentials, Authorization headers and environment snapshots", () => {
    const text = `var __env = {PATH: "/usr/bin", HOME: "/root", SHELL: "/bin/sh", AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"};\nconst h = { Authorization: "Basic Y2xpZW50OnNlY3JldHNlY3JldA==" };\nprocess.env.VAULT_TOKEN = "hvs.CAESIJ3k2l1m0n9b8v7c6x5z4";`;
    const rules = scanProviderSource(text, "p").map((d) => d.ruleId);
    assert.ok(rules.includes("genesys-provider-env-snapshot"));
    assert.strictEqual(rules.filter((r) => r === "genesys-provider-captured-credential").length, 3);
  });

  it("reports secret-shaped literals under innocent names and literals equal to known secrets", () => {
    const secret = "Hq3Lr8ZtVx2NcW5bKm7Pda";
    const text = leakyProviderSource([{ name: "opts", value: `--fast ${secret}` }]);
    assert.ok(scanProviderSource(text, "p").some((d) => d.ruleId === "genesys-provider-secret-literal"));
    assert.ok(scanProviderSource(text, "p", undefined, new Set([secret])).some((d) => d.ruleId === "genesys-secret-cross-reference"));
  });

  it("reports a provider serialized as a secret (it captured a secret Output) and scans its plaintext", () => {
    const enc = scanProviderProperty(envelope("exports.handler = x;"), "inputs.__provider");
    assert.deepStrictEqual(
      enc.map((d) => d.ruleId),
      ["genesys-provider-captured-secret-output"],
    );
    const shown = scanProviderProperty(envelope(leakyProviderSource([{ name: "clientSecret", value: "q8ZtR2vLmN5xWc7YbK3pHd" }]), true), "inputs.__provider");
    assert.ok(shown.some((d) => d.ruleId === "genesys-provider-captured-credential"));
  });
});
