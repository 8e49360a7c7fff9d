// next-auth's own code, driven without a server: a browser that signs in and out through
// next-auth's handler (the CSRF check and the credentials provider included) and keeps the
// cookies it is given, and the session getServerSession reads from whichever cookies a
// request presents. Imported from "next-auth/next", so a test may stub "next-auth" with it.
import NextAuth, { getServerSession } from "next-auth/next";
import { encode, type JWT } from "next-auth/jwt";
import type { NextAuthOptions, Session } from "next-auth";

type Cookies = Record<string, string>;

// Tests run without NEXTAUTH_SECRET; the handler and the reader must share one.
const secret = "vigil-test-session-secret";
const withSecret = (options: NextAuthOptions): NextAuthOptions => ({ ...options, secret });

/** The cookies of a session whose token says exactly `token` (over plain HTTP, as in tests). */
export async function sessionCookies(token: JWT): Promise<Record<string, string>> {
  return { "next-auth.session-token": await encode({ token, secret }) };
}

/** A response object of the kind next-auth's pages-router handler writes to. */
function response() {
  const headers = new Map<string, string | string[]>();
  const sent: { status: number; body?: unknown } = { status: 200 };
  const res = {
    status: (code: number) => ((sent.status = code), res),
    setHeader: (name: string, value: string | string[]) => (headers.set(name.toLowerCase(), value), res),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    json: (body: unknown) => void (sent.body = body),
    send: (body: unknown) => void (sent.body = body),
    end: () => undefined,
  };
  const setCookies = () => [headers.get("set-cookie") ?? []].flat();
  return { res, sent, setCookies };
}

/** The session a request carrying `cookies` gets (getServerSession's pages-router form). */
export function readSession(options: NextAuthOptions, cookies: Cookies): Promise<Session | null> {
  return getServerSession({ headers: {}, cookies } as never, response().res as never, withSecret(options));
}

export class Browser {
  cookies: Cookies = {};

  private async call(options: NextAuthOptions, action: string[], method: "GET" | "POST", body?: Record<string, string>) {
    const { res, sent, setCookies } = response();
    const req = { query: { nextauth: action }, method, headers: {}, cookies: { ...this.cookies }, body };
    await NextAuth(req as never, res as never, withSecret(options));
    const set: string[] = [];
    for (const header of setCookies()) {
      const [pair, ...attributes] = header.split(";");
      const [name, value] = [pair!.slice(0, pair!.indexOf("=")), decodeURIComponent(pair!.slice(pair!.indexOf("=") + 1))];
      if (!value || attributes.some((a) => /^\s*max-age=0$/i.test(a))) {
        delete this.cookies[name];
      } else {
        this.cookies[name] = value;
        set.push(name);
      }
    }
    return { ...sent, set };
  }

  private async csrfToken(options: NextAuthOptions): Promise<string> {
    return ((await this.call(options, ["csrf"], "GET")).body as { csrfToken: string }).csrfToken;
  }

  /** Posts the sign-in form; true when next-auth set a new session cookie. */
  async signIn(options: NextAuthOptions, email: string, password: string): Promise<boolean> {
    const csrfToken = await this.csrfToken(options);
    const { set } = await this.call(options, ["callback", "credentials"], "POST", { csrfToken, email, password, json: "true" });
    return set.some((name) => name.endsWith("next-auth.session-token"));
  }

  /** Posts the sign-out form, as the console's Sign out button does. */
  async signOut(options: NextAuthOptions): Promise<void> {
    const csrfToken = await this.csrfToken(options);
    await this.call(options, ["signout"], "POST", { csrfToken, json: "true" });
  }
}
