// Password sign-in behind the throttle (lib/auth/throttle.ts), audited. next-auth's
// authorize (lib/auth/options.ts) is a thin entry over it. Every refusal costs what a wrong
// password costs, a password hash included, so its timing tells nothing.
import "server-only";
import type { Db } from "@/lib/db/client";
import { authenticate, type SafeUser } from "@/lib/auth/users";
import { timingDummyHash, verifyPassword } from "@/lib/auth/password";
import { clearFailures, isThrottled, recordFailure, type ThrottleKey } from "@/lib/auth/throttle";
import { clientAddress, DIRECT } from "@/lib/auth/client-address";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { log } from "@/lib/log";

export type SignInAttempt = { email: string; password: string; forwardedFor?: unknown };
export type SignInResult = { ok: true; user: SafeUser } | { ok: false; reason: "invalid" | "throttled" };

async function auditSignIn(db: Db, action: "user.signed_in" | "user.sign_in_failed", userId: string | null, data: Record<string, unknown>) {
  try {
    await db.$transaction((tx) =>
      appendAudit(prismaSql(tx), [{ action, actorType: "user", actorId: userId, targetType: "User", targetId: userId, data }]),
    );
  } catch (err) {
    log.error({ err, action }, "could not audit sign-in");
  }
}

export async function signInWithPassword(
  db: Db,
  attempt: SignInAttempt,
  options: { trustedProxies: number; now?: Date },
): Promise<SignInResult> {
  const now = options.now ?? new Date();
  const email = attempt.email.trim().toLowerCase();
  const address = clientAddress(attempt.forwardedFor, options.trustedProxies);
  const account: ThrottleKey = { kind: "account", value: email };
  // Without a trusted proxy every client has the same address: counting it would let one
  // guesser slow everybody down, so only the account is counted.
  const keys: ThrottleKey[] = address === DIRECT ? [account] : [account, { kind: "address", value: address }];
  if (await isThrottled(db, keys, now)) {
    await verifyPassword(attempt.password, await timingDummyHash());
    log.warn({ email, address }, "sign-in refused: backing off after repeated failures");
    await auditSignIn(db, "user.sign_in_failed", null, { email, address, throttled: true });
    return { ok: false, reason: "throttled" };
  }
  const user = await authenticate(db, email, attempt.password);
  if (!user) {
    await recordFailure(db, keys, now);
    await auditSignIn(db, "user.sign_in_failed", null, { email, address });
    return { ok: false, reason: "invalid" };
  }
  await clearFailures(db, [account]);
  await auditSignIn(db, "user.signed_in", user.id, { email, address });
  return { ok: true, user };
}
