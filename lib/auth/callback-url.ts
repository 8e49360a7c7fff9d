// Where to send someone after sign-in: a path on this origin, never another site (an open
// redirect after sign-in is a phishing aid). Prefix checks on the raw string miss what
// browsers forgive (`/\evil`, tabs and newlines dropped, leading spaces), so the target is
// resolved the way a browser would and only its path, query and fragment are kept.

// On the server the public origin may be unknown; any fixed origin works, since all that
// matters is whether the target leaves it.
const PLACEHOLDER_ORIGIN = "http://vigil.invalid";

export function safeCallbackPath(url: unknown, origin: string = PLACEHOLDER_ORIGIN): string {
  if (typeof url !== "string" || url === "") return "/";
  const base = new URL(origin).origin;
  let target: URL;
  try {
    target = new URL(url, base);
  } catch {
    return "/";
  }
  if (target.origin !== base) return "/";
  const path = target.pathname + target.search + target.hash;
  // Dot segments can leave a path such as `//evil` (from `/a/..//evil`), which a browser
  // reads as another host: check what the result itself resolves to.
  return new URL(path, base).origin === base ? path : "/";
}
