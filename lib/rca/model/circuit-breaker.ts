// A circuit breaker for the model: closed while calls succeed; open after N consecutive
// failures, so incidents stop waiting on a dead Ollama; half-open after a cooldown, letting
// one probe through; closed again when the probe succeeds, open again when it fails.
import "server-only";

export type BreakerState = "closed" | "open" | "half-open";
export type BreakerSnapshot = { state: BreakerState; consecutiveFailures: number; retryInMs: number };
export type Permit = { ok: true } | { ok: false; reason: string; retryInMs: number };

export type CircuitBreaker = {
  /** Asks to make one call; in half-open only one probe at a time is let through. */
  acquire(): Permit;
  success(): void;
  failure(): void;
  /** The call ended without saying anything about the model (the caller cancelled). */
  release(): void;
  snapshot(): BreakerSnapshot;
};

export function createCircuitBreaker({
  failureThreshold,
  cooldownMs,
  now,
}: {
  failureThreshold: number;
  cooldownMs: number;
  now: () => number;
}): CircuitBreaker {
  let open = false;
  let openedAt = 0;
  let failures = 0;
  let probing = false;

  // Half-open is not a stored state: it is an open breaker whose cooldown has passed.
  const state = (): BreakerState => (!open ? "closed" : now() - openedAt >= cooldownMs ? "half-open" : "open");
  const retryInMs = () => (open ? Math.max(0, openedAt + cooldownMs - now()) : 0);

  return {
    acquire() {
      const s = state();
      if (s === "closed") return { ok: true };
      if (s === "half-open" && !probing) {
        probing = true;
        return { ok: true };
      }
      const why =
        s === "open" ? `circuit open after ${failures} consecutive model failures` : "circuit half-open: a probe call is already in flight";
      return { ok: false, reason: why, retryInMs: retryInMs() };
    },
    success() {
      open = false;
      probing = false;
      failures = 0;
    },
    failure() {
      failures += 1;
      // A failed probe re-opens at once; otherwise the threshold decides.
      if (probing || failures >= failureThreshold) {
        open = true;
        openedAt = now();
      }
      probing = false;
    },
    release() {
      probing = false;
    },
    snapshot: () => ({ state: state(), consecutiveFailures: failures, retryInMs: retryInMs() }),
  };
}
