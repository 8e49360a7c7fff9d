// The sign-in client's address, for the throttle. X-Forwarded-For is written left to right:
// the client may put anything in it, and each proxy appends the address it was reached
// from. Only the entries our own proxies appended can be believed, so with N trusted
// proxies the client is the Nth entry from the right; the ones left of it are forgeable.
/** No trusted proxy: the header is ignored, and next-auth's authorize gives no socket address. */
export const DIRECT = "direct";
/** A header missing or shorter than the hop count: the request did not come through our
 * proxies as configured, so whatever it says is the client's own. One shared marker. */
export const UNKNOWN = "unknown";

export function clientAddress(forwardedFor: unknown, trustedProxies: number): string {
  if (trustedProxies === 0) return DIRECT;
  if (typeof forwardedFor !== "string") return UNKNOWN;
  const hops = forwardedFor.split(",").map((entry) => entry.trim());
  const address = hops.length >= trustedProxies ? hops[hops.length - trustedProxies] : undefined;
  return address || UNKNOWN;
}
