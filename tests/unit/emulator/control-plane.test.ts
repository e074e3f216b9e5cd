/** The control plane has no token: it must refuse browsers (any Origin) and non-loopback Host names. */
import { strict as assert } from "assert";
import * as http from "http";
import { startEmulator, RunningEmulator } from "../../../emulator";

function post(emu: RunningEmulator, path: string, headers: Record<string, string>, body: string): Promise<number> {
  const url = new URL(emu.baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method: "POST", headers: { "content-type": "text/plain", ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("emulator control plane", function () {
  this.timeout(20_000);
  let emu: RunningEmulator;
  const knobs = JSON.stringify({ latencyMs: 5000 });

  beforeEach(async () => {
    emu = await startEmulator({ adminClientId: "cp-admin", adminClientSecret: "cp-admin-secret-000001" });
  });
  afterEach(() => emu.close());

  const latency = async (): Promise<number> => ((await (await fetch(`${emu.baseUrl}/__emulator/knobs`)).json()) as { latencyMs: number }).latencyMs;

  it("refuses a cross-origin text/plain POST and leaves the knobs unchanged", async () => {
    assert.equal(await post(emu, "/__emulator/knobs", { origin: "https://evil.example" }, knobs), 403);
    assert.equal(await post(emu, "/__emulator/reset", { origin: "null" }, ""), 403);
    assert.equal(await latency(), 0);
  });

  it("refuses a non-loopback Host (DNS rebinding) and accepts the loopback names", async () => {
    const port = new URL(emu.baseUrl).port;
    assert.equal(await post(emu, "/__emulator/knobs", { host: `rebind.example:${port}` }, knobs), 403);
    assert.equal(await post(emu, "/__emulator/knobs", { host: `10.1.2.3:${port}` }, knobs), 403);
    assert.equal(await latency(), 0);
    assert.equal(await post(emu, "/__emulator/knobs", { host: `localhost:${port}` }, JSON.stringify({ latencyMs: 1 })), 200);
    assert.equal(await post(emu, "/__emulator/knobs", { host: `[::1]:${port}` }, JSON.stringify({ latencyMs: 2 })), 200);
    assert.equal(await latency(), 2);
  });
});
