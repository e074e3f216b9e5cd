/**
 * The OAuthClient class turns the `import` resource option into the adoption input `adoptClientId`: the
 * engine never sees `import` (it cannot import a dynamic resource), the provider gets the id. Pulumi's mocks
 * capture what the engine would be asked (the import id is `args.id` there).
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as sinon from "sinon";
import { isGuardError } from "../../../core/errors";
import { OAuthClient, OAUTH_CLIENT_TYPE } from "../../../providers/oauth-client";

interface Registered {
  name: string;
  importId: string | undefined;
  inputs: Record<string, unknown>;
}

function settled(output: pulumi.Output<unknown>): Promise<void> {
  return new Promise((resolve) => output.apply(() => resolve()));
}

describe("providers: OAuthClient class with { import }", () => {
  const registered: Registered[] = [];
  let info: sinon.SinonStub;

  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          if (args.type === OAUTH_CLIENT_TYPE)
            registered.push({ name: args.name, importId: args.id || undefined, inputs: args.inputs as Record<string, unknown> });
          return { id: `${args.name}-id`, state: { ...(args.inputs as Record<string, unknown>), clientId: `${args.name}-id` } };
        },
        call: (args) => args.inputs as Record<string, unknown>,
      },
      "adopt",
      "dev",
      false,
    );
  });

  beforeEach(() => {
    info = sinon.stub(pulumi.log, "info").resolves();
  });
  afterEach(() => sinon.restore());

  const args = { name: "ci-bot", authorizedGrantType: "CLIENT-CREDENTIALS" as const, roles: ["Developer"], secretStore: "file://./.secrets/ci" };

  it("passes the import id to the provider as adoptClientId and never to the engine, and says what import means", async () => {
    const client = new OAuthClient("from-import", args, { import: "0f6a3c2e-1111-4000-8000-000000000001", retainOnDelete: true });
    await settled(client.clientId);
    const r = registered.find((x) => x.name === "from-import");
    assert.ok(r);
    assert.equal(r.importId, undefined, "the engine is not asked to import");
    assert.equal(r.inputs.adoptClientId, "0f6a3c2e-1111-4000-8000-000000000001");
    assert.ok(info.called, "an info message on the resource");
    const [message, resource] = info.firstCall.args as [string, pulumi.Resource];
    assert.match(
      message,
      /^import 0f6a3c2e-1111-4000-8000-000000000001: while this resource is not in the stack, pulumi up adopts the existing client instead of creating one and regenerates its secret into file:\/\/\.\/\.secrets\/ci \(the current secret is treated as leaked\); once adopted, import is ignored$/,
    );
    assert.equal(resource, client);
  });

  it("takes the id as the adoptClientId argument too; without either there is no adoption and no message", async () => {
    const explicit = new OAuthClient("from-arg", { ...args, adoptClientId: "abc-2" });
    const plain = new OAuthClient("plain", args);
    await Promise.all([settled(explicit.clientId), settled(plain.clientId)]);
    assert.equal(registered.find((x) => x.name === "from-arg")?.inputs.adoptClientId, "abc-2");
    assert.equal(registered.find((x) => x.name === "plain")?.inputs.adoptClientId, undefined);
    assert.equal(info.callCount, 1);
  });

  it("refuses two different ids", () => {
    assert.throws(
      () => new OAuthClient("both", { ...args, adoptClientId: "abc-3" }, { import: "abc-4" }),
      (e: unknown) => isGuardError(e, "input.invalid") && e.message.includes("name different clients"),
    );
  });
});
