import { strict as assert } from "assert";
import { GuardError } from "../../../core/errors";
import { formatStoreReference, parseStoreReference, StoreReference } from "../../../stores/reference";

function fails(text: string, code: string, pattern: RegExp): GuardError {
  let caught: unknown;
  try {
    parseStoreReference(text);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof GuardError, `expected a GuardError for ${text}`);
  assert.equal(caught.code, code, `${text}: ${caught.message}`);
  assert.match(caught.describe(), pattern);
  return caught;
}

describe("stores/reference", () => {
  describe("good references", () => {
    const cases: [string, StoreReference][] = [
      ["file://./.secrets/ci-client", { kind: "file", path: "./.secrets/ci-client" }],
      ["file://../up/ci", { kind: "file", path: "../up/ci" }],
      ["file:///abs/path/ci-client", { kind: "file", path: "/abs/path/ci-client" }],
      ["vault://secret/genesys/ci-client", { kind: "vault", mount: "secret", path: "genesys/ci-client" }],
      [
        "vault://kv/a/b/c?addr=https://vault.example.com:8200&namespace=team-a&auth=jwt&role=ci",
        { kind: "vault", mount: "kv", path: "a/b/c", address: "https://vault.example.com:8200", namespace: "team-a", auth: "jwt", role: "ci" },
      ],
      ["vault://secret/x?address=http://127.0.0.1:8200", { kind: "vault", mount: "secret", path: "x", address: "http://127.0.0.1:8200" }],
      ["vault://secret/x?auth=approle&authMount=ci-approle", { kind: "vault", mount: "secret", path: "x", auth: "approle", authMount: "ci-approle" }],
      ["awssm://genesys/ci-client", { kind: "aws-secrets-manager", secretId: "genesys/ci-client" }],
      [
        "awssm://genesys/ci-client?region=eu-west-1&endpoint=http://127.0.0.1:5000",
        { kind: "aws-secrets-manager", secretId: "genesys/ci-client", region: "eu-west-1", endpoint: "http://127.0.0.1:5000" },
      ],
      [
        "awssm://arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci-AbCdEf",
        { kind: "aws-secrets-manager", secretId: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci-AbCdEf" },
      ],
    ];
    for (const [text, expected] of cases) {
      it(`parses ${text}`, () => {
        const ref = parseStoreReference(text);
        assert.deepEqual(ref, expected);
        // format → parse round-trips
        assert.deepEqual(parseStoreReference(formatStoreReference(ref)), expected);
      });
    }

    it("formats canonically", () => {
      assert.equal(formatStoreReference(parseStoreReference("vault://secret/genesys/ci?role=ci&auth=jwt")), "vault://secret/genesys/ci?auth=jwt&role=ci");
      assert.equal(formatStoreReference(parseStoreReference("file://./.secrets/ci")), "file://./.secrets/ci");
      assert.equal(
        formatStoreReference(parseStoreReference("awssm://genesys/ci?endpoint=http://localhost:5000&region=us-east-1")),
        "awssm://genesys/ci?region=us-east-1&endpoint=http://localhost:5000",
      );
    });
  });

  describe("bad references", () => {
    it("rejects empty and non-URL text", () => {
      fails("", "store.invalid-reference", /empty/);
      fails("secret/genesys/ci", "store.invalid-reference", /not a URL.*file:\/\/, vault:\/\/ or awssm:\/\//);
    });
    it("rejects unknown schemes", () => {
      fails("gcpsm://x/y", "store.invalid-reference", /unknown scheme "gcpsm:\/\/"/);
    });
    it("rejects a file reference that would be a host", () => {
      fails("file://.secrets/ci", "store.invalid-reference", /host name.*file:\/\/\.\/\.secrets\/ci/);
    });
    it("rejects a file reference naming a directory or with options", () => {
      fails("file://./.secrets/", "store.invalid-reference", /names a directory/);
      fails("file://./.secrets/ci?mode=600", "store.invalid-reference", /no options/);
    });
    it("rejects a Vault reference without a path after the mount", () => {
      fails("vault://secret", "store.invalid-reference", /needs a KV v2 mount and a secret path.*vault:\/\/secret\/genesys\/ci-client/);
      fails("vault://secret//x", "store.invalid-reference", /empty/);
      fails("vault://secret/../x", "store.invalid-reference", /"\.\."/);
    });
    it("rejects credentials in the query and masks them in the message", () => {
      const e = fails("vault://secret/ci?token=hvs.SUPERSECRETTOKEN", "store.invalid-reference", /must not contain a credential.*VAULT_TOKEN/);
      assert.ok(!JSON.stringify(e.toJSON()).includes("SUPERSECRETTOKEN"));
      assert.ok(!e.describe().includes("SUPERSECRETTOKEN"));
      fails("vault://secret/ci?secret_id=abc", "store.invalid-reference", /VAULT_SECRET_ID/);
      fails("vault://secret/ci?role_id=abc", "store.invalid-reference", /VAULT_ROLE_ID/);
      fails("vault://secret/ci?jwt=abc", "store.invalid-reference", /VAULT_JWT/);
      fails("awssm://ci?secretAccessKey=abc", "store.invalid-reference", /credential chain/);
      fails("awssm://ci?aws_access_key_id=abc", "store.invalid-reference", /credential/);
    });
    it("rejects a user:password in an address", () => {
      fails("vault://secret/ci?addr=https://user:pw@vault.example.com", "store.invalid-reference", /user name or password/);
    });
    it("rejects unknown and repeated options", () => {
      fails("vault://secret/ci?adress=https://v", "store.invalid-reference", /unknown option "adress".*Allowed options: addr, address/);
      fails("vault://secret/ci?auth=jwt&auth=token", "store.invalid-reference", /given twice/);
      fails("vault://secret/ci?addr=https://a&address=https://b", "store.invalid-reference", /both "addr" and "address"/);
      fails("awssm://ci?profile=dev", "store.invalid-reference", /unknown option "profile".*region, endpoint/);
    });
    it("rejects bad auth methods and meaningless combinations", () => {
      fails("vault://secret/ci?auth=ldap", "store.invalid-reference", /auth "ldap" is not one of token, approle, jwt/);
      fails("vault://secret/ci?auth=token&role=x", "store.invalid-reference", /"role" has no meaning with auth=token/);
    });
    it("refuses plain http to non-loopback hosts", () => {
      fails("vault://secret/ci?addr=http://vault.example.com:8200", "store.insecure", /plain http:\/\/.*Use https:\/\/vault\.example\.com:8200/);
      fails("awssm://ci?endpoint=http://10.0.0.5:5000", "store.insecure", /plain http:\/\//);
      fails("vault://secret/ci?addr=ftp://vault", "store.invalid-reference", /https:\/\//);
      fails("vault://secret/ci?addr=vault:8200", "store.invalid-reference", /https:\/\//);
    });
    it("rejects bad AWS names and regions", () => {
      fails("awssm://", "store.invalid-reference", /secret name is empty/);
      fails("awssm://genesys/ci client", "store.invalid-reference", /not a valid Secrets Manager secret name/);
      fails("awssm://ci?region=Europe", "store.invalid-reference", /not an AWS region name.*eu-west-1/);
    });
  });
});

describe("store references never carry or echo a credential", () => {
  const cases = [
    "vault://secret/x?token=hvs.SEKRIT123456",
    "vault://user:SEKRITPW@secret/x",
    "vault://secret/x?addr=https://u:SEKRITPW@vault.example:8200",
    "awssm://n?endpoint=https://AKIA:SEKRITPW@h",
    "vault://secret/x?X-Vault-Token=SEKRIT9",
    "awssm://n?secretAccessKey=SEKRIT7",
    "file://u:SEKRITPW@/tmp/x",
    "file://./x?password=SEKRIT1",
    "vault://secret/x#SEKRIT",
  ];
  for (const reference of cases) {
    it(`refuses ${reference.replace(/SEKRIT\w*/, "…")} without repeating the credential`, () => {
      let caught: unknown;
      try {
        parseStoreReference(reference);
      } catch (error) {
        caught = error;
      }
      assert.ok(caught instanceof GuardError, "refused");
      const text = `${caught.message} ${caught.hint ?? ""} ${caught.describe()}`;
      assert.ok(!text.includes("SEKRIT"), text);
      assert.match(text, /must not contain|no #fragment|unknown option|take no options/);
    });
  }
});
