/** Which Genesys clients a set of Pulumi states manages: OAuthClients of both hosts and ClientPairs, by exact type token. */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { resolveSources } from "../../../audit";
import { NATIVE_OAUTH_CLIENT_TYPE } from "../../../domain/native-types";
import { CLIENT_PAIR_TYPE, OAUTH_CLIENT_TYPE } from "../../../domain/resource-types";
import { findManagedClients } from "../../../inventory/managed";

describe("inventory: managed clients", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-managed-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("counts the dynamic and the native OAuthClient and a ClientPair's clients, nothing else", async () => {
    const resource = (type: string, name: string, outputs: Record<string, unknown>) => ({
      urn: `urn:pulumi:prod::payments::${type}::${name}`,
      type,
      id: name,
      custom: true,
      outputs,
    });
    const file = path.join(dir, "prod.json");
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: 3,
        deployment: {
          manifest: {},
          resources: [
            resource(OAUTH_CLIENT_TYPE, "dynamic", { clientId: "c-dynamic", secretStore: "file://./a" }),
            resource(NATIVE_OAUTH_CLIENT_TYPE, "imported", { clientId: "c-native", secretStore: "file://./b" }),
            resource(CLIENT_PAIR_TYPE, "pair", { clientIds: ["c-blue", "c-green"] }),
            resource("genesyscloud:index/oauthClient:OauthClient", "bridged", { clientId: "c-bridged" }),
          ],
        },
      }),
    );
    const managed = await findManagedClients([...resolveSources({ paths: [file] })]);
    assert.deepEqual([...managed.byClientId.keys()].sort(), ["c-blue", "c-dynamic", "c-green", "c-native"]);
    assert.equal(managed.byClientId.get("c-native")?.[0]?.storeReference, "file://./b");
  });
});
