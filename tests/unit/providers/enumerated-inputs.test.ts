/**
 * Enumerated inputs (grant type, state): one definition in domain/, typed unions so a typo in a program
 * fails to compile, and check() accepting any case at run time and writing the canonical spelling.
 */
import { strict as assert } from "assert";
import * as domainStates from "../../../domain/client-states";
import * as domainGrants from "../../../domain/grant-types";
import * as emulatorState from "../../../emulator/state";
import * as genesys from "../../../genesys";
import * as lib from "../../../lib";
import type { OAuthClientArgs } from "../../../providers/oauth-client";
import * as providerTypes from "../../../providers/types";
import { checkOAuthClientInputs } from "../../../providers/validation";

const parse = (): void => undefined;
const valid = { name: "ci", authorizedGrantType: "CLIENT-CREDENTIALS", roles: ["Developer"], secretStore: "file://./.secrets/ci" };

/**
 * Compile-time checks: each `@ts-expect-error` makes tsc fail the build if the line below it compiles,
 * i.e. if the input types went back to plain strings. Never called.
 */
export function typeChecks(): OAuthClientArgs[] {
  const ok: OAuthClientArgs = { ...valid, authorizedGrantType: "SAML2-BEARER", state: "disabled" };
  // @ts-expect-error: a typo in the grant type does not compile
  const underscore: OAuthClientArgs = { ...valid, authorizedGrantType: "CLIENT_CREDENTIALS" };
  // @ts-expect-error: any string does not either
  const lower: OAuthClientArgs = { ...valid, authorizedGrantType: "client-credentials" as string };
  // @ts-expect-error: states are typed too
  const state: OAuthClientArgs = { ...valid, authorizedGrantType: "CODE", state: "enabled" };
  return [ok, underscore, lower, state];
}

describe("providers: enumerated inputs", () => {
  it("grant types and states have one definition, which the Genesys client, the emulator, the providers and the package export share", () => {
    assert.strictEqual(genesys.GRANT_TYPES, domainGrants.GRANT_TYPES);
    assert.strictEqual(emulatorState.GRANT_TYPES, domainGrants.GRANT_TYPES);
    assert.strictEqual(providerTypes.GRANT_TYPES, domainGrants.GRANT_TYPES);
    assert.strictEqual(lib.GRANT_TYPES, domainGrants.GRANT_TYPES);
    assert.strictEqual(providerTypes.CLIENT_STATES, domainStates.CLIENT_STATES);
    assert.strictEqual(lib.CLIENT_STATES, domainStates.CLIENT_STATES);
    assert.deepEqual([...domainGrants.GRANT_TYPES], ["CODE", "TOKEN", "SAML2-BEARER", "PASSWORD", "CLIENT-CREDENTIALS"]);
  });

  it("check() accepts a grant type in any case and writes the canonical upper case", () => {
    const cases: [string, string][] = [
      ["client-credentials", "CLIENT-CREDENTIALS"],
      [" Client-Credentials ", "CLIENT-CREDENTIALS"],
      ["code", "CODE"],
      ["Token", "TOKEN"],
      ["saml2-bearer", "SAML2-BEARER"],
      ["Saml2Bearer", "SAML2-BEARER"],
      ["password", "PASSWORD"],
    ];
    for (const [given, canonical] of cases) {
      const extra = canonical === "CLIENT-CREDENTIALS" ? {} : { scopes: ["users:readonly"], roles: [] };
      const { inputs, failures } = checkOAuthClientInputs({ ...valid, ...extra, authorizedGrantType: given }, parse);
      assert.deepEqual(failures, [], given);
      assert.equal(inputs.authorizedGrantType, canonical, given);
    }
  });

  it("check() refuses CLIENT_CREDENTIALS (any case) with the fix, and other values with the list", () => {
    for (const given of ["CLIENT_CREDENTIALS", "client_credentials", "client credentials"]) {
      const { failures } = checkOAuthClientInputs({ ...valid, authorizedGrantType: given }, parse);
      assert.equal(failures.length, 1, given);
      assert.match(failures[0].reason, /write "CLIENT-CREDENTIALS" \(with a hyphen/);
    }
    const { failures } = checkOAuthClientInputs({ ...valid, authorizedGrantType: 42 }, parse);
    assert.match(failures[0].reason, /must be one of CODE, TOKEN, SAML2-BEARER, PASSWORD, CLIENT-CREDENTIALS/);
  });

  it("check() accepts a state in any case and writes it in lower case; deleted and unknown states are refused", () => {
    for (const [given, canonical] of [
      ["Active", "active"],
      ["DISABLED", "disabled"],
      [" inactive ", "inactive"],
    ]) {
      const { inputs, failures } = checkOAuthClientInputs({ ...valid, state: given }, parse);
      assert.deepEqual(failures, [], given);
      assert.equal(inputs.state, canonical);
    }
    for (const bad of ["deleted", "enabled", 1]) {
      const { failures } = checkOAuthClientInputs({ ...valid, state: bad }, parse);
      assert.deepEqual(
        failures.map((f) => f.property),
        ["state"],
        String(bad),
      );
    }
  });

  it("the domain helpers agree with check()", () => {
    assert.equal(domainGrants.normaliseGrantType("saml2bearer"), "SAML2-BEARER");
    assert.equal(domainGrants.normaliseGrantType("CLIENT_CREDENTIALS"), undefined);
    assert.ok(domainGrants.isGrantType("CODE"));
    assert.ok(!domainGrants.isGrantType("code"));
    assert.equal(domainStates.normaliseClientState("Active"), "active");
    assert.equal(domainStates.normaliseClientState("deleted"), undefined);
  });
});
