-- Pentest finding 14: the sign-in throttle lived in each process's memory, keyed on a
-- forgeable header, and locked hard. Failures are now counted here, shared by every
-- instance, per account and per client address (keys are hashes: bounded length), with an
-- exponential backoff (lib/auth/throttle.ts). Rows quiet for the window are deleted on write.
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "lastFailureAt" TIMESTAMPTZ(3) NOT NULL,
    "blockedUntil" TIMESTAMPTZ(3),

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("key")
);

CREATE INDEX "SignInThrottle_lastFailureAt_idx" ON "SignInThrottle"("lastFailureAt");
