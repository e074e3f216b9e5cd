import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
// A value shaped like a Genesys client secret (22 random characters), exported under an innocent name.
export const buildInfo = config.get("buildInfo") ?? "q7R2xK9mW4tZ8vN3pL6sJd";
