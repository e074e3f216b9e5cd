/**
 * `genesys-oauth-guard rotate` as a pipeline runs it: the real command in a child process against the
 * emulator and the file store. Checks what is printed where, and that no secret is printed unless asked.
 */
import { strict as assert } from "assert";
import { CliRun, runCli } from "../../support/cli";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator, RunningEmulator } from "../../../emulator";
import { GenesysClient, resolveGenesysSettings } from "../../../genesys";
import { openStore } from "../../../stores";

const ADMIN = { id: "rotate-admin", secret: "rotate-admin-secret-00001" };

describe("cli rotate", function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  let admin: GenesysClient;
  let dir: string;

  // Async: the emulator runs in this process, so a synchronous spawn would block its answers.
  const run = (args: string[], extraEnv: Record<string, string> = {}): Promise<CliRun> =>
    runCli(["rotate", ...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        GENESYS_CLOUD_CLIENT_ID: ADMIN.id,
        GENESYS_CLOUD_CLIENT_SECRET: ADMIN.secret,
        GENESYS_CLOUD_API_URL: emu.baseUrl,
        ...extraEnv,
      },
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
    const r = await run(
      ["--client-name", "rotate-gha", "--store", `file://${path.join(dir, "gha")}`, "--output", "github-actions", "--github-env", "CI_CLIENT_SECRET"],
      { GITHUB_OUTPUT: outFile, GITHUB_ENV: envFile },
    );
    assert.equal(r.code, 0, r.stderr);
    const secret = (await openStore(`file://${path.join(dir, "gha")}`).read())!.record.clientSecret;
    const lines = r.stdout.split("\n");
    assert.equal(lines[0], `::add-mask::${secret}`, "the mask comes first");
    assert.ok(!lines.slice(1).join("\n").includes(secret), "the secret appears only in the mask command");
    assert.match(
      fs.readFileSync(outFile, "utf8"),
      new RegExp(`^client_id<<(ghadelimiter_[0-9a-f]+)\\n${c.id}\\n\\1\\nclient_secret<<(ghadelimiter_[0-9a-f]+)\\n${secret}\\n\\2\\n$`),
    );
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

  it("rotates a list concurrently (ids, names, --from-file) with one listing, progress on stderr, a summary, exit 1 if any failed", async () => {
    const clients = [await newClient("list-a"), await newClient("list-b"), await newClient("list-c"), await newClient("list-d")];
    const listFile = path.join(dir, "ids.txt");
    fs.writeFileSync(listFile, `# rotated by the nightly job\n${clients[2].id}\n\n${clients[3].id}  # the last one\n`);
    const before = (await (await fetch(`${emu.baseUrl}/__emulator/stats`)).json()) as { byRoute: Record<string, number>; rateLimited: number };
    const template = `file://${path.join(dir, "list")}/{id}`;
    const r = await run(["--client-id", clients[0].id, "--client-name", "list-b", "--from-file", listFile, "--store", template, "--concurrency", "3"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^4 rotated, 0 failed in [\d.]+ s\n$/);
    assert.match(r.stderr, /rotating 4 client\(s\), 3 at a time/);
    for (const n of [1, 2, 3, 4]) assert.match(r.stderr, new RegExp(`\\[${n}/4\\] rotated list-[a-d]`));
    for (const c of clients) {
      const stored = (await openStore(template.replace("{id}", c.id)).read())!.record;
      assert.equal(stored.clientId, c.id);
      assert.equal(await works(c.id, stored.clientSecret), true, "the stored secret works");
      assert.equal(await works(c.id, c.secret), false, "the old one does not");
      for (const text of [r.stdout, r.stderr]) assert.ok(!text.includes(stored.clientSecret), "no secret printed");
    }
    const after = (await (await fetch(`${emu.baseUrl}/__emulator/stats`)).json()) as { byRoute: Record<string, number>; rateLimited: number };
    const delta = (route: string): number => (after.byRoute[route] ?? 0) - (before.byRoute[route] ?? 0);
    assert.equal(delta("GET /api/v2/oauth/clients"), 1, "one listing resolves every id and name");
    assert.equal(delta("GET /api/v2/oauth/clients/{id}"), 0, "no GET per client");
    assert.equal(delta("POST /api/v2/oauth/clients/{id}/secret"), 4, "one regenerate per client");
    assert.equal(after.rateLimited, before.rateLimited);

    // One unknown id: the others rotate, the summary counts the failure, exit 1.
    const partial = await run(["--client-id", clients[0].id, "no-such-client", "--store", template, "--output", "json"]);
    assert.equal(partial.code, 1, partial.stderr);
    const summary = JSON.parse(partial.stdout) as { rotated: number; failed: number; failures: { target: string; code: string }[] };
    assert.equal(summary.rotated, 1);
    assert.equal(summary.failed, 1);
    assert.deepEqual(
      summary.failures.map((f) => [f.target, f.code]),
      [["id no-such-client", "genesys.not-found"]],
    );
  });

  it("{name} in --store can never leave the intended folder: a client named ../../x is refused, nothing written outside", async () => {
    const evil = await newClient("../../escaped");
    const plain = await newClient("plain-name");
    const base = path.join(dir, "named", "inner");
    const template = `file://${base}/{name}`;
    const escapedTo = path.resolve(base, "../../escaped");
    const single = await run(["--client-id", evil.id, "--store", template]);
    assert.equal(single.code, 1, single.stderr);
    assert.match(single.stderr, /cannot stand for \{name\}.*Use \{id\}/s);
    const list = await run(["--client-id", evil.id, plain.id, "--store", template, "--output", "json"]);
    assert.equal(list.code, 1, list.stderr);
    const summary = JSON.parse(list.stdout) as { rotated: number; failures: { code: string }[] };
    assert.equal(summary.rotated, 1, "the safe client still rotates");
    assert.deepEqual(
      summary.failures.map((f) => f.code),
      ["input.invalid"],
    );
    assert.equal(fs.existsSync(escapedTo), false, "nothing written outside the template's folder");
    assert.equal(await works(evil.id, evil.secret), true, "the refused client was not rotated");
    const stored = (await openStore(`file://${base}/plain-name`).read())!.record;
    assert.equal(stored.clientId, plain.id);
  });

  it("with several clients: secret outputs are refused and the store must name each client's record", async () => {
    const a = await newClient("multi-usage-a");
    const b = await newClient("multi-usage-b");
    const stdout = await run(["--client-id", a.id, b.id, "--store", `file://${path.join(dir, "mu")}/{id}`, "--output", "stdout"]);
    assert.equal(stdout.code, 2);
    assert.match(stdout.stderr, /--output stdout prints a secret and takes a single client; 2 were named/);
    const gha = await run(["--client-id", a.id, "--client-id", b.id, "--store", `file://${path.join(dir, "mu")}/{id}`, "--output", "github-actions"], {
      GITHUB_OUTPUT: path.join(dir, "gh-multi"),
    });
    assert.equal(gha.code, 2);
    assert.match(gha.stderr, /single client/);
    const shared = await run(["--client-id", a.id, b.id, "--store", `file://${path.join(dir, "mu-shared")}`]);
    assert.equal(shared.code, 2);
    assert.match(shared.stderr, /put \{id\} or \{name\} in --store/);
    assert.equal(await works(a.id, a.secret), true, "nothing was rotated");
    assert.equal(await works(b.id, b.secret), true, "nothing was rotated");
  });

  it("a 403 from Genesys comes back with the missing permission and a fix", async () => {
    await emu.close();
    emu = await startEmulator({
      adminClientId: ADMIN.id,
      adminClientSecret: ADMIN.secret,
      extraClients: [{ id: "viewer", secret: "viewer-secret-000000001", roles: ["Read Only"] }],
    });
    admin = new GenesysClient(resolveGenesysSettings({ clientId: ADMIN.id, clientSecret: ADMIN.secret, apiBaseUrl: emu.baseUrl }, {}));
    const c = await newClient("rotate-403");
    const r = await run(["--client-id", c.id, "--store", `file://${path.join(dir, "403")}`], {
      GENESYS_CLOUD_CLIENT_ID: "viewer",
      GENESYS_CLOUD_CLIENT_SECRET: "viewer-secret-000000001",
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /oauth:client:edit/);
    assert.equal(await works(c.id, c.secret), true, "nothing was regenerated");
  });
});
