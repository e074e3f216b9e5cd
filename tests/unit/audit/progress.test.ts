import * as assert from "assert";
import { createStderrProgress } from "../../../audit/progress";

describe("audit/progress", () => {
  it("stays quiet for short audits and then reports inputs, megabytes and MB/s", () => {
    const lines: string[] = [];
    let now = 0;
    const p = createStderrProgress({ write: (t) => lines.push(t), tty: false, now: () => now, delayMs: 1000 });
    p.start("a.json", 0, 2);
    p.bytes(5e6);
    assert.deepStrictEqual(lines, []);
    now = 2000;
    p.bytes(5e6);
    assert.strictEqual(lines.length, 1);
    assert.match(lines[0], /^audit: 0\/2 inputs, 10\.0 MB, 5\.0 MB\/s — a\.json\n$/);
    now = 3000;
    p.bytes(1e6);
    assert.strictEqual(lines.length, 1, "at most one line every few seconds when not a terminal");
    p.finish();
  });

  it("rewrites one line on a terminal and clears it at the end", () => {
    const out: string[] = [];
    let now = 5000;
    const p = createStderrProgress({ write: (t) => out.push(t), tty: true, now: () => now, delayMs: 0 });
    p.start("b.json", 0, 1);
    now += 500;
    p.bytes(1e6);
    p.finish();
    assert.ok(out.every((t) => t.startsWith("\r\x1b[K")));
    assert.strictEqual(out[out.length - 1], "\r\x1b[K");
  });
});
