// State for the audit's end-to-end test. `mode: clean` — a dynamic provider that reads its credential inside
// the method (nothing captured). `mode: leaky` — the mistakes the audit must find, made through the real engine:
// a credential captured at module level into `__provider`, a secret in a stack output (encrypted), and a
// client secret set as plain config (in the checkpoint's config and the pulumi-nodejs provider's inputs).
"use strict";
const pulumi = require("@pulumi/pulumi");

const config = new pulumi.Config();
const mode = config.get("mode") || "clean";

const safeProvider = {
  async create(inputs) {
    const credential = process.env.AUDIT_E2E_CREDENTIAL || ""; // read at run time: never serialized
    return { id: `safe-${inputs.label}`, outs: { label: inputs.label, configured: credential.length > 0 } };
  },
};
const safe = new pulumi.dynamic.Resource(safeProvider, "safe", { label: "one" });
exports.safeId = safe.id;

if (mode === "leaky") {
  const captured = { clientSecret: config.require("capturedSecret") }; // module level: lands in __provider
  const leakyProvider = {
    async create(inputs) {
      return { id: `leaky-${captured.clientSecret.length}`, outs: { label: inputs.label } };
    },
  };
  const leaky = new pulumi.dynamic.Resource(leakyProvider, "leaky", { label: config.get("label") || "one" });
  exports.leakyId = leaky.id;
  exports.pipelineSettings = pulumi.secret(config.require("outputSecret"));
}
