// The model guard: retries retryable model errors with jittered exponential backoff, keeps
// a circuit breaker and a latency window, and says when Vigil must enter watchtower mode
// (model p99 over the limit, or the breaker not closed): keep analysing, write nothing.
// One guard per process and model, shared by every investigation; time and randomness are
// injected so tests are deterministic.
import "server-only";
import { ModelError } from "@/lib/model/model-error";
import type { ModelClient } from "@/lib/model/port";
import { backoffDelay, DEFAULT_BACKOFF, maxTotalBackoffMs, sleep as realSleep, type BackoffPolicy } from "@/lib/rca/model/backoff";
import { createCircuitBreaker, type BreakerSnapshot } from "@/lib/rca/model/circuit-breaker";
import { createLatencyTracker } from "@/lib/rca/model/latency-tracker";
import { CircuitOpenError, formatMs, isTimeoutReason } from "@/lib/rca/model/errors";

export type Watchtower = { active: boolean; reason: string | null };

export type ModelGuardOptions = {
  failureThreshold?: number;
  cooldownMs?: number;
  latencyLimitMs?: number;
  /** How many recent calls the latency p99 is taken over. */
  window?: number;
  backoff?: Partial<BackoffPolicy>;
  random?: () => number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
};

export type ModelGuard = {
  /**
   * Runs one model call with retries, under the breaker; `signal` bounds the whole of it,
   * backoff waits included. `onRetry` hears each retry before it starts.
   */
  run<T>(call: () => Promise<T>, signal?: AbortSignal, onRetry?: (reason: string) => void): Promise<T>;
  /** The same client, every chat() guarded; `onRetry`: a stream's tokens so far are void. */
  wrap(client: ModelClient, onRetry?: (reason: string) => void): ModelClient;
  /** Whether a call would be let through now, without taking the half-open probe slot. */
  allows(): { ok: true } | { ok: false; reason: string };
  watchtower(): Watchtower;
  breaker(): BreakerSnapshot;
  /** The most one guarded call waits between its tries. */
  maxBackoffMs: number;
};

export function createModelGuard({
  failureThreshold = 3,
  cooldownMs = 60_000,
  latencyLimitMs = 60_000,
  window = 50,
  backoff,
  random = Math.random,
  now = () => performance.now(),
  sleep = realSleep,
}: ModelGuardOptions = {}): ModelGuard {
  const policy = { ...DEFAULT_BACKOFF, ...backoff };
  const breaker = createCircuitBreaker({ failureThreshold, cooldownMs, now });
  const latency = createLatencyTracker(window);

  async function run<T>(call: () => Promise<T>, signal?: AbortSignal, onRetry?: (reason: string) => void): Promise<T> {
    for (let tryNo = 1; ; tryNo++) {
      const permit = breaker.acquire();
      if (!permit.ok) throw new CircuitOpenError(`${permit.reason}; next try in ${formatMs(permit.retryInMs)}`, permit.retryInMs);
      const began = now();
      try {
        const result = await call();
        latency.record(now() - began);
        breaker.success();
        return result;
      } catch (err) {
        if (signal?.aborted) {
          // A deadline is the model being slow: a failure, and a latency sample. Any other
          // abort is the caller's decision and says nothing about the model.
          if (isTimeoutReason(signal.reason)) {
            latency.record(now() - began);
            breaker.failure();
          } else breaker.release();
          throw err;
        }
        // Only the model's failures count; a bug in the caller (e.g. its onToken) is its own.
        if (!(err instanceof ModelError)) {
          breaker.release();
          throw err;
        }
        breaker.failure();
        if (!err.retryable || tryNo >= policy.maxTries || breaker.snapshot().state !== "closed") throw err;
        await sleep(backoffDelay(tryNo - 1, random, policy), signal);
        onRetry?.(err.message);
      }
    }
  }

  return {
    run,
    wrap: (client, onRetry) => ({
      chat: (request, onToken) => run(() => client.chat(request, onToken), request.signal, onRetry),
      listModels: (signal) => client.listModels(signal),
    }),
    allows() {
      const b = breaker.snapshot();
      if (b.state === "open")
        return {
          ok: false,
          reason: `circuit open after ${b.consecutiveFailures} consecutive model failures; next try in ${formatMs(b.retryInMs)}`,
        };
      return { ok: true };
    },
    watchtower() {
      const b = breaker.snapshot();
      if (b.state !== "closed")
        return { active: true, reason: `model circuit ${b.state} after ${b.consecutiveFailures} consecutive failures` };
      const p99 = latency.p99();
      if (p99 !== null && p99 > latencyLimitMs) {
        return {
          active: true,
          reason: `model latency p99 ${formatMs(p99)} over the last ${latency.count()} calls exceeds the ${formatMs(latencyLimitMs)} limit`,
        };
      }
      return { active: false, reason: null };
    },
    breaker: () => breaker.snapshot(),
    maxBackoffMs: maxTotalBackoffMs(policy),
  };
}
