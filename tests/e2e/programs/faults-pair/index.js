// A ClientPair whose current credential is in the store named by config `secretStore`; each change of
// config `trigger` rotates the standby client. Plain JavaScript so the engine runs it without a compile step.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { ClientPair } = require("genesys-oauth-guard");

const config = new pulumi.Config();
const pair = new ClientPair("pair", {
  name: config.get("clientName") || "e2e-faults-pair",
  description: "e2e crash tests, alternating clients",
  authorizedGrantType: "CLIENT-CREDENTIALS",
  roles: ["Developer"],
  accessTokenValiditySeconds: 3600,
  secretStore: config.require("secretStore"),
  trigger: config.get("trigger") || "1",
  verifyTimeoutSeconds: 60,
});

exports.clientIds = pair.clientIds;
exports.currentClientId = pair.currentClientId;
