/**
 * The AWS Secrets Manager endpoint the SDK actually resolves — from the AWS config file (a profile's
 * `endpoint_url`, a `services` section) or from AWS_ENDPOINT_URL* in the process environment, none of
 * which the store reads itself — must be https://, or plain http:// to a loopback host. A real SDK client
 * and real local HTTP servers: a refused endpoint receives no request at all.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { GuardError } from "../../../core/errors";
import { RetryPolicy } from "../../../core/retry";
import { checkResolvedEndpoint } from "../../../stores/aws-endpoint-guard";
import { openStore } from "../../../stores/index";
import { CREDENTIAL_SCHEMA } from "../../../stores/store";

const RECORD = {
  schema: CREDENTIAL_SCHEMA,
  clientId: "c",
  clientSecret: "endpoint-guard-secret-Qx81",
  rotationId: "rot-1",
  rotatedAt: "2026-11-25T09:00:00Z",
} as const;
const ENV_KEYS = [
  "AWS_CONFIG_FILE",
  "AWS_PROFILE",
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_SECRETS_MANAGER",
  "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
  "AWS_SHARED_CREDENTIALS_FILE",
];

/** A non-loopback address of this machine, if any (so that a refused request could have been received). */
function externalAddress(): string | undefined {
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  return undefined;
}

interface Server {
  url: string;
  hits: string[];
  close(): void;
}

function listen(host: string, bind: string): Promise<Server> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${String(req.headers["x-amz-target"] ?? req.url)}`);
    res.writeHead(400, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify({ __type: "ResourceNotFoundException", message: "no" }));
  });
  return new Promise((resolve) =>
    server.listen(0, bind, () => resolve({ url: `http://${host}:${(server.address() as AddressInfo).port}`, hits, close: () => server.close() })),
  );
}

describe("stores/aws-endpoint-guard: the endpoint the SDK resolves is checked before anything is sent", () => {
  const saved: Record<string, string | undefined> = {};
  let dir: string;
  const servers: Server[] = [];
  before(() => {
    for (const k of ENV_KEYS) saved[k] = process.env[k];
  });
  beforeEach(() => {
    for (const k of ENV_KEYS) delete process.env[k];
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-aws-endpoint-"));
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, "credentials-none");
  });
  afterEach(() => {
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    servers.splice(0).forEach((s) => s.close());
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A store whose reference and options name no endpoint: whatever the SDK resolves is used. */
  function store() {
    return openStore("awssm://genesys/ci?region=us-east-1", {
      env: {},
      credentials: { awsAccessKeyId: "AKIATEST", awsSecretAccessKey: "test-secret-key-123" },
      retry: new RetryPolicy({ maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 }),
      timeoutMs: 5_000,
    });
  }

  /** A config file (unique path: the SDK caches files by path). */
  function configFile(text: string): void {
    const file = path.join(dir, `config-${Math.random().toString(36).slice(2)}`);
    fs.writeFileSync(file, text);
    process.env.AWS_CONFIG_FILE = file;
  }

  async function remote(): Promise<Server> {
    const address = externalAddress();
    const s = address ? await listen(address, "0.0.0.0") : { url: "http://secretsmanager.invalid", hits: [], close: () => undefined };
    servers.push(s);
    return s;
  }

  async function refused(s: Server): Promise<void> {
    const e = await store()
      .write(RECORD)
      .then(
        () => assert.fail("expected store.insecure"),
        (x: unknown) => x,
      );
    assert.ok(e instanceof GuardError, String(e));
    assert.equal(e.code, "store.insecure", e.message);
    assert.match(e.message, /plain http:\/\/ is accepted only to a loopback host/);
    assert.match(e.hint ?? "", /AWS_CONFIG_FILE/);
    assert.ok(!e.message.includes(RECORD.clientSecret));
    assert.deepEqual(s.hits, [], "nothing reached the endpoint");
  }

  it("a profile's endpoint_url in AWS_CONFIG_FILE with plain http to a remote host: store.insecure, nothing sent", async () => {
    const s = await remote();
    configFile(`[default]\nregion = us-east-1\nendpoint_url = ${s.url}\n`);
    await refused(s);
  });

  it("a services section (secrets_manager → endpoint_url) of the selected profile: store.insecure", async () => {
    const s = await remote();
    configFile(`[profile ci]\nregion = us-east-1\nservices = local\n\n[services local]\nsecrets_manager =\n  endpoint_url = ${s.url}\n`);
    process.env.AWS_PROFILE = "ci";
    await refused(s);
  });

  it("AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL in the process environment (the store was given other env): store.insecure", async () => {
    const s = await remote();
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = s.url;
    await refused(s);
    delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    process.env.AWS_ENDPOINT_URL = s.url;
    await refused(s);
  });

  it("plain http to a loopback endpoint from the config file is accepted: the request reaches it", async () => {
    const s = await listen("127.0.0.1", "127.0.0.1");
    servers.push(s);
    configFile(`[default]\nregion = us-east-1\nendpoint_url = ${s.url}\n`);
    const e = await store()
      .checkWritable()
      .then(
        () => undefined,
        (x: unknown) => x,
      );
    assert.ok(!(e instanceof GuardError && e.code === "store.insecure"), String(e));
    assert.ok(s.hits.length >= 1 && s.hits[0].includes("DescribeSecret"), JSON.stringify(s.hits));
  });

  it("checkResolvedEndpoint: https anywhere, http only to loopback", () => {
    checkResolvedEndpoint({ protocol: "https:", hostname: "secretsmanager.eu-west-1.amazonaws.com" });
    checkResolvedEndpoint({ protocol: "http:", hostname: "localhost", port: 4566 });
    checkResolvedEndpoint({ protocol: "http:", hostname: "[::1]" });
    assert.throws(
      () => checkResolvedEndpoint({ protocol: "http:", hostname: "10.0.0.5", port: 4566 }),
      (e: unknown) => e instanceof GuardError && e.code === "store.insecure" && e.message.includes("http://10.0.0.5:4566"),
    );
  });
});
