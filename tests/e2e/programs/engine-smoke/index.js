// A dynamic resource whose create/update/delete record what happened, so the test can see the engine ran them.
"use strict";
const pulumi = require("@pulumi/pulumi");

const provider = {
  async create(inputs) {
    return { id: `thing-${inputs.label}`, outs: { label: inputs.label, createdBy: "dynamic-provider" } };
  },
  async update(id, olds, news) {
    return { outs: { label: news.label, createdBy: olds.createdBy, updated: true } };
  },
  async delete() {},
};

const config = new pulumi.Config();
const thing = new pulumi.dynamic.Resource(provider, "thing", { label: config.get("label") || "one" });
exports.thingId = thing.id;
exports.label = thing.label;
