// What `pulumi import genesys-oauth-guard:index:OAuthClient app <id>` generates for the client of
// tests/e2e/providers/native-import.test.ts (plus a role in all divisions), as Pulumi v3.274.1's importer and Node.js
// program generator write it from the plugin's schema (scripts/toolchain/import-codegen/run.sh; the CLI built here
// cannot generate code itself). Kept verbatim except the two marked lines, and type-checked against this package by
// `npm run typecheck:programs`, so the generated code keeps compiling against `genesys-oauth-guard/native`.
import * as pulumi from "@pulumi/pulumi";
import * as genesys_oauth_guard from "genesys-oauth-guard/native";

const app = new genesys_oauth_guard.OAuthClient("app", {
    accessTokenValiditySeconds: 86400,
    authorizedGrantType: "CLIENT-CREDENTIALS",
    description: "Managed by Terraform",
    name: "tf-app",
    redirectUris: [],
    roles: [
        {
            role: "Employee",
        },
        {
            division: "*",
            role: "Developer",
        },
    ],
    scopes: [],
    secretStore: "vault://secret/genesys/app", // generated as "": the importer cannot know the store (changed)
    state: "active",
}, {
    protect: true,
});


export const clientId: pulumi.Output<string> = app.clientId; // added: uses the generated names (noUnusedLocals)
