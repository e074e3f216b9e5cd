/**
 * Genesys Cloud regions: every region of the reference table, resolved from a region id
 * (`us-east-1`) or a domain (`mypurecloud.com`, also `api.mypurecloud.com` / `login.mypurecloud.com`)
 * to the API and login base URLs (`https://api.<domain>`, `https://login.<domain>`).
 */
import { GuardError } from "../core/errors";

/** One Genesys Cloud region. */
export interface GenesysRegion {
  /** AWS-style region id, e.g. `us-east-1`. */
  readonly id: string;
  /** The region's domain, e.g. `mypurecloud.com`. */
  readonly domain: string;
  /** Remark shown in listings (e.g. `FedRAMP`). */
  readonly note?: string;
}

/** A region resolved to its base URLs. */
export interface ResolvedRegion extends GenesysRegion {
  /** `https://api.<domain>` */
  readonly apiBaseUrl: string;
  /** `https://login.<domain>` */
  readonly loginBaseUrl: string;
}

/** Every Genesys Cloud region (docs: shared reference, "Hosts and regions"). */
export const REGIONS: readonly GenesysRegion[] = Object.freeze(
  [
    { id: "us-east-1", domain: "mypurecloud.com" },
    { id: "eu-west-1", domain: "mypurecloud.ie" },
    { id: "ap-southeast-2", domain: "mypurecloud.com.au" },
    { id: "ap-northeast-1", domain: "mypurecloud.jp" },
    { id: "eu-central-1", domain: "mypurecloud.de" },
    { id: "us-west-2", domain: "usw2.pure.cloud" },
    { id: "ca-central-1", domain: "cac1.pure.cloud" },
    { id: "ap-northeast-2", domain: "apne2.pure.cloud" },
    { id: "eu-west-2", domain: "euw2.pure.cloud" },
    { id: "ap-south-1", domain: "aps1.pure.cloud" },
    { id: "us-east-2", domain: "use2.us-gov-pure.cloud", note: "FedRAMP" },
    { id: "sa-east-1", domain: "sae1.pure.cloud" },
    { id: "me-central-1", domain: "mec1.pure.cloud" },
    { id: "ap-northeast-3", domain: "apne3.pure.cloud" },
    { id: "eu-central-2", domain: "euc2.pure.cloud" },
    { id: "mx-central-1", domain: "mxc1.pure.cloud" },
    { id: "ap-southeast-1", domain: "apse1.pure.cloud" },
    { id: "eusc-de-east-1", domain: "edee1.eusc-pure.cloud" },
  ].map((r) => Object.freeze(r)),
);

/** The valid region ids, in table order. */
export function regionIds(): string[] {
  return REGIONS.map((r) => r.id);
}

/** Base URLs of a region. */
export function regionBaseUrls(region: GenesysRegion): ResolvedRegion {
  return { ...region, apiBaseUrl: `https://api.${region.domain}`, loginBaseUrl: `https://login.${region.domain}` };
}

/**
 * Resolve a region given as id (`us-east-1`) or domain (`mypurecloud.com`; a leading `api.`/`login.`,
 * a scheme and a trailing slash are tolerated). Throws a {@link GuardError} `config.invalid-region`
 * listing the valid ids when the input matches no region.
 */
export function resolveRegion(input: string): ResolvedRegion {
  const raw = (input ?? "").trim().toLowerCase();
  const host = raw
    .replace(/^https?:\/\//, "")
    .replace(/\/.*$/, "")
    .replace(/\.$/, "");
  const domain = host.replace(/^(api|login)\./, "");
  const found = REGIONS.find((r) => r.id === host) ?? REGIONS.find((r) => r.domain === domain);
  if (!found) {
    throw new GuardError("config.invalid-region", `unknown Genesys Cloud region "${input}"; valid region ids: ${regionIds().join(", ")}`, {
      hint:
        `Give a region id or domain (domains: ${REGIONS.map((r) => r.domain).join(", ")}). ` +
        "For a gateway, proxy or emulator set GENESYS_CLOUD_API_URL (and GENESYS_CLOUD_LOGIN_URL) instead.",
    });
  }
  return regionBaseUrls(found);
}
