import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { requireUser, type SessionUser } from "@/lib/auth/session";
import { VigilError } from "@/lib/errors";
import { listUsers } from "@/lib/auth/user-admin";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { toJson } from "@/lib/json";
import { UsersPanel } from "@/components/users-panel";
import "@/app/styles/users.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Users" };

export default async function UsersPage() {
  let admin: SessionUser;
  try {
    admin = await requireUser("admin");
  } catch (err) {
    if (err instanceof VigilError && err.code === "forbidden") {
      return (
        <section className="panel" data-testid="users-refused">
          <h1>Users</h1>
          <p role="alert" className="notice error">
            <strong>403 — not allowed.</strong> Managing users is for administrators: {err.message}.
          </p>
        </section>
      );
    }
    if (err instanceof VigilError && err.code === "unauthorized") redirect("/signin?callbackUrl=%2Fadmin%2Fusers");
    throw err;
  }
  return <UsersPanel users={toJson(await listUsers(getDb()))} me={admin.id} minPasswordLength={MIN_PASSWORD_LENGTH} />;
}
