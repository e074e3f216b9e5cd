/**
 * `rotate` with several clients (list mode) against the emulator and the file store: client names with
 * control characters (ANSI escapes, CR/LF, the one-byte CSI U+009B that JSON.stringify leaves raw, bidi
 * overrides) never reach text or JSON output, stdout or stderr.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as sinon from "sinon";
import { printable } from "../../../cli/printable";
import { main } from "../../../cli/main";
import { startEmulator, RunningEmulator } from "../../../emulator";
import { GenesysClient, resolveGenesysSettings } from "../../../genesys";

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** Names whoever creates a client in Genesys may choose; ids filled in when created. */
const HOSTILE = [
  { id: "", name: "ci\u001b[31m red\u001b[0m" },
  { id: "", name: "evil\r\nrotated admin (x)\u009b2J\u202eabc\u2028" },
];
const ENV = [
  "GENESYS_CLOUD_CLIENT_ID",
  "GENESYS_CLOUD_CLIENT_SECRET",
  "GENESYS_CLOUD_API_URL",
  "GENESYS_CLOUD_LOGIN_URL",
  "GENESYS_CLOUD_REGION",
  "GITHUB_ACTIONS",
];

describe("cli rotate, list mode: client names are printed without control characters", function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  let dir: string;
  const saved: Record<string, string | undefined> = {};

  before(async () => {
    emu = await startEmulator({ adminClientId: "list-admin", adminClientSecret: "list-admin-secret-000001" });
    const admin = new GenesysClient(resolveGenesysSettings({ clientId: "list-admin", clientSecret: "list-admin-secret-000001", apiBaseUrl: emu.baseUrl }, {}));
    const roles = await admin.listRoles({ name: "Developer" });
    for (const c of HOSTILE)
      c.id = (
        await admin.createClient({ name: c.name, authorizedGrantType: "CLIENT-CREDENTIALS", roleDivisions: [{ roleId: roles[0].id, divisionId: "*" }] })
      ).id;
    assert.deepEqual((await admin.getClient(HOSTILE[1].id))?.name, HOSTILE[1].name, "the API keeps the name as given");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-rotate-names-"));
    fs.chmodSync(dir, 0o700);
    for (const k of ENV) saved[k] = process.env[k];
    Object.assign(process.env, {
      GENESYS_CLOUD_CLIENT_ID: "list-admin",
      GENESYS_CLOUD_CLIENT_SECRET: "list-admin-secret-000001",
      GENESYS_CLOUD_API_URL: emu.baseUrl,
      GENESYS_CLOUD_LOGIN_URL: emu.baseUrl,
    });
    delete process.env.GENESYS_CLOUD_REGION;
    delete process.env.GITHUB_ACTIONS;
  });
  after(async () => {
    for (const k of ENV) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => sinon.restore());

  async function run(output: "text" | "json"): Promise<{ code: number; stdout: string; stderr: string }> {
    const out = sinon.stub(process.stdout, "write").returns(true);
    const err = sinon.stub(process.stderr, "write").returns(true);
    let code: number;
    try {
      code = await main([
        "node",
        "genesys-oauth-guard",
        "rotate",
        "--client-id",
        HOSTILE[0].id,
        "--client-id",
        HOSTILE[1].id,
        "--client-name",
        "gone\u001b]0;pwned\u0007\nname",
        "--store",
        `file://${dir}/${output}-{id}`,
        "--output",
        output,
        "--verify-timeout",
        "20",
      ]);
    } finally {
      sinon.restore();
    }
    return { code, stdout: out.args.map((a) => String(a[0])).join(""), stderr: err.args.map((a) => String(a[0])).join("") };
  }

  it("json: reports and failures carry the names without control characters", async () => {
    const r = await run("json");
    const parsed = JSON.parse(r.stdout) as {
      rotated: number;
      failed: number;
      reports: { clientName: string }[];
      failures: { target: string; message: string }[];
    };
    assert.equal(parsed.rotated, 2, r.stderr);
    assert.equal(parsed.failed, 1);
    const names = parsed.reports.map((x) => x.clientName).sort();
    assert.deepEqual(names, HOSTILE.map((c) => printable(c.name)).sort());
    assert.ok(names.includes("ci[31m red[0m") && names.includes("evilrotated admin (x)2Jabc"), JSON.stringify(names));
    for (const text of [r.stdout, ...names, ...parsed.failures.map((f) => f.target + f.message)]) assert.doesNotMatch(text, CONTROL);
    assert.doesNotMatch(r.stdout, /\\u001b|\\r\\n/, "not even escaped");
    assert.doesNotMatch(r.stderr, CONTROL);
  });

  it("text: stdout and stderr carry no control characters (only line ends of our own)", async () => {
    const r = await run("text");
    assert.match(r.stdout, /2 rotated, 1 failed/);
    assert.match(r.stderr, /rotated evilrotated admin \(x\)2Jabc \(/);
    for (const line of (r.stdout + r.stderr).split("\n")) assert.doesNotMatch(line, CONTROL);
    assert.equal((r.stdout.match(/\n/g) ?? []).length, 2, "one FAILED line and the summary: a name cannot add lines");
  });
});
