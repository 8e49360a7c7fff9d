// The chaos bench's pure parts: its workload's shape, the senders' backoff and outage
// tracking, and when disruptions fire and how their recovery is timed.
import { describe, expect, it } from "vitest";
import { webhookPayloadSchema } from "@/lib/alerts/schema";
import { chaosWorkload, MAX_GROUP, MIN_GROUP, notificationBody } from "./chaos-workload";
import { backoffMs, OutageTracker } from "./chaos-sender";
import { ChaosSchedule, type Act } from "./chaos-disruptions";

describe("chaos workload", () => {
  const workload = chaosWorkload(5_000, 7, Date.parse("2026-12-01T12:00:00Z"));

  it("has exactly N distinct alerts in groups of 10 to 50", () => {
    const keys = new Set(workload.groups.flatMap((g) => g.alerts.map((a) => a.key)));
    expect(keys.size).toBe(5_000);
    expect(workload.distinctAlerts).toBe(5_000);
    for (const g of workload.groups) {
      expect(g.alerts.length).toBeGreaterThanOrEqual(MIN_GROUP);
      expect(g.alerts.length).toBeLessThan(MAX_GROUP + MIN_GROUP);
    }
  });

  it("fires a whole group first, then resolves some of it, never all", () => {
    for (const g of workload.groups) {
      expect(g.notifications[0]!.resolved.size).toBe(0);
      const last = g.notifications.at(-1)!;
      expect(last.resolved.size).toBeGreaterThan(0);
      expect(last.resolved.size).toBeLessThan(g.alerts.length);
      // Resolved is final: each notification resolves at least what the one before did.
      for (let i = 1; i < g.notifications.length; i++)
        for (const r of g.notifications[i - 1]!.resolved) expect(g.notifications[i]!.resolved.has(r)).toBe(true);
    }
  });

  it("sends each group's notifications in order, every one exactly once", () => {
    expect(workload.notifications).toHaveLength(workload.groups.reduce((n, g) => n + g.notifications.length, 0));
    const step = new Map<number, number>();
    for (const n of workload.notifications) {
      expect(n.step).toBe(step.get(n.group) ?? 0);
      step.set(n.group, n.step + 1);
    }
  });

  it("builds valid Alertmanager payloads, the same bytes every time, one group key per group", () => {
    const [first, second] = [workload.notifications[0]!, workload.notifications[1]!];
    const body = notificationBody(workload, first);
    expect(notificationBody(workload, first)).toBe(body);
    const payload = webhookPayloadSchema.parse(JSON.parse(body));
    expect(payload.alerts).toHaveLength(workload.groups[first.group]!.alerts.length);
    expect(payload.status).toBe("firing");
    const other = webhookPayloadSchema.parse(JSON.parse(notificationBody(workload, second)));
    expect(other.groupKey).not.toBe(payload.groupKey);
  });

  it("is reproducible from its seed", () => {
    const again = chaosWorkload(5_000, 7, Date.parse("2026-12-01T12:00:00Z"));
    expect(again.groups.map((g) => g.alerts[0]!.key)).toEqual(workload.groups.map((g) => g.alerts[0]!.key));
  });
});

describe("chaos sender", () => {
  it("backs off exponentially from 100 ms, capped at 5 s, with ±20% jitter", () => {
    expect(backoffMs(1, 0.5)).toBe(100);
    expect(backoffMs(2, 0.5)).toBe(200);
    expect(backoffMs(4, 0.5)).toBe(800);
    expect(backoffMs(20, 0.5)).toBe(5_000);
    expect(backoffMs(1, 0)).toBe(80);
    expect(backoffMs(1, 0.999)).toBe(120);
  });

  it("measures the longest span of failures between successes", () => {
    const outage = new OutageTracker();
    outage.failed(100);
    outage.failed(150);
    outage.succeeded(400);
    outage.succeeded(450);
    outage.failed(1_000);
    outage.succeeded(1_100);
    expect(outage.longestMs).toBe(300);
    // A success that started before the failures does not end them.
    outage.failed(2_000);
    outage.succeeded(1_900);
    outage.succeeded(3_000);
    expect(outage.longestMs).toBe(1_000);
  });
});

describe("chaos schedule", () => {
  it("fires each disruption once its share is delivered, one at a time, and times the way back", async () => {
    let clock = 0;
    const fired: string[] = [];
    let release = () => {};
    const act: Act = (down) => {
      fired.push(`at ${clock}`);
      down();
      return new Promise((r) => (release = r));
    };
    const schedule = new ChaosSchedule(
      { "postgres-fast": act, "server-kill": act, "postgres-crash": act },
      () => {},
      () => clock,
    );
    schedule.progress(0.1);
    expect(fired).toEqual([]);
    clock = 10;
    schedule.progress(0.3);
    // Busy with the first: the second waits even though its share is reached.
    clock = 12;
    schedule.progress(0.5);
    expect(fired).toEqual(["at 10"]);
    schedule.attempt({ sentAt: 11, doneAt: 13, ok: false, status: 0, error: "refused" });
    schedule.attempt({ sentAt: 9, doneAt: 14, ok: true, status: 200 });
    expect(schedule.disruptions[0]!.recoveredAt).toBeUndefined();
    schedule.attempt({ sentAt: 15, doneAt: 16, ok: true, status: 200 });
    expect(schedule.disruptions[0]).toMatchObject({ startedAt: 10, downAt: 10, recoveredAt: 16, failedAttempts: 1 });
    release();
    await schedule.settle();
    clock = 20;
    schedule.progress(0.5);
    expect(fired).toEqual(["at 10", "at 20"]);
  });
});
