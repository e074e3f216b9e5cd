import { strict as assert } from "node:assert";
import { isGuardError } from "../../../core/errors";
import { REGIONS, resolveRegion } from "../../../genesys/regions";

describe("genesys/regions", () => {
  it("has every region of the reference table", () => {
    assert.equal(REGIONS.length, 18);
    assert.equal(new Set(REGIONS.map((r) => r.id)).size, 18);
    assert.equal(REGIONS.find((r) => r.id === "eusc-de-east-1")?.domain, "edee1.eusc-pure.cloud");
    assert.equal(REGIONS.find((r) => r.id === "us-east-2")?.domain, "use2.us-gov-pure.cloud");
  });

  it("resolves a region id", () => {
    const r = resolveRegion("eu-west-1");
    assert.equal(r.apiBaseUrl, "https://api.mypurecloud.ie");
    assert.equal(r.loginBaseUrl, "https://login.mypurecloud.ie");
  });

  it("resolves a domain, also with api./login. prefixes, scheme and case", () => {
    for (const input of ["mypurecloud.com", "api.mypurecloud.com", "login.mypurecloud.com", "https://api.mypurecloud.com/", " MyPureCloud.com "]) {
      const r = resolveRegion(input);
      assert.equal(r.id, "us-east-1", input);
      assert.equal(r.apiBaseUrl, "https://api.mypurecloud.com");
      assert.equal(r.loginBaseUrl, "https://login.mypurecloud.com");
    }
    assert.equal(resolveRegion("mypurecloud.com.au").id, "ap-southeast-2");
    assert.equal(resolveRegion("usw2.pure.cloud").id, "us-west-2");
  });

  it("rejects an unknown region with config.invalid-region listing the valid ids", () => {
    assert.throws(
      () => resolveRegion("mars-north-1"),
      (e: unknown) => {
        assert.ok(isGuardError(e, "config.invalid-region"));
        assert.match(e.message, /mars-north-1/);
        for (const r of REGIONS) assert.ok(e.message.includes(r.id), r.id);
        return true;
      },
    );
    assert.throws(
      () => resolveRegion("purecloud.com"),
      (e: unknown) => isGuardError(e, "config.invalid-region"),
    );
  });
});
