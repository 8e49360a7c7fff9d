import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { currentUser } from "@/lib/auth/session";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

function safeCallback(url: string | undefined): string {
  // Only same-site paths: an open redirect after sign-in would be a phishing aid.
  return url && url.startsWith("/") && !url.startsWith("//") ? url : "/";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  const target = safeCallback(callbackUrl);
  if (await currentUser()) redirect(target);
  return (
    <main className="signin">
      <div className="panel">
        <h1>Sign in to Vigil</h1>
        <SignInForm callbackUrl={target} initialError={error ? "Sign-in failed: check your email and password." : undefined} />
      </div>
    </main>
  );
}
