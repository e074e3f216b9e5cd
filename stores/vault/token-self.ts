/**
 * What the store's own token may do: `auth/token/lookup-self` (is it valid at all?) and
 * `sys/capabilities-self` (its capabilities on a path), over the transport (transport.ts).
 */
import { VaultResponse, VaultTransport } from "./transport";

/** True when the token is valid; true as well when that cannot be told (the caller reports the original problem). */
export async function tokenIsValid(transport: VaultTransport, token: string | undefined): Promise<boolean> {
  if (!token) return false;
  try {
    const res = await transport.request("GET", "auth/token/lookup-self", undefined, { token });
    return res.status === 200;
  } catch {
    return true; // cannot tell; report the permission problem
  }
}

/** The token's capabilities on `path` (`root` stands for all of them). */
export async function capabilitiesOn(transport: VaultTransport, token: string, path: string): Promise<{ response: VaultResponse; capabilities: string[] }> {
  const response = await transport.request("POST", "sys/capabilities-self", { paths: [path] }, { token });
  const data = (response.body.data ?? response.body) as Record<string, unknown>;
  const caps = Array.isArray(data[path]) ? data[path] : data.capabilities;
  return { response, capabilities: Array.isArray(caps) ? caps.filter((c): c is string => typeof c === "string") : [] };
}
