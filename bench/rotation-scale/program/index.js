// N OAuthClients (config `clients`), each with a child SecretRotation into its own file-store record under
// config `storeDir`. Changing config `round` rotates every client. Plain JavaScript so the engine runs it
// without a compile step; the package resolves through the linked node_modules.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { OAuthClient } = require("genesys-oauth-guard");

const config = new pulumi.Config();
const clients = config.requireNumber("clients");
const storeDir = config.require("storeDir");
const round = config.get("round") || "1";

const ids = [];
for (let i = 0; i < clients; i++) {
  const client = new OAuthClient(`client-${i}`, {
    name: `bench-stack-${i}`,
    description: "bench/rotation-scale",
    authorizedGrantType: "CLIENT-CREDENTIALS",
    roles: ["Developer"],
    accessTokenValiditySeconds: 3600,
    secretStore: `file://${storeDir}/client-${i}`,
    rotation: { trigger: round },
  });
  ids.push(client.clientId);
}
exports.clientCount = ids.length;
