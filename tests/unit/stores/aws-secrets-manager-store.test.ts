/** AWS error mapping and retry behaviour with the SDK's send() stubbed (no server). */
import { strict as assert } from "assert";
import * as sinon from "sinon";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GuardError } from "../../../core/errors";
import { RetryPolicy } from "../../../core/retry";
import { openStore } from "../../../stores/index";
import { CREDENTIAL_SCHEMA } from "../../../stores/store";

const SECRET = "aws-unit-secret-Pw93kQ";

function sdkError(name: string, status?: number, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: status ? { httpStatusCode: status } : {}, ...extra });
}

describe("stores/aws-secrets-manager-store (stubbed SDK)", () => {
  let send: sinon.SinonStub;
  const errors: unknown[] = [];

  beforeEach(() => {
    send = sinon.stub(SecretsManagerClient.prototype, "send");
  });
  afterEach(() => send.restore());
  after(() => {
    for (const e of errors) assert.ok(!(JSON.stringify(e) + (e as Error).message).includes(SECRET));
  });

  function store() {
    return openStore("awssm://genesys/ci?region=eu-west-1", {
      env: {},
      credentials: { awsAccessKeyId: "AKIATEST", awsSecretAccessKey: "test-secret-key-123" },
      retry: new RetryPolicy({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 }),
    });
  }

  async function failsWith(p: Promise<unknown>, code: string): Promise<GuardError> {
    const e = await p.then(
      () => assert.fail("expected failure"),
      (x: unknown) => x,
    );
    errors.push(e);
    assert.ok(e instanceof GuardError, String(e));
    assert.equal(e.code, code, e.message);
    return e;
  }

  const cases: [string, Error, string, boolean][] = [
    ["AccessDeniedException", sdkError("AccessDeniedException", 400), "store.forbidden", false],
    ["UnrecognizedClientException", sdkError("UnrecognizedClientException", 400), "store.unauthorized", false],
    ["ExpiredTokenException", sdkError("ExpiredTokenException", 400), "store.unauthorized", false],
    ["CredentialsProviderError", sdkError("CredentialsProviderError"), "store.unauthorized", false],
    ["bare 403", sdkError("SyntaxError", 403), "store.forbidden", false],
    ["ThrottlingException", sdkError("ThrottlingException", 400), "store.unavailable", true],
    ["InternalServiceError", sdkError("InternalServiceError", 500), "store.unavailable", true],
    ["ECONNREFUSED", sdkError("Error", undefined, { code: "ECONNREFUSED" }), "store.unavailable", true],
    [
      "scheduled for deletion",
      Object.assign(sdkError("InvalidRequestException", 400), {
        message: "You can't perform this operation on the secret because it was marked for deletion.",
      }),
      "store.conflict",
      false,
    ],
  ];
  for (const [label, error, code, retried] of cases) {
    it(`maps ${label} to ${code}${retried ? " and retries it" : " without retrying"}`, async () => {
      send.rejects(error);
      const e = await failsWith(store().checkWritable(), code);
      assert.equal(e.retryable, retried);
      assert.equal(send.callCount, retried ? 3 : 1);
      assert.equal(e.operation, "DescribeSecret");
    });
  }

  it("creates when missing with the derived ClientRequestToken, and never puts the value in an error", async () => {
    const record = { schema: CREDENTIAL_SCHEMA, clientId: "c", clientSecret: SECRET, rotationId: "rot-1", rotatedAt: "2026-11-25T09:00:00Z" } as const;
    send.onCall(0).rejects(sdkError("ResourceNotFoundException", 400)); // GetSecretValue
    send.onCall(1).rejects(Object.assign(sdkError("InvalidRequestException", 400), { message: "bad request" })); // CreateSecret
    const e = await failsWith(store().write(record), "store.conflict");
    const create = send.getCall(1).args[0] as { input: { ClientRequestToken: string; Name: string } };
    assert.match(create.input.ClientRequestToken, /^[0-9a-f]{64}$/);
    assert.equal(create.input.Name, "genesys/ci");
    assert.ok(!JSON.stringify(e.toJSON()).includes(SECRET));
  });
});
