/**
 * Seeded random material for the leak corpora: bytes, base64/hex, ids (UUID, nanoid), PEM armour, JWTs,
 * SSH public keys. Everything derives from one seed so a failing run can be replayed (the tests print it).
 */
import { createHash } from "crypto";
import { prng } from "../support/fixtures/state-builder";

/** A seeded source of random material. */
export class Rand {
  private readonly next: () => number;

  /** `seed`: any 32-bit integer. */
  constructor(readonly seed: number) {
    this.next = prng(seed);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next();
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** `n` random bytes. */
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = Math.floor(this.next() * 256);
    return b;
  }

  /** `n` characters of `alphabet`. */
  chars(n: number, alphabet: string): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }

  /** Lower-case hex of `n` random bytes. */
  hex(n: number): string {
    return this.bytes(n).toString("hex");
  }

  /** A v4 UUID. */
  uuid(): string {
    const h = this.hex(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[this.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** A nanoid (21 characters of [A-Za-z0-9_-], nanoid's default). */
  nanoid(): string {
    return this.chars(21, "useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict");
  }

  /** A lower-case k8s-style random suffix (`7d4b9c8f6-x2kqz`). */
  k8sSuffix(): string {
    return `${this.chars(this.int(8, 10), "bcdfghjklmnpqrstvwxz2456789")}-${this.chars(5, "bcdfghjklmnpqrstvwxz2456789")}`;
  }

  /** A 40-char git sha. */
  gitSha(): string {
    return createHash("sha1").update(this.bytes(16)).digest("hex");
  }

  /** A semantic version. */
  semver(): string {
    const core = `${this.int(0, 12)}.${this.int(0, 40)}.${this.int(0, 99)}`;
    return this.pick([
      core,
      `v${core}`,
      `${core}-rc.${this.int(1, 9)}`,
      `${core}-alpha.${this.int(1, 9)}+build.${this.int(20240101, 20261231)}`,
      `${core}+${this.gitSha().slice(0, 7)}`,
    ]);
  }

  /** An ISO-8601 timestamp in 2024–2026. */
  isoDate(): string {
    return new Date(Date.UTC(2024, 0, 1) + Math.floor(this.next() * 3 * 365 * 86400_000)).toISOString();
  }

  /** A 12-digit AWS account id. */
  account(): string {
    return String(this.int(100000000000, 999999999999));
  }

  /** An AWS region. */
  region(): string {
    return this.pick(["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ca-central-1"]);
  }
}

/** PEM armour of `der` with a label (`CERTIFICATE`, `PUBLIC KEY`, ...), 64-column lines. */
export function pem(label: string, der: Buffer): string {
  const body = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${body.join("\n")}\n-----END ${label}-----\n`;
}

/** A DER-looking certificate body (SEQUENCE header + random content) of realistic size. */
export function fakeCertificateDer(r: Rand): Buffer {
  const n = r.int(600, 1400);
  return Buffer.concat([Buffer.from([0x30, 0x82, (n >> 8) & 0xff, n & 0xff]), r.bytes(n)]);
}

/** An RFC 4253 SSH public key line (`ssh-ed25519 AAAA... comment` or ssh-rsa). */
export function sshPublicKey(r: Rand): string {
  const string = (b: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, (b.length >> 8) & 0xff, b.length & 0xff]), b]);
  if (r.float() < 0.5) {
    const blob = Buffer.concat([string(Buffer.from("ssh-ed25519")), string(r.bytes(32))]);
    return `ssh-ed25519 ${blob.toString("base64")} deploy@ci-${r.int(1, 99)}`;
  }
  const blob = Buffer.concat([string(Buffer.from("ssh-rsa")), string(Buffer.from([1, 0, 1])), string(Buffer.concat([Buffer.from([0]), r.bytes(256)]))]);
  return `ssh-rsa ${blob.toString("base64")} ops@bastion`;
}

/** A JWT with a JSON header and payload and a random signature (RS256-sized or HS256-sized). */
export function jwt(r: Rand): string {
  const enc = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString("base64url");
  const header = { alg: r.pick(["RS256", "ES256", "HS256"]), typ: "JWT", kid: r.bytes(20).toString("base64url") };
  const payload = { sub: r.uuid(), iss: "https://login.mypurecloud.ie", aud: r.uuid(), iat: r.int(1.7e9, 1.8e9), exp: r.int(1.8e9, 1.9e9), jti: r.nanoid() };
  return `${enc(header)}.${enc(payload)}.${r.bytes(header.alg === "RS256" ? 256 : 32).toString("base64url")}`;
}

/** A public JWK (RSA or EC P-256) with an RFC 7638-style thumbprint kid. */
export function publicJwk(r: Rand): Record<string, string> {
  const kid = r.bytes(32).toString("base64url");
  if (r.float() < 0.5) return { kty: "RSA", use: "sig", alg: "RS256", kid, n: r.bytes(256).toString("base64url"), e: "AQAB" };
  return { kty: "EC", use: "sig", alg: "ES256", crv: "P-256", kid, x: r.bytes(32).toString("base64url"), y: r.bytes(32).toString("base64url") };
}

/** Standard base64 of `n` random bytes. */
export function base64Blob(r: Rand, n: number): string {
  return r.bytes(n).toString("base64");
}
