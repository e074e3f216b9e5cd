/**
 * `genesys-oauth-guard rotate` as a pipeline runs it: the real command in a child process against the
 * emulator and the file store. Checks what is printed where, and that no secret is printed unless asked.
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator, RunningEmulator } from "../../../emulator";
import { GenesysClient, resolveGenesysSettings } from "../../../genesys";
import { openStore } from "../../../stores";

const repoRoot = path.resolve(__dirname, "..", "..", "..", "..");
const bin = path.join(repoRoot, "bin", "genesys-oauth-guard");
const ADMIN = { id: "rotate-admin", secret: "rotate-admin-secret-00001" };

describe("cli rotate", function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  let admin: GenesysClient;
  let dir: string;

  // Async: the emulator runs in this process, so a synchronous spawn would block its answers.
  const run = (args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, "rotate", ...args], {
        cwd: dir,
        env: { PATH: process.env.PATH, GENESYS_CLOUD_CLIENT_ID: ADMIN.id, GENESYS_CLOUD_CLIENT_SECRET: ADMIN.secret, GENESYS_CLOUD_API_URL: emu.baseUrl, ...extraEnv },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
      child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  const works = async (id: string, secret: string): Promise<boolean> => (await admin.verifyCredentials(id, secret)).ok;
  const newClient = async (name: string): Promise<{ id: string; secret: string }> => {
    const role = (await admin.listRoles({ name: "Developer" }))[0].id;
    return admin.createClient({ name, authorizedGrantType: "CLIENT-CREDENTIALS", roleDivisions: [{ roleId: role, divisionId: "*" }] });
  };

  before(async () => {
    emu = await startEmulator({ adminClientId: ADMIN.id, adminClientSecret: ADMIN.secret });
    admin = new GenesysClient(resolveGenesysSettings({ clientId: ADMIN.id, clientSecret: ADMIN.secret, apiBaseUrl: emu.baseUrl }, {}));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-rotate-"));
  });
  after(async () => {
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("rotates by id into the store, verifies, and prints no secret", async () => {
    const c = await newClient("rotate-by-id");
    const store = `file://${path.join(dir, "by-id")}`;
    const r = await run(["--client-id", c.id, "--store", store]);
    assert.equal(r.code, 0, r.stderr);
    const stored = await openStore(store).read();
    assert.ok(stored);
    assert.equal(stored.record.clientId, c.id);
    assert.notEqual(stored.record.clientSecret, c.secret);
    assert.equal(await works(c.id, stored.record.clientSecret), true, "the stored secret works");
    assert.equal(await works(c.id, c.secret), false, "the old secret does not");
    assert.match(r.stdout, /verified with a token grant/);
    for (const text of [r.stdout, r.stderr]) {
      assert.ok(!text.includes(stored.record.clientSecret) && !text.includes(c.secret), "no secret printed");
    }
  });

  it("--output stdout prints only the secret, which is also in the store", async () => {
    const c = await newClient("rotate-stdout");
    const store = `file://${path.join(dir, "stdout")}`;
    const r = await run(["--client-id", c.id, "--store", store, "--output", "stdout"]);
    assert.equal(r.code, 0, r.stderr);
    const stored = await openStore(store).read();
    assert.equal(r.stdout, `${stored!.record.clientSecret}\n`);
    assert.ok(!r.stderr.includes(stored!.record.clientSecret));
  });

  it("--output github-actions masks first and writes multi-line-safe entries to $GITHUB_OUTPUT/$GITHUB_ENV", async () => {
    const c = await newClient("rotate-gha");
    const outFile = path.join(dir, "gh-output");
    const envFile = path.join(dir, "gh-env");
    const r = await run(["--client-name", "rotate-gha", "--store", `file://${path.join(dir, "gha")}`, "--output", "github-actions", "--github-env", "CI_CLIENT_SECRET"], { GITHUB_OUTPUT: outFile, GITHUB_ENV: envFile });
    assert.equal(r.code, 0, r.stderr);
    const secret = (await openStore(`file://${path.join(dir, "gha")}`).read())!.record.clientSecret;
    const lines = r.stdout.split("\n");
    assert.equal(lines[0], `::add-mask::${secret}`, "the mask comes first");
    assert.ok(!lines.slice(1).join("\n").includes(secret), "the secret appears only in the mask command");
    assert.match(fs.readFileSync(outFile, "utf8"), new RegExp(`^client_id<<(ghadelimiter_[0-9a-f]+)\\n${c.id}\\n\\1\\nclient_secret<<(ghadelimiter_[0-9a-f]+)\\n${secret}\\n\\2\\n$`));
    assert.match(fs.readFileSync(envFile, "utf8"), /^CI_CLIENT_SECRET<<ghadelimiter_/);
  });

  it("--dry-run changes nothing; --client-name fails on zero or several matches; usage errors exit 2", async () => {
    const c = await newClient("rotate-dry");
    const dry = await run(["--client-id", c.id, "--store", `file://${path.join(dir, "dry")}`, "--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(await works(c.id, c.secret), true, "the secret still works after a dry run");
    assert.equal(fs.existsSync(path.join(dir, "dry")), false);

    await newClient("twin");
    await newClient("twin");
    const ambiguous = await run(["--client-name", "twin", "--store", `file://${path.join(dir, "twin")}`]);
    assert.equal(ambiguous.code, 1);
    assert.match(ambiguous.stderr, /2 OAuth clients are named "twin".*--client-id/s);
    const none = await run(["--client-name", "nobody", "--store", `file://${path.join(dir, "none")}`]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /No OAuth client is named "nobody"/);

    assert.equal((await run(["--store", "file:///tmp/x"])).code, 2, "no client named");
    assert.equal((await run(["--client-id", c.id])).code, 2, "no store");
    assert.equal((await run(["--client-id", c.id, "--store", "file:///tmp/x", "--output", "yaml"])).code, 2, "bad output mode");
  });

  it("a 403 from Genesys comes back with the missing permission and a fix", async () => {
    await emu.close();
    emu = await startEmulator({ adminClientId: ADMIN.id, adminClientSecret: ADMIN.secret, extraClients: [{ id: "viewer", secret: "viewer-secret-000000001", roles: ["Read Only"] }] });
    admin = new GenesysClient(resolveGenesysSettings({ clientId: ADMIN.id, clientSecret: ADMIN.secret, apiBaseUrl: emu.baseUrl }, {}));
    const c = await newClient("rotate-403");
    const r = await run(["--client-id", c.id, "--store", `file://${path.join(dir, "403")}`], { GENESYS_CLOUD_CLIENT_ID: "viewer", GENESYS_CLOUD_CLIENT_SECRET: "viewer-secret-000000001" });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /oauth:client:edit/);
    assert.equal(await works(c.id, c.secret), true, "nothing was regenerated");
  });
});
