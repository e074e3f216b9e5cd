import * as pulumi from "@pulumi/pulumi";

const value = new pulumi.Config().get("value") ?? "Zt4pQ8wLm2Xr6vB9nK3yHs";
export const deployment = { region: "mypurecloud.com", clients: [{ name: "ci", auth: value }] };
