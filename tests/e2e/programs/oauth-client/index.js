// An OAuthClient whose secret goes to the store named by config `secretStore`; with config `rotate`
// set, a SecretRotation rotates it whenever config `trigger` changes; with config `rotationEvery`
// ("30d"), the client's own `rotation: { every }` (a child SecretRotation rotating by age); with config
// `importId`, the client adopts that existing Genesys client (`{ import: id }`) instead of creating one. Plain JavaScript so the engine
// runs it without a compile step; the package resolves through the linked node_modules.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { OAuthClient, SecretRotation } = require("genesys-oauth-guard");

const config = new pulumi.Config();
const secretStore = config.require("secretStore");

const client = new OAuthClient(
  "ci",
  {
    name: config.get("clientName") || "e2e-ci",
    description: config.get("description") || "e2e CI service account",
    authorizedGrantType: "CLIENT-CREDENTIALS",
    roles: [config.get("role") || "Developer"],
    accessTokenValiditySeconds: 3600,
    secretStore,
    deleteSecretOnDestroy: config.getBoolean("deleteSecretOnDestroy") || false,
    exposeSecretAsOutput: config.getBoolean("exposeSecret") || false,
    rotation: config.get("rotationEvery") ? { every: config.get("rotationEvery"), verifyTimeoutSeconds: 60 } : undefined,
  },
  config.get("importId") ? { import: config.get("importId") } : undefined,
);

exports.clientId = client.clientId;
exports.secretStore = client.secretStore;
exports.secretMarker = client.secretMarker;
// A leak on purpose (policy-pack control): the exposed secret as a stack output.
if (config.getBoolean("exportSecret")) exports.leakedSecret = client.clientSecret;
if (client.secretRotation) {
  exports.childRotationId = client.secretRotation.rotationId;
  exports.childRotatedAt = client.secretRotation.rotatedAt;
}

if (config.getBoolean("rotate")) {
  const rotation = new SecretRotation("ci-rotation", {
    clientId: client.clientId,
    secretStore,
    trigger: config.get("trigger") || "1",
    verifyTimeoutSeconds: 60,
  });
  exports.rotatedAt = rotation.rotatedAt;
  exports.rotationMarker = rotation.secretMarker;
}
