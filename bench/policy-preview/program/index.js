// config `resources` resources in all (default 500): config `oauthClients` of ours (OAuthClient + its SecretRotation
// into the file store; preview only runs check(), which makes no API call) and the rest dynamic resources
// of a trivial provider that needs no network, with realistic nested inputs for the policies to walk.
// Plain JavaScript so the engine runs it without a compile step.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { OAuthClient } = require("genesys-oauth-guard");
const { serviceInputs } = require("./service-inputs");

const config = new pulumi.Config();
const total = config.getNumber("resources") || 500;
// Each OAuthClient with rotation is two resources (the client and its SecretRotation).
const ours = Math.min(Math.floor(total / 2), config.getNumber("oauthClients") || 0);

const provider = {
  async create(inputs) {
    return { id: `svc-${inputs.name}`, outs: { ...inputs, endpoint: `https://${inputs.name}.internal.example.com` } };
  },
  async diff() {
    return { changes: false };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async delete() {},
};

const services = [];
for (let i = 0; i < total - 2 * ours; i++) {
  const svc = new pulumi.dynamic.Resource(provider, `service-${i}`, serviceInputs(i));
  if (i < 10) services.push(svc.id);
}

for (let i = 0; i < ours; i++) {
  new OAuthClient(`client-${i}`, {
    name: `bench-preview-${i}`,
    authorizedGrantType: "CLIENT-CREDENTIALS",
    roles: ["Developer"],
    secretStore: `file://./.secrets/client-${i}`,
    rotation: { every: "30d" },
  });
}

exports.firstServices = services;
exports.resourceCount = total;
