// Cookie-authenticated route handlers that change state refuse requests another site made a
// browser send: a foreign Origin, or Sec-Fetch-Site: cross-site. They also insist on JSON, so
// a cross-site HTML form (text/plain, urlencoded, multipart: no preflight) can never reach
// them. SameSite=Lax cookies alone leave a sibling subdomain able to. Server actions have
// Next's own origin check; next-auth's routes their own CSRF token. Pure; the proxy runs it.

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export type CrossSiteVerdict = { status: 403 | 415; error: string; message: string } | null;

type RequestFacts = {
  method: string;
  /** Header lookup, lower-case names. */
  header: (name: string) => string | null;
  /** The origins Vigil is reached at: its public URL's, and the Host the request came to. */
  ownOrigins: string[];
};

const originOf = (value: string): string | null => {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
};

export function crossSiteRefusal(r: RequestFacts): CrossSiteVerdict {
  if (!STATE_CHANGING.has(r.method.toUpperCase())) return null;
  if (r.header("sec-fetch-site") === "cross-site")
    return { status: 403, error: "cross_site", message: "requests from another site may not change anything here" };
  const origin = r.header("origin");
  if (origin !== null) {
    const from = origin === "null" ? null : originOf(origin);
    if (!from || !r.ownOrigins.includes(from))
      return { status: 403, error: "cross_site", message: `requests from ${origin} may not change anything here` };
  }
  const hasBody = Number(r.header("content-length") ?? 0) > 0 || r.header("transfer-encoding") !== null;
  const type = (r.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (hasBody && type !== "application/json")
    return { status: 415, error: "unsupported_media_type", message: "send the request body as application/json" };
  return null;
}

/** Where this request says it was sent: its Host (or the proxy's X-Forwarded-Host) on its scheme, and the configured public URL. */
export function ownOrigins(url: string, header: (name: string) => string | null, publicUrl: string | undefined): string[] {
  const scheme = header("x-forwarded-proto")?.split(",")[0]?.trim() || new URL(url).protocol.replace(":", "");
  const hosts = [header("x-forwarded-host")?.split(",")[0]?.trim(), header("host"), new URL(url).host].filter((h): h is string =>
    Boolean(h),
  );
  const origins = hosts.map((h) => originOf(`${scheme}://${h}`)).filter((o): o is string => o !== null);
  const configured = publicUrl ? originOf(publicUrl) : null;
  return [...new Set(configured ? [...origins, configured] : origins)];
}
