// The model guard on its own, with an injected clock, randomness and sleep: backoff delays,
// breaker transitions and watchtower mode, deterministically.
import { describe, expect, it } from "vitest";
import { ModelError } from "@/lib/model/model-error";
import { createModelGuard, type ModelGuardOptions } from "@/lib/rca/model/resilience";
import { backoffDelay, maxTotalBackoffMs, sleep } from "@/lib/rca/model/backoff";
import { CircuitOpenError } from "@/lib/rca/model/errors";

const http500 = () => new ModelError("Ollama answered HTTP 500", { status: 500, retryable: true });
const http404 = () => new ModelError("model not found", { status: 404, retryable: false });

function setup(options: ModelGuardOptions = {}) {
  const clock = { t: 0 };
  const waits: number[] = [];
  const guard = createModelGuard({
    random: () => 0.5,
    now: () => clock.t,
    sleep: async (ms) => void waits.push(ms),
    ...options,
  });
  return { guard, clock, waits };
}
const failing = (make: () => Error) => async () => {
  throw make();
};

describe("backoff", () => {
  it("is exponential with full jitter, capped, and bounded in total", () => {
    expect([0, 1, 2].map((n) => backoffDelay(n, () => 1))).toEqual([500, 1000, 2000]);
    expect(backoffDelay(10, () => 1)).toBe(4000);
    expect(backoffDelay(1, () => 0)).toBe(0);
    expect(maxTotalBackoffMs()).toBe(1500);
  });

  it("sleeps until aborted, with the signal's reason", async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error("deadline"));
    await expect(waiting).rejects.toThrow("deadline");
  });
});

describe("createModelGuard", () => {
  it("retries retryable errors with jittered backoff, at most 3 tries", async () => {
    const { guard, waits } = setup({ failureThreshold: 10 });
    let calls = 0;
    await expect(guard.run(async () => (++calls < 3 ? Promise.reject(http500()) : "ok"))).resolves.toBe("ok");
    expect(waits).toEqual([250, 500]);
    calls = 0;
    await expect(guard.run(async () => (++calls, Promise.reject(http500())))).rejects.toThrow("HTTP 500");
    expect(calls).toBe(3);
  });

  it("does not retry what cannot get better, nor count the caller's own errors", async () => {
    const { guard, waits } = setup();
    let calls = 0;
    await expect(guard.run(async () => (++calls, Promise.reject(http404())))).rejects.toThrow("not found");
    await expect(guard.run(failing(() => new TypeError("onToken broke")))).rejects.toThrow("onToken broke");
    expect([calls, waits]).toEqual([1, []]);
    expect(guard.breaker()).toMatchObject({ state: "closed", consecutiveFailures: 1 });
  });

  it("opens after N consecutive failures, half-opens after the cooldown for one probe, closes on success", async () => {
    const { guard, clock } = setup({ failureThreshold: 3, cooldownMs: 60_000, backoff: { maxTries: 1 } });
    for (let i = 0; i < 3; i++) await expect(guard.run(failing(http500))).rejects.toThrow("HTTP 500");
    expect(guard.breaker().state).toBe("open");
    expect(guard.allows()).toMatchObject({ ok: false, reason: expect.stringMatching(/circuit open after 3 consecutive/) });
    let called = false;
    await expect(guard.run(async () => (called = true))).rejects.toBeInstanceOf(CircuitOpenError);
    expect(called).toBe(false);

    clock.t = 60_000;
    expect(guard.breaker().state).toBe("half-open");
    // One probe at a time: a second caller is refused while the first is in flight.
    let release!: () => void;
    const probe = guard.run(() => new Promise<string>((resolve) => (release = () => resolve("ok"))));
    await expect(guard.run(async () => "second")).rejects.toThrow(/probe call is already in flight/);
    release();
    await expect(probe).resolves.toBe("ok");
    expect(guard.breaker()).toMatchObject({ state: "closed", consecutiveFailures: 0 });
  });

  it("re-opens at once when the half-open probe fails", async () => {
    const { guard, clock } = setup({ failureThreshold: 2, cooldownMs: 1_000, backoff: { maxTries: 1 } });
    for (let i = 0; i < 2; i++) await expect(guard.run(failing(http500))).rejects.toThrow();
    clock.t = 1_000;
    await expect(guard.run(failing(http500))).rejects.toThrow("HTTP 500");
    expect(guard.breaker()).toMatchObject({ state: "open", retryInMs: 1_000 });
  });

  it("stops retrying once the breaker opens mid-call", async () => {
    const { guard, waits } = setup({ failureThreshold: 2 });
    let calls = 0;
    await expect(guard.run(async () => (++calls, Promise.reject(http500())))).rejects.toThrow("HTTP 500");
    expect([calls, waits.length, guard.breaker().state]).toEqual([2, 1, "open"]);
  });

  it("enters watchtower mode when p99 latency over the window exceeds the limit, and leaves it when the slow call ages out", async () => {
    const { guard, clock } = setup({ latencyLimitMs: 60_000, window: 5 });
    const call = (ms: number) => guard.run(async () => void (clock.t += ms));
    for (let i = 0; i < 4; i++) await call(2_000);
    expect(guard.watchtower()).toEqual({ active: false, reason: null });
    await call(61_000);
    expect(guard.watchtower()).toEqual({ active: true, reason: "model latency p99 61 s over the last 5 calls exceeds the 60 s limit" });
    for (let i = 0; i < 5; i++) await call(2_000);
    expect(guard.watchtower().active).toBe(false);
  });

  it("is in watchtower mode while the breaker is not closed", async () => {
    const { guard } = setup({ failureThreshold: 1, backoff: { maxTries: 1 } });
    await expect(guard.run(failing(http500))).rejects.toThrow();
    expect(guard.watchtower()).toEqual({ active: true, reason: "model circuit open after 1 consecutive failures" });
  });

  it("counts a deadline as a failure and a latency sample, but not the caller's cancellation", async () => {
    const { guard, clock } = setup({ failureThreshold: 5, latencyLimitMs: 1_000 });
    const timedOut = AbortSignal.abort(new DOMException("timed out", "TimeoutError"));
    await expect(guard.run(async () => ((clock.t += 1_500), Promise.reject(timedOut.reason)), timedOut)).rejects.toThrow("timed out");
    expect(guard.breaker().consecutiveFailures).toBe(1);
    expect(guard.watchtower().active).toBe(true);
    const cancelled = AbortSignal.abort(new DOMException("user left", "AbortError"));
    await expect(guard.run(async () => Promise.reject(cancelled.reason), cancelled)).rejects.toThrow("user left");
    expect(guard.breaker().consecutiveFailures).toBe(1);
  });
});
