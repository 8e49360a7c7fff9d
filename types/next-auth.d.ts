import type { DefaultSession } from "next-auth";
import type { Role } from "@/lib/generated/prisma/enums";

declare module "next-auth" {
  interface User {
    role: Role;
    /** The user's session version at sign-in (lib/auth/session.ts). */
    sessionVersion: number;
  }
  interface Session {
    user: DefaultSession["user"] & { id: string; role: Role; sv?: number };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
    /** The session version the token was signed with; absent in tokens from before versions. */
    sv?: number;
  }
}
