import { strict as assert } from "assert";
import { randomBytes } from "crypto";
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { AwsSecretsManagerStore, clientRequestToken } from "../../../stores/aws-secrets-manager-store";
import { openStore } from "../../../stores/index";
import { StoreOptions } from "../../../stores/options";
import { MotoServer, requireBinary, startMoto } from "../../support/moto";
import { fastRetry, SecretTracker } from "./helpers";

const ENV = { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1" };

describe("stores/aws-secrets-manager-store against the real moto server", function () {
  this.timeout(60_000);
  let moto: MotoServer;
  let sdk: SecretsManagerClient;
  const t = new SecretTracker();
  const opened: AwsSecretsManagerStore[] = [];

  before(async function () {
    requireBinary(this, "moto_server");
    moto = await startMoto();
    sdk = new SecretsManagerClient({ region: "us-east-1", endpoint: moto.endpoint, credentials: { accessKeyId: "testing", secretAccessKey: "testing" } });
  });
  after(async () => {
    sdk?.destroy();
    for (const s of opened) s.destroy();
    await moto?.stop();
    t.assertNoSecretsInErrors();
  });

  function store(name = `genesys/ci-${randomBytes(4).toString("hex")}`, options: StoreOptions = {}): AwsSecretsManagerStore {
    const s = openStore(`awssm://${name}?endpoint=${encodeURIComponent(moto.endpoint)}`, {
      env: { ...ENV },
      retry: fastRetry(),
      ...options,
    }) as AwsSecretsManagerStore;
    opened.push(s);
    return s;
  }

  it("derives a deterministic 64-character ClientRequestToken from the rotationId", () => {
    const a = clientRequestToken("rot-1");
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.equal(clientRequestToken("rot-1"), a);
    assert.notEqual(clientRequestToken("rot-2"), a);
  });

  it("creates the secret, then puts new versions; AWSCURRENT moves and readers get it", async () => {
    const s = store();
    assert.equal(await s.read(), undefined);
    await s.checkWritable();
    const r1 = t.record("rot-1");
    const w1 = await s.write(r1);
    assert.equal(w1.version, clientRequestToken("rot-1"));
    assert.deepEqual(await s.read(), { record: r1, version: w1.version });
    const r2 = t.record("rot-2");
    const w2 = await s.write(r2);
    assert.equal(w2.version, clientRequestToken("rot-2"));
    const cur = await sdk.send(new GetSecretValueCommand({ SecretId: s.secretId }));
    assert.equal(cur.VersionId, w2.version);
    assert.deepEqual(JSON.parse(cur.SecretString ?? "{}"), r2);
    assert.ok(cur.VersionStages?.includes("AWSCURRENT"));
    const prev = await sdk.send(new GetSecretValueCommand({ SecretId: s.secretId, VersionStage: "AWSPREVIOUS" }));
    assert.equal(prev.VersionId, w1.version);
  });

  it("a retried write of the same rotation is a no-op (no new version)", async () => {
    const s = store();
    const r = t.record("rot-1");
    const w1 = await s.write(r);
    const w2 = await s.write({ ...r, rotatedAt: new Date(0).toISOString() });
    assert.equal(w2.version, w1.version);
    const versions = await sdk.send(new ListSecretVersionIdsCommand({ SecretId: s.secretId }));
    assert.equal(versions.Versions?.length, 1);
  });

  it("the same ClientRequestToken with the same value is a no-op at the service", async () => {
    const s = store();
    await s.write(t.record("rot-0"));
    const r = t.record("rot-1");
    const w = await s.write(r);
    // A retry whose first attempt landed but whose answer was lost: the SDK call is repeated as is.
    const again = await sdk.send(
      new PutSecretValueCommand({ SecretId: s.secretId, SecretString: JSON.stringify(r), ClientRequestToken: clientRequestToken("rot-1") }),
    );
    assert.equal(again.VersionId, w.version);
    const versions = await sdk.send(new ListSecretVersionIdsCommand({ SecretId: s.secretId }));
    assert.equal(versions.Versions?.length, 2);
  });

  it("remove() schedules deletion with a recovery window by default, and forced delete when asked", async () => {
    const s = store();
    await s.write(t.record("rot-1"));
    await s.remove();
    const d = await sdk.send(new DescribeSecretCommand({ SecretId: s.secretId }));
    assert.ok(d.DeletedDate, "scheduled for deletion");
    await t.rejects(s.checkWritable(), ["store.conflict"], /scheduled for deletion.*restore-secret/);
    const forced = store(undefined, { awsForceDelete: true });
    await forced.write(t.record("rot-1"));
    await forced.remove();
    await forced.remove(); // nothing stored: fine
    assert.equal(await forced.read(), undefined);
  });

  it("a missing region is a clear error", async () => {
    assert.throws(
      () => openStore(`awssm://x?endpoint=${encodeURIComponent(moto.endpoint)}`, { env: {} }),
      (e: Error & { code?: string; hint?: string }) => e.code === "store.invalid-reference" && String(e.hint).includes("AWS_REGION"),
    );
  });

  it("a stopped moto fails store.unavailable", async () => {
    const s = store();
    await s.write(t.record("rot-1"));
    await moto.stop();
    const e = await t.rejects(s.read(), ["store.unavailable"], /unreachable/);
    assert.equal(e.retryable, true);
    await t.rejects(s.write(t.record("rot-2")), ["store.unavailable"]);
    await t.rejects(s.checkWritable(), ["store.unavailable"]);
  });

  describe("with IAM enforced (INITIAL_NO_AUTH_ACTION_COUNT)", () => {
    let authMoto: MotoServer;
    let limited: { accessKeyId: string; secretAccessKey: string };

    async function iam(params: Record<string, string>): Promise<string> {
      const res = await fetch(`${authMoto.endpoint}/`, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Authorization: "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
        },
        body: new URLSearchParams({ Version: "2010-05-08", ...params }).toString(),
      });
      const text = await res.text();
      assert.equal(res.status, 200, text);
      return text;
    }

    before(async function () {
      requireBinary(this, "moto_server");
      // The first three calls (IAM setup below) are unauthenticated; every later call is checked.
      authMoto = await startMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: "3" } });
      await iam({ Action: "CreateUser", UserName: "ci" });
      const key = await iam({ Action: "CreateAccessKey", UserName: "ci" });
      limited = {
        accessKeyId: /<AccessKeyId>(.*?)</.exec(key)?.[1] ?? "",
        secretAccessKey: t.track(/<SecretAccessKey>(.*?)</.exec(key)?.[1] ?? ""),
      };
      const policy = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"], Resource: "*" }],
      };
      await iam({ Action: "PutUserPolicy", UserName: "ci", PolicyName: "read-only", PolicyDocument: JSON.stringify(policy) });
    });
    after(async () => {
      await authMoto?.stop();
    });

    function authStore(credentials: StoreOptions["credentials"]): AwsSecretsManagerStore {
      const s = openStore(`awssm://genesys/ci?region=us-east-1&endpoint=${encodeURIComponent(authMoto.endpoint)}`, {
        env: {},
        credentials,
        retry: fastRetry(),
      }) as AwsSecretsManagerStore;
      opened.push(s);
      return s;
    }

    it("a key without write permission can check but cannot write: store.forbidden", async () => {
      const s = authStore({ awsAccessKeyId: limited.accessKeyId, awsSecretAccessKey: limited.secretAccessKey });
      await s.checkWritable(); // DescribeSecret is allowed; the secret does not exist yet
      await t.rejects(s.write(t.record("rot-1")), ["store.forbidden"], /CreateSecret.*PutSecretValue/);
    });

    it("an unknown key is refused (store.unauthorized or store.forbidden)", async () => {
      const s = authStore({ awsAccessKeyId: "AKIAUNKNOWN0000000000", awsSecretAccessKey: t.track(`wrong-${randomBytes(12).toString("hex")}`) });
      await t.rejects(s.checkWritable(), ["store.unauthorized", "store.forbidden"]);
      await t.rejects(s.read(), ["store.unauthorized", "store.forbidden"]);
    });
  });
});
