/**
 * The clean corpus: realistic stack states that hold no Genesys client secret, but plenty of things that
 * look random — certificates, JWTs and JWKS, SSH keys, nanoids, UUIDs, hashes, base64 blobs, ARNs, store
 * references, k8s manifests, image digests, Pulumi ciphertexts, connection strings without passwords, cron
 * expressions, git shas, semvers, hostnames. Every case is generated from a seed, so each run draws new
 * random material (tests/unit/leaks/clean.test.ts runs many seeds and expects zero findings).
 *
 * Deliberately absent (documented as indistinguishable by shape, see detection/shape-rules.ts): a 21-char
 * nanoid under a name that is not id-like, an unpadded base64 of exactly 15 bytes (20 characters of the
 * secret alphabet), a 12-byte nonce under a name other than nonce/iv/salt.
 */
import { Rand, base64Blob, fakeCertificateDer, jwt, pem, publicJwk, sshPublicKey } from "../random";

/** A resource of a corpus case (inputs are judged by resource validations, outputs by stack validations and the audit). */
export interface CorpusResource {
  type: string;
  name: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/** One case: resources plus the stack outputs. */
export interface CorpusCase {
  resources: CorpusResource[];
  stackOutputs: Record<string, unknown>;
}

/** A named generator. */
export interface CorpusEntry {
  name: string;
  build(r: Rand): CorpusCase;
}

const SIG = "4dabf18193072939515e22adb298388d";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";

/** A resource whose inputs and outputs are the same property bag. */
function res(type: string, name: string, props: Record<string, unknown>, id?: string): CorpusResource {
  return { type, name, id, inputs: { ...props }, outputs: { ...props } };
}

/** Base64 blob lengths that never make an unpadded 16/20/21/22-char token (12 and 15 bytes excluded, see file comment). */
function blobLength(r: Rand): number {
  for (;;) {
    const n = r.int(8, 600);
    if (n !== 12 && n !== 15) return n;
  }
}

/** Every case. */
export const CLEAN_CORPUS: readonly CorpusEntry[] = [
  {
    name: "tls self-signed certificate and chain",
    build: (r) => ({
      resources: [res("tls:index/selfSignedCert:SelfSignedCert", "web", { certPem: pem("CERTIFICATE", fakeCertificateDer(r)), validityPeriodHours: 8760, keyAlgorithm: "ECDSA", allowedUses: ["server_auth"] }, r.int(1e20, 9e20).toString())],
      stackOutputs: { certificate: pem("CERTIFICATE", fakeCertificateDer(r)), chain: pem("CERTIFICATE", fakeCertificateDer(r)) + pem("CERTIFICATE", fakeCertificateDer(r)) },
    }),
  },
  {
    name: "public keys in PEM (SPKI, RSA) and a CSR",
    build: (r) => ({
      resources: [res("tls:index/privateKey:PrivateKey", "signing", { algorithm: "RSA", rsaBits: 2048, publicKeyPem: pem("PUBLIC KEY", r.bytes(294)), publicKeyFingerprintSha256: `SHA256:${r.bytes(32).toString("base64").replace(/=+$/, "")}`, publicKeyFingerprintMd5: r.hex(16).match(/../g)!.join(":") }, r.hex(20))],
      stackOutputs: { rsaPublicKey: pem("RSA PUBLIC KEY", r.bytes(270)), csr: pem("CERTIFICATE REQUEST", r.bytes(r.int(400, 900))) },
    }),
  },
  {
    name: "ACM certificate with ARNs and validation records",
    build: (r) => {
      const arn = `arn:aws:acm:${r.region()}:${r.account()}:certificate/${r.uuid()}`;
      return {
        resources: [res("aws:acm/certificate:Certificate", "api", { arn, domainName: "api.example.com", domainValidationOptions: [{ resourceRecordName: `_${r.hex(16)}.api.example.com.`, resourceRecordValue: `_${r.hex(16)}.${r.chars(10, "abcdefghijklmnopqrstuvwxyz")}.acm-validations.aws.`, resourceRecordType: "CNAME" }], certificateBody: pem("CERTIFICATE", fakeCertificateDer(r)) }, arn)],
        stackOutputs: { certificateArn: arn },
      };
    },
  },
  {
    name: "JWTs (ID token, service account token)",
    build: (r) => ({
      resources: [res("kubernetes:core/v1:Secret", "sa-token", { type: "kubernetes.io/service-account-token", metadata: { name: "deployer-token", namespace: "ci" }, stringData: { "ca.crt": pem("CERTIFICATE", fakeCertificateDer(r)), namespace: "ci" } })],
      stackOutputs: { sampleIdToken: jwt(r), authHeaderExample: `Bearer ${jwt(r)}` },
    }),
  },
  {
    name: "JWKS document (structured and as JSON text)",
    build: (r) => {
      const keys = [publicJwk(r), publicJwk(r)];
      return {
        resources: [res("aws:s3/bucketObject:BucketObject", "jwks", { bucket: "auth-public", key: ".well-known/jwks.json", contentType: "application/json", content: JSON.stringify({ keys }), etag: r.hex(16) })],
        stackOutputs: { jwks: { keys } },
      };
    },
  },
  {
    name: "SSH public keys (authorized_keys, key pair resources)",
    build: (r) => ({
      resources: [res("aws:ec2/keyPair:KeyPair", "deploy", { keyName: "deploy", publicKey: sshPublicKey(r), fingerprint: r.hex(16).match(/../g)!.join(":"), keyPairId: `key-${r.hex(8).slice(0, 17)}` }, "deploy")],
      stackOutputs: { authorizedKeys: [sshPublicKey(r), sshPublicKey(r), sshPublicKey(r)].join("\n") },
    }),
  },
  {
    name: "cloud-init user data (base64) with SSH keys and a CA",
    build: (r) => {
      const cloudInit = `#cloud-config\nssh_authorized_keys:\n  - ${sshPublicKey(r)}\nca_certs:\n  trusted:\n    - |\n${pem("CERTIFICATE", fakeCertificateDer(r)).split("\n").map((l) => `      ${l}`).join("\n")}\nruncmd:\n  - [ systemctl, enable, --now, runner ]\n`;
      return { resources: [res("aws:ec2/instance:Instance", "runner", { ami: `ami-${r.hex(8).slice(0, 17)}`, instanceType: "t3.small", userDataBase64: Buffer.from(cloudInit).toString("base64"), privateIp: `10.0.${r.int(0, 255)}.${r.int(1, 254)}` }, `i-${r.hex(9).slice(0, 17)}`)], stackOutputs: {} };
    },
  },
  {
    name: "nanoid ids under id-named properties",
    build: (r) => ({
      resources: [res("custom:index:Tenant", "tenant", { id: r.nanoid(), requestId: r.nanoid(), members: [{ userId: r.nanoid(), name: "Ada" }, { userId: r.nanoid(), name: "Linus" }], shortId: r.nanoid() }, r.nanoid())],
      stackOutputs: { tenantId: r.nanoid(), correlationId: r.nanoid() },
    }),
  },
  {
    name: "UUIDs everywhere (Genesys ids)",
    build: (r) => ({
      resources: [res("genesyscloud:index/routingQueue:RoutingQueue", "support", { name: "Support", divisionId: r.uuid(), members: [r.uuid(), r.uuid()], wrapupCodes: [r.uuid()], selfUri: `/api/v2/routing/queues/${r.uuid()}` }, r.uuid())],
      stackOutputs: { queueId: r.uuid(), clientId: r.uuid(), orgId: r.uuid() },
    }),
  },
  {
    name: "hex hashes (md5, sha1, sha256, sha512) and ETags",
    build: (r) => ({
      resources: [res("aws:s3/bucketObject:BucketObject", "artifact", { etag: `"${r.hex(16)}"`, sourceHash: r.hex(32), checksumSha1: r.hex(20), checksumSha512: r.hex(64), versionId: r.chars(32, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._") })],
      stackOutputs: { buildHash: r.hex(32), md5: r.hex(16) },
    }),
  },
  {
    name: "sha256:/sha512- fingerprints and SRI integrity",
    build: (r) => ({
      resources: [res("npm:index:Package", "lock", { integrity: `sha512-${r.bytes(64).toString("base64")}`, resolved: "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz", scriptIntegrity: `sha384-${r.bytes(48).toString("base64")}` })],
      stackOutputs: { secretMarker: `sha256:${r.bytes(32).toString("base64url")}`, keyFingerprint: `SHA256:${r.bytes(32).toString("base64").replace(/=+$/, "")}` },
    }),
  },
  {
    name: "base64 blobs of random bytes (various lengths)",
    build: (r) => ({
      resources: [res("aws:lambda/function:Function", "fn", { sourceCodeHash: r.bytes(32).toString("base64"), layerHash: base64Blob(r, blobLength(r)), payload: base64Blob(r, blobLength(r)), codeSigningBlob: base64Blob(r, blobLength(r)) })],
      stackOutputs: { data: base64Blob(r, blobLength(r)), blobs: [base64Blob(r, blobLength(r)), base64Blob(r, blobLength(r)), base64Blob(r, blobLength(r))] },
    }),
  },
  {
    name: "12-byte nonces and IVs",
    build: (r) => ({
      resources: [res("custom:index:EncryptedBlob", "blob", { nonce: base64Blob(r, 12), iv: base64Blob(r, 12), salt: base64Blob(r, 16), algorithm: "AES-256-GCM", ciphertextLength: r.int(100, 900) })],
      stackOutputs: {},
    }),
  },
  {
    name: "ARNs (IAM, Secrets Manager, Lambda, KMS)",
    build: (r) => {
      const acct = r.account();
      const region = r.region();
      return {
        resources: [res("aws:iam/role:Role", "deployer", { arn: `arn:aws:iam::${acct}:role/deployer-role-${r.hex(4)}`, uniqueId: `AROA${r.chars(17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`, assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) })],
        stackOutputs: {
          secretArn: `arn:aws:secretsmanager:${region}:${acct}:secret:genesys/ci-client-${r.chars(6, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")}`,
          functionArn: `arn:aws:lambda:${region}:${acct}:function:handler-${r.chars(7, "abcdefghijklmnopqrstuvwxyz0123456789")}`,
          kmsKeyArn: `arn:aws:kms:${region}:${acct}:key/${r.uuid()}`,
        },
      };
    },
  },
  {
    name: "secret store references as stack outputs (secretStore & co)",
    build: (r) => ({
      resources: [],
      stackOutputs: {
        secretStore: r.pick([`vault://secret/genesys/ci-${r.int(1, 9)}`, `vault+https://vault.example.com/secret/data/genesys/ci`, `awssm://genesys/ci-client?region=${r.region()}`, `file://./.secrets/ci-client`]),
        secretStoreUrl: `vault+https://vault.example.com/v1/secret/data/genesys/${r.uuid()}`,
        storeReference: `awssm://genesys/${r.uuid()}?region=${r.region()}`,
        credentialsPath: "secret/data/genesys/ci",
      },
    }),
  },
  {
    name: "this project's OAuthClient (store, rotation, marker)",
    build: (r) => {
      const clientId = r.uuid();
      const inputs = { name: "ci-pipeline", authorizedGrantType: "CLIENT-CREDENTIALS", roles: ["Developer"], secretStore: `vault://secret/genesys/${clientId}`, rotation: { every: "30d" } };
      return {
        resources: [{ type: "pulumi-nodejs:dynamic/genesys-oauth-guard:OAuthClient", name: "ci-client", id: clientId, inputs, outputs: { ...inputs, clientId, storeVersion: String(r.int(1, 40)), secretMarker: `sha256:${r.bytes(32).toString("base64url")}`, rotatedAt: r.isoDate(), storeReference: inputs.secretStore } }],
        stackOutputs: { clientId, secretStore: inputs.secretStore, secretMarker: `sha256:${r.bytes(32).toString("base64url")}` },
      };
    },
  },
  {
    name: "k8s Deployment manifest (JSON and YAML text)",
    build: (r) => {
      const hash = r.chars(10, "bcdfghjklmnpqrstvwxz2456789");
      const digest = r.hex(32);
      const manifest = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "prod", labels: { "app.kubernetes.io/name": "web", "pod-template-hash": hash }, uid: r.uuid(), resourceVersion: String(r.int(1e5, 9e7)) }, spec: { replicas: 3, template: { spec: { containers: [{ name: "web", image: `ghcr.io/acme/web@sha256:${digest}`, env: [{ name: "LOG_LEVEL", value: "info" }] }] } } } };
      const yaml = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-${r.k8sSuffix()}\n  labels:\n    pod-template-hash: ${hash}\nspec:\n  containers:\n  - name: web\n    image: ghcr.io/acme/web@sha256:${digest}\n`;
      return { resources: [res("kubernetes:apps/v1:Deployment", "web", manifest, `prod/web`), res("kubernetes:yaml:ConfigFile", "pod", { yaml })], stackOutputs: { podName: `web-${r.k8sSuffix()}` } };
    },
  },
  {
    name: "k8s ConfigMap and kubeconfig (base64 CA data, token is a JWT)",
    build: (r) => {
      const kubeconfig = `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ${Buffer.from(pem("CERTIFICATE", fakeCertificateDer(r))).toString("base64")}\n    server: https://${r.hex(16).toUpperCase()}.gr7.${r.region()}.eks.amazonaws.com\n  name: prod\nusers:\n- name: ci\n  user:\n    token: ${jwt(r)}\n`;
      return { resources: [res("kubernetes:core/v1:ConfigMap", "settings", { data: { "app.properties": "feature.x=true\nretries=3\n", endpoint: "https://api.mypurecloud.ie" } })], stackOutputs: { kubeconfig } };
    },
  },
  {
    name: "docker image digests and tags",
    build: (r) => ({
      resources: [res("docker:index/image:Image", "app", { imageName: `registry.example.com/team/app:${r.semver()}`, repoDigest: `registry.example.com/team/app@sha256:${r.hex(32)}`, baseImageName: `node:20-alpine@sha256:${r.hex(32)}`, context: "./app" }, `sha256:${r.hex(32)}`)],
      stackOutputs: { image: `registry.example.com/team/app@sha256:${r.hex(32)}` },
    }),
  },
  {
    name: "Pulumi ciphertexts as plain strings (config secure values)",
    build: (r) => ({
      resources: [res("custom:index:ConfigCopy", "cfg", { adminToken: { secure: `v1:${r.bytes(12).toString("base64")}:${r.bytes(r.int(24, 80)).toString("base64")}` }, note: `v1:${r.bytes(40).toString("base64")}` })],
      stackOutputs: { encryptedBlob: `v1:${r.bytes(16).toString("base64")}:${r.bytes(48).toString("base64")}` },
    }),
  },
  {
    name: "connection strings without passwords",
    build: (r) => ({
      resources: [res("custom:index:App", "api", { databaseUrl: `postgres://app@db-${r.hex(4)}.internal:5432/app?sslmode=require&application_name=api`, mongoUrl: `mongodb+srv://cluster0.${r.chars(5, "abcdefghijklmnopqrstuvwxyz0123456789")}.mongodb.net/app?retryWrites=true&w=majority`, sqlServer: `Server=tcp:${r.chars(8, "abcdefghij")}.database.windows.net,1433;Database=app;Authentication=Active Directory Managed Identity;Encrypt=True`, redis: `rediss://cache.${r.region()}.cache.amazonaws.com:6379/0` })],
      stackOutputs: { dsn: `mysql://readonly@mysql.internal:3306/reporting` },
    }),
  },
  {
    name: "cron and rate expressions, schedules",
    build: (r) => ({
      resources: [res("aws:cloudwatch/eventRule:EventRule", "nightly", { scheduleExpression: r.pick(["cron(0 12 * * ? *)", "rate(5 minutes)", "cron(15 3 ? * MON-FRI *)"]), description: "Nightly rotation check", eventBusName: "default" }), res("kubernetes:batch/v1:CronJob", "job", { schedule: r.pick(["0 */6 * * *", "*/15 * * * *", "30 2 * * 1-5"]), concurrencyPolicy: "Forbid" })],
      stackOutputs: { schedule: "0 3 * * *" },
    }),
  },
  {
    name: "git shas and build metadata",
    build: (r) => {
      const sha = r.gitSha();
      return {
        resources: [res("custom:index:Build", "build", { commit: sha, shortSha: sha.slice(0, 7), ref: `refs/heads/release/${r.semver()}`, buildInfo: `app@${r.semver()} (${sha.slice(0, 7)}) built ${r.isoDate()}`, runUrl: `https://github.com/acme/app/actions/runs/${r.int(1e9, 9e9)}/job/${r.int(1e10, 9e10)}` })],
        stackOutputs: { commit: sha, tree: r.gitSha() },
      };
    },
  },
  {
    name: "semvers and dates",
    build: (r) => ({
      resources: [res("custom:index:Release", "rel", { version: r.semver(), previous: r.semver(), releasedAt: r.isoDate(), epochMillis: Date.UTC(2026, 0, 1) + r.int(0, 1e10), httpDate: new Date(r.isoDate()).toUTCString() })],
      stackOutputs: { version: r.semver(), deployedAt: r.isoDate() },
    }),
  },
  {
    name: "hostnames and endpoints",
    build: (r) => ({
      resources: [res("aws:cloudfront/distribution:Distribution", "cdn", { domainName: `d${r.chars(13, "abcdefghijklmnopqrstuvwxyz0123456789")}.cloudfront.net`, etag: `E${r.chars(13, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}`, hostedZoneId: "Z2FDTNDATAQYW2", status: "Deployed", privateDns: `ip-10-0-${r.int(0, 255)}-${r.int(1, 254)}.${r.region()}.compute.internal` }, `E${r.chars(13, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}`)],
      stackOutputs: { apiHost: "api.mypurecloud.ie", loginHost: "login.mypurecloud.ie", lb: `internal-web-${r.int(1e8, 9e8)}.${r.region()}.elb.amazonaws.com` },
    }),
  },
  {
    name: "AWS access key ids and upper-case ids (not Genesys secrets)",
    build: (r) => ({
      resources: [res("aws:iam/accessKey:AccessKey", "ci", { user: "ci", id: `AKIA${r.chars(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`, status: "Active", createDate: r.isoDate() }, `AKIA${r.chars(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`)],
      stackOutputs: { accessKeyId: `AKIA${r.chars(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`, distributionId: `E${r.chars(13, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}` },
    }),
  },
  {
    name: "Azure resource ids and GCP service accounts",
    build: (r) => ({
      resources: [res("azure-native:web:WebApp", "app", { id: `/subscriptions/${r.uuid()}/resourceGroups/rg-prod/providers/Microsoft.Web/sites/app-prod-${r.hex(3)}`, principalId: r.uuid(), tenantId: r.uuid(), outboundIpAddresses: "20.1.2.3,20.1.2.4" })],
      stackOutputs: { serviceAccount: `deployer@acme-prod-${r.int(100000, 999999)}.iam.gserviceaccount.com`, projectNumber: String(r.int(1e11, 9e11)) },
    }),
  },
  {
    name: "@pulumi/random outputs (random by design, exempt by type)",
    build: (r) => {
      const b = r.bytes(16);
      return {
        resources: [{ type: "random:index/randomId:RandomId", name: "suffix", id: b.toString("base64url"), inputs: { byteLength: 16 }, outputs: { b64Url: b.toString("base64url"), b64Std: b.toString("base64"), hex: b.toString("hex"), dec: BigInt(`0x${b.toString("hex")}`).toString(), id: b.toString("base64url"), byteLength: 16 } }],
        stackOutputs: {},
      };
    },
  },
  {
    name: "StringAsset with a configuration text",
    build: (r) => ({
      resources: [res("aws:s3/bucketObject:BucketObject", "config", { source: { [SIG]: ASSET_SIG, hash: r.hex(32), text: `# generated ${r.isoDate()}\nregion = "${r.region()}"\nclient_id = "${r.uuid()}"\nsecret_store = "vault://secret/genesys/ci"\nimage = "app@sha256:${r.hex(32)}"\n` }, key: "config/app.toml" })],
      stackOutputs: {},
    }),
  },
  {
    name: "URLs with query strings (no credentials)",
    build: (r) => ({
      resources: [res("custom:index:Links", "links", { dashboard: `https://grafana.example.com/d/${r.chars(9, "abcdefghijklmnopqrstuvwxyz0123456789")}/api?orgId=1&from=now-6h&to=now&var-env=prod`, docs: `https://docs.example.com/guide?version=${r.semver()}#rotation`, image: `https://cdn.example.com/img/${r.uuid()}.png?w=640&v=${r.gitSha().slice(0, 8)}`, oauthCallback: "https://app.example.com/oauth/callback?state=ok" })],
      stackOutputs: { statusPage: "https://status.mypurecloud.com/?region=eu-west-1" },
    }),
  },
  {
    name: "presigned URLs (signature, %-encoded session token)",
    build: (r) => {
      const token = `IQoJb3JpZ2luX2Vj${r.bytes(r.int(300, 700)).toString("base64")}`;
      const url = `https://acme-artifacts.s3.${r.region()}.amazonaws.com/builds/app-${r.semver()}.zip?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIA${r.chars(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}%2F20261125%2F${r.region()}%2Fs3%2Faws4_request&X-Amz-Date=20261125T101500Z&X-Amz-Expires=3600&X-Amz-Security-Token=${encodeURIComponent(token)}&X-Amz-SignedHeaders=host&X-Amz-Signature=${r.hex(32)}`;
      return { resources: [res("custom:index:Download", "artifact", { url, expiresAt: r.isoDate() })], stackOutputs: {} };
    },
  },
  {
    name: "scripts and commands without secrets",
    build: (r) => ({
      resources: [res("command:local:Command", "deploy", { create: `set -euo pipefail\nexport CLIENT_ID=${r.uuid()}\nexport SECRET_STORE=vault://secret/genesys/ci\ngenesys-oauth-guard verify --store "$SECRET_STORE"\nkubectl rollout status deploy/web-${r.k8sSuffix().split("-")[0]} --timeout=120s\n`, environment: { AWS_REGION: r.region(), GIT_SHA: r.gitSha() } })],
      stackOutputs: {},
    }),
  },
  {
    name: "Genesys resources without secrets (names, divisions, dates)",
    build: (r) => ({
      resources: [res("genesyscloud:index/oauthClient:OauthClient", "integration", { name: "Reporting integration", description: "Client credentials for nightly reporting", authorizedGrantType: "CLIENT-CREDENTIALS", accessTokenValiditySeconds: 86400, roles: [{ roleId: r.uuid(), divisionId: r.uuid() }], exposeClientSecret: false, state: "active", dateCreated: r.isoDate() }, r.uuid())],
      stackOutputs: { integrationClientId: r.uuid(), region: "mypurecloud.ie" },
    }),
  },
  {
    name: "JSON documents as text (policies, task definitions)",
    build: (r) => ({
      resources: [res("aws:ecs/taskDefinition:TaskDefinition", "task", { containerDefinitions: JSON.stringify([{ name: "app", image: `${r.account()}.dkr.ecr.${r.region()}.amazonaws.com/app@sha256:${r.hex(32)}`, environment: [{ name: "SECRET_STORE", value: "awssm://genesys/app" }], secrets: [{ name: "CLIENT_SECRET", valueFrom: `arn:aws:secretsmanager:${r.region()}:${r.account()}:secret:genesys/app-${r.chars(6, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")}` }] }]), revision: r.int(1, 300) })],
      stackOutputs: {},
    }),
  },
];
