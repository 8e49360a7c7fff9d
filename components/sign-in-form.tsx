"use client";

import { useState } from "react";
import { signIn } from "next-auth/react";
import { safeCallbackPath } from "@/lib/auth/callback-url";

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (result?.ok && !result.error) {
      // Checked again against the real origin: the prop is only as safe as whoever renders this.
      window.location.assign(safeCallbackPath(callbackUrl, window.location.origin));
      return;
    }
    setPending(false);
    setError("Sign-in failed: check your email and password.");
  }

  return (
    <form onSubmit={onSubmit} aria-describedby={error ? "signin-error" : undefined}>
      {error && (
        <p id="signin-error" role="alert" className="notice error" data-testid="signin-error">
          {error}
        </p>
      )}
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required autoFocus data-testid="signin-email" />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required data-testid="signin-password" />
      </label>
      <button className="primary" type="submit" disabled={pending} data-testid="signin-submit">
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
