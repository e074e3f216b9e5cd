import * as pulumi from "@pulumi/pulumi";

const stack = pulumi.getStack();
export const clientId = "0f6c3b52-1b4e-4c8e-9a0d-5a4e2f7c9b11";
export const storeReference = "vault+https://vault.example.com/secret/data/genesys/ci";
export const secretMarker = "sha256:Ab3dE5fG7hI9jK1lMn0pQr2sT4uV6wX8yZ";
export const deployedAt = "2026-11-25T09:45:00Z";
export const environment = `prod-${stack}`;
