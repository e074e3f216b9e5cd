/**
 * The pack's launcher starts the compiled bin/ only when bin/ was built from the current sources
 * (policies/scripts/compiled-pack.js); anything else falls back to the TypeScript sources.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { copyPackSources, packDir, packEntry } from "../../support/policy-packs";

interface CompiledPackModule {
  STAMP_FILE: string;
  sourceFiles(packDir: string): string[];
  sourceHash(packDir: string): string;
}

describe("policy pack launcher: compiled bin/ or TypeScript sources", () => {
  let pack: string;
  let mod: CompiledPackModule;
  beforeEach(() => {
    pack = copyPackSources();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module found at run time, by path
    mod = require(path.join(pack, "scripts", "compiled-pack.js")) as CompiledPackModule;
  });
  afterEach(() => fs.rmSync(path.dirname(pack), { recursive: true, force: true }));

  /** A stand-in for `npm run build`: an entry file in bin/ and the stamp bundle.js writes. */
  function fakeBuild(): string {
    const entry = path.join(pack, "bin", "policies", "index.js");
    fs.mkdirSync(path.dirname(entry), { recursive: true });
    fs.writeFileSync(entry, "// compiled\n");
    fs.writeFileSync(path.join(pack, "bin", mod.STAMP_FILE), mod.sourceHash(pack) + "\n");
    return entry;
  }

  it("hashes what tsconfig compiles: index.ts, rules/, ../detection/ and tsconfig.json", () => {
    const rel = mod.sourceFiles(pack).map((f) => path.relative(path.dirname(pack), f).split(path.sep).join("/"));
    assert.ok(rel.includes("policies/index.ts"));
    assert.ok(rel.includes("policies/tsconfig.json"));
    assert.ok(rel.includes("policies/rules/index.ts"));
    assert.ok(rel.includes("detection/index.ts"));
    assert.ok(!rel.some((f) => f.includes("node_modules") || f.startsWith("policies/bin/")), rel.join(", "));
  });

  it("hashes every file tsc compiles for the pack (the list cannot drift from tsconfig.json)", function () {
    this.timeout(60_000);
    const r = spawnSync(path.join(packDir, "..", "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json", "--listFilesOnly"], {
      cwd: packDir,
      encoding: "utf8",
    });
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    const compiled = r.stdout
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.includes("node_modules"))
      .map((f) => path.resolve(f));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module found at run time, by path
    const real = require(path.join(packDir, "scripts", "compiled-pack.js")) as CompiledPackModule;
    const hashed = real
      .sourceFiles(packDir)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => path.resolve(f));
    assert.deepStrictEqual([...hashed].sort(), [...compiled].sort());
  });

  it("without bin/: the TypeScript sources", () => {
    const e = packEntry(pack);
    assert.strictEqual(e.compiled, false);
    assert.strictEqual(e.entry, path.join(pack, "index.ts"));
    assert.match(e.reason, /not built/);
  });

  it("bin/ built from the current sources: the compiled entry", () => {
    const entry = fakeBuild();
    const e = packEntry(pack);
    assert.strictEqual(e.compiled, true, e.reason);
    assert.strictEqual(e.entry, entry);
  });

  for (const [what, file] of [
    ["a rule", "policies/rules/index.ts"],
    ["the detection engine", "detection/shape.ts"],
    ["tsconfig.json", "policies/tsconfig.json"],
  ]) {
    it(`a change to ${what} after the build: back to the sources`, () => {
      fakeBuild();
      fs.appendFileSync(path.join(path.dirname(pack), file), "\n");
      const e = packEntry(pack);
      assert.strictEqual(e.compiled, false);
      assert.strictEqual(e.entry, path.join(pack, "index.ts"));
      assert.match(e.reason, /sources changed/);
    });
  }

  it("a new source file after the build: back to the sources", () => {
    fakeBuild();
    fs.writeFileSync(path.join(path.dirname(pack), "detection", "extra.ts"), "export const x = 1;\n");
    assert.strictEqual(packEntry(pack).compiled, false);
  });

  it("bin/ without its stamp (built by hand with tsc): the sources", () => {
    fakeBuild();
    fs.rmSync(path.join(pack, "bin", mod.STAMP_FILE));
    const e = packEntry(pack);
    assert.strictEqual(e.compiled, false);
    assert.match(e.reason, /missing/);
  });

  it("as installed from npm (bin/ without the TypeScript sources): the prebuilt bin/, whatever its stamp", () => {
    const entry = fakeBuild();
    fs.writeFileSync(path.join(pack, "bin", mod.STAMP_FILE), "stale\n");
    fs.rmSync(path.join(pack, "index.ts"));
    fs.rmSync(path.join(pack, "rules"), { recursive: true });
    const e = packEntry(pack);
    assert.strictEqual(e.compiled, true, e.reason);
    assert.strictEqual(e.entry, entry);
    assert.match(e.reason, /prebuilt/);
  });

  it("neither bin/ nor sources: an error that says how to fix it", () => {
    fs.rmSync(path.join(pack, "index.ts"));
    assert.throws(() => packEntry(pack), /neither bin\/policies\/index\.js nor index\.ts: reinstall genesys-oauth-guard/);
  });

  it("package.json starts the pack through the launcher and installs nothing of its own", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(pack, "package.json"), "utf8")) as {
      main: string;
      scripts: Record<string, string>;
      dependencies?: unknown;
    };
    assert.strictEqual(pkg.main, "launcher.js");
    assert.match(pkg.scripts.build, /tsc/);
    assert.strictEqual(pkg.dependencies, undefined, "the pack's dependencies resolve from the project it is installed in");
    assert.match(fs.readFileSync(path.join(pack, "launcher.js"), "utf8"), /packEntry\(__dirname\)\.entry/);
  });
});
