import * as pulumi from "@pulumi/pulumi";

export const result = pulumi.secret(new pulumi.Config().get("value") ?? "Hq7Wd2Kz9Lp4Xm8Rt3Vb6n");
