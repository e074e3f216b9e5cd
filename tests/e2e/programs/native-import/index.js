// The program a user writes after `pulumi import genesys-oauth-guard:index:OAuthClient app <id>`: the native class
// (the same type token), the settings the program wants (which differ from the imported client's), the store the
// first `pulumi up` regenerates the secret into, and `protect`, as the generated code has it. Plain JavaScript so
// the engine runs it without a compile step; the package resolves through the linked node_modules.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { OAuthClient } = require("genesys-oauth-guard/native");

const config = new pulumi.Config();

const client = new OAuthClient(
  "app",
  {
    name: config.get("clientName") || "tf-app",
    description: "e2e app service account",
    authorizedGrantType: "CLIENT-CREDENTIALS",
    roles: ["Developer"],
    accessTokenValiditySeconds: 3600,
    secretStore: config.require("secretStore"),
  },
  // Config `importId`: the engine's import resource option (imports the client, then the same up adopts it).
  config.get("importId") ? { protect: true, import: config.get("importId") } : { protect: true },
);

exports.clientId = client.clientId;
exports.secretMarker = client.secretMarker;
exports.rotationId = client.rotationId;
