// next-auth configuration: credentials sign-in against users in Postgres, JWT sessions.
// The standard endpoints (/api/auth/csrf, /api/auth/callback/credentials) let scripts sign
// in with curl. Every successful and failed attempt is audited. A session carries its user's
// session version (lib/auth/session.ts); signing out raises it, ending every copy of the cookie.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import { endSessionsAtSignOut } from "@/lib/auth/user-admin";
import { signInWithPassword } from "@/lib/auth/sign-in";
import type { Role } from "@/lib/generated/prisma/enums";
import { log } from "@/lib/log";

export const SESSION_MAX_AGE_S = 12 * 60 * 60;

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/signin", error: "/signin" },
  // Only when set: unset, next-auth decides by NEXTAUTH_URL's scheme (lib/auth/cookies.ts).
  ...(env.VIGIL_SECURE_COOKIES === undefined ? {} : { useSecureCookies: env.VIGIL_SECURE_COOKIES }),
  providers: [
    CredentialsProvider({
      name: "Vigil",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, request) {
        const email = credentials?.email?.trim().toLowerCase() ?? "";
        const password = credentials?.password ?? "";
        if (!email || !password) return null;
        const result = await signInWithPassword(
          getDb(),
          { email, password, forwardedFor: request?.headers?.["x-forwarded-for"] },
          { trustedProxies: env.VIGIL_TRUSTED_PROXIES },
        );
        if (!result.ok) return null;
        const { user } = result;
        return { id: user.id, email: user.email, name: user.name ?? user.email, role: user.role, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
        token.sv = user.sessionVersion;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user) {
        session.user.id = token.uid as string;
        session.user.role = token.role as Role;
        session.user.sv = token.sv;
      }
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.uid !== "string" || typeof token.sv !== "number") return;
      try {
        await endSessionsAtSignOut(getDb(), { userId: token.uid, version: token.sv });
      } catch (err) {
        // next-auth clears the cookie whatever happens here: copies of it stay valid until they expire.
        log.error({ err, userId: token.uid }, "sign-out could not end the user's sessions");
      }
    },
  },
};
