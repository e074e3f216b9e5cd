/**
 * `genesys-oauth-client-least-privilege`: a client-credentials OAuthClient must not hold a denied role (by
 * default the org's all-powerful Master Admin and Admin roles), and, when an allowlist is configured, every
 * client's grant type and roles must match one of its entries. The same rule id and config keys as
 * `genesys-oauth-guard inventory`, which applies it to the live org (with permissions, which the pack cannot
 * see at preview: `denyPermissions` is accepted here and used only by the inventory).
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { LEAST_PRIVILEGE_RULE, allowlistMismatch, isDeniedRole, isUnknown, resolveLeastPrivilege, type LeastPrivilegeConfig } from "../../detection";
import { resourceProps } from "./common";
import { CLIENT_PAIR_TYPE } from "../../domain/resource-types";
import { createsOurOAuthClients, prop } from "./ours";

/** Policy name (shared with the inventory's rule). */
export const LEAST_PRIVILEGE_POLICY = LEAST_PRIVILEGE_RULE;

/** Role names or ids given to an OAuthClient: `roles: ["Developer", { role: "Admin", division: "*" }]`. */
function roleNames(props: unknown): { roles: { name: string; division?: string }[]; unknown: boolean } {
  const value = prop(props, "roles");
  if (isUnknown(value)) return { roles: [], unknown: true };
  if (!Array.isArray(value)) return { roles: [], unknown: false };
  const roles: { name: string; division?: string }[] = [];
  let unknown = false;
  for (const item of value) {
    if (typeof item === "string") roles.push({ name: item });
    else if (item && typeof item === "object") {
      const role = prop(item, "role", "roleId", "name");
      const division = prop(item, "division", "divisionId");
      if (typeof role === "string") roles.push({ name: role, ...(typeof division === "string" ? { division } : {}) });
      else unknown = true;
    } else if (isUnknown(item)) unknown = true;
  }
  return { roles, unknown };
}

/** The rule. Mandatory by default; only our OAuthClient and ClientPair resources (their exact type tokens) are judged. */
export const oauthClientLeastPrivilege: ResourceValidationPolicy = {
  name: LEAST_PRIVILEGE_POLICY,
  displayName: "Genesys OAuth clients hold least privilege",
  description:
    "A client-credentials OAuthClient must not hold a denied role (default: Master Admin, Admin), and with an allowlist configured " +
    "every OAuthClient's grant type and roles must match one of its entries.",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: ["genesys", "least-privilege", "compliance"],
  remediationSteps:
    "Grant a role with only the permissions the integration uses (a custom role), in the divisions it needs; never a role that " +
    "manages OAuth clients or roles. Or add the combination to the allowlist in the policy config if it is intended.",
  configSchema: {
    properties: {
      denyRoles: {
        type: "array",
        items: { type: "string" },
        default: ["Master Admin", "Admin"],
        description: "Role names or ids no client-credentials client may hold.",
      },
      denyPermissions: {
        type: "array",
        items: { type: "string" },
        description: "Permissions that make a role too strong (used by the inventory; the pack cannot see permissions).",
      },
      allowlist: {
        type: "array",
        items: {
          type: "object",
          properties: { grantType: { type: "string" }, roles: { type: "array", items: { type: "string" } } },
          required: ["grantType", "roles"],
        },
        description: 'When set, every OAuthClient must match one entry: its grant type and all its roles ("*": any role not denied).',
      },
    },
  },
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    if (!createsOurOAuthClients(args.type)) return; // before copying the props: most resources are not ours
    const props = resourceProps(args);
    const config = resolveLeastPrivilege(args.getConfig<LeastPrivilegeConfig>());
    const grant = prop(props, "authorizedGrantType");
    if (typeof grant !== "string") return; // unknown during preview: judged at the next preview
    const { roles } = roleNames(props);
    const who = `${args.type === CLIENT_PAIR_TYPE ? "ClientPair" : "OAuthClient"} '${args.name}'`;
    if (grant.toUpperCase() === "CLIENT-CREDENTIALS") {
      for (const role of roles) {
        if (!isDeniedRole({ id: role.name, name: role.name }, config.denyRoles)) continue;
        const where = role.division === "*" ? " on all divisions" : "";
        reportViolation(`${who} holds the denied role '${role.name}'${where}: a client-credentials client with it can do what an administrator can`);
      }
    }
    const mismatch = allowlistMismatch(
      grant,
      roles.map((r) => ({ name: r.name })),
      config.allowlist,
    );
    if (mismatch) reportViolation(`${who}: ${mismatch}`);
  },
};
