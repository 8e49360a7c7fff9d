// A signed-in HTTP session against a running Vigil, as a script would do it: next-auth's
// csrf and credentials endpoints, then the session cookie on every request.
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const cookies = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const callback = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = callback.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c?.includes("session-token"));
  if (!session) throw new Error(`sign-in failed: HTTP ${callback.status}`);
  return [...cookies, session].join("; ");
}

/** Reads an incident's event stream until `until` arrives; resolves with when each kind was first seen. */
export async function watchStream(
  base: string,
  cookie: string,
  incidentId: string,
  until: string,
  timeoutMs: number,
): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(`${base}/api/incidents/${incidentId}/stream`, { headers: { cookie }, signal: controller.signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!seen.has(until)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      for (const m of text.matchAll(/^event: (\S+)$/gm)) if (!seen.has(m[1]!)) seen.set(m[1]!, performance.now());
    }
    return seen;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
