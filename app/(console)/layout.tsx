import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { demoEnabled } from "@/lib/demo/client";
import { Providers } from "@/components/providers";
import { SignOutButton } from "@/components/sign-out-button";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/signin");
  return (
    <Providers>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link className="brand" href="/">
          Vigil
        </Link>
        <nav aria-label="Main">
          <Link href="/">Incidents</Link>
          <Link href="/overview">Overview</Link>
          <Link href="/runbooks">Runbooks</Link>
          {user.role === "admin" && <Link href="/audit">Audit log</Link>}
          {user.role === "admin" && <Link href="/sources">Sources</Link>}
          {user.role === "admin" && <Link href="/admin/users">Users</Link>}
          {demoEnabled() && <Link href="/demo">Demo</Link>}
        </nav>
        <span className="user-chip" data-testid="current-user">
          {user.email} · {user.role}
        </span>
        <SignOutButton />
      </header>
      <main id="main">{children}</main>
    </Providers>
  );
}
