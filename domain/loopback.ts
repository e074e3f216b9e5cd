/**
 * Loopback hosts: where plain `http://` is allowed (the emulator, a local OpenBao or moto, a store on the
 * same machine) because nothing leaves the machine. The one rule the HTTP client, the store references,
 * the Genesys settings, the emulator's control plane and the policy pack's TLS check share.
 * Dependency-free: compiled into the policy pack as well as the library.
 */

/**
 * True for a loopback host name or address: `localhost`, any `*.localhost` (RFC 6761 reserves them for
 * loopback), `127.0.0.0/8` and `::1`, in any case, with or without the brackets of a URL's IPv6 host.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}
