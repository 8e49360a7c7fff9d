// Whether next-auth's session cookie carries the Secure flag (and the __Secure- prefix).
// Unset, VIGIL_SECURE_COOKIES leaves it to next-auth, which decides by NEXTAUTH_URL's scheme
// (lib/auth/options.ts passes no useSecureCookies then); the proxy reads the cookie by that
// name, so it must reach the same answer.
import type { Env } from "@/lib/env";

/** For getToken's secureCookie: what next-auth decided when it wrote the cookie. */
export function secureSessionCookie(env: Pick<Env, "VIGIL_SECURE_COOKIES" | "NEXTAUTH_URL">): boolean {
  return env.VIGIL_SECURE_COOKIES ?? env.NEXTAUTH_URL?.startsWith("https://") ?? false;
}
