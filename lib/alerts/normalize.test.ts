import { describe, expect, it } from "vitest";
import { normalizeAlerts } from "@/lib/alerts/normalize";
import { groupWorkload, workloadFromLabels } from "@/lib/alerts/workload";
import { maxSeverity, parseSeverity } from "@/lib/alerts/severity";

const now = new Date("2026-11-22T05:00:00Z");
const alert = (labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  status: "firing" as const,
  labels: { alertname: "X", ...labels },
  annotations: {},
  startsAt: "2026-11-22T03:00:00Z",
  endsAt: "0001-01-01T00:00:00Z",
  ...extra,
});

describe("normalizeAlerts", () => {
  it("keys alerts by fingerprint and startsAt, keeping one copy per identity in a stable order", () => {
    const list = normalizeAlerts(
      [alert({ b: "2" }), alert({ a: "1" }), alert({ b: "2" }, { status: "resolved", endsAt: "2026-11-22T04:00:00Z" })],
      now,
    );
    expect(list).toHaveLength(2);
    expect(list.map((a) => a.key)).toEqual([...list.map((a) => a.key)].sort());
    const resolved = list.find((a) => a.labels.b === "2")!;
    expect(resolved.status).toBe("resolved");
    expect(resolved.endsAt?.toISOString()).toBe("2026-11-22T04:00:00.000Z");
  });

  it("never stores endsAt for a firing alert, and uses now for a resolved one without it", () => {
    const [firing] = normalizeAlerts([alert({}, { endsAt: "2026-11-22T09:00:00Z" })], now);
    expect(firing!.endsAt).toBeNull();
    const [resolved] = normalizeAlerts([alert({}, { status: "resolved", endsAt: "0001-01-01T00:00:00Z" })], now);
    expect(resolved!.endsAt).toEqual(now);
  });

  it("treats a different startsAt as a new occurrence of the same alert", () => {
    const list = normalizeAlerts([alert({}), alert({}, { startsAt: "2026-11-22T04:00:00Z" })], now);
    expect(new Set(list.map((a) => a.fingerprint)).size).toBe(1);
    expect(list).toHaveLength(2);
  });
});

describe("severity", () => {
  it("maps common spellings and defaults to medium", () => {
    expect(parseSeverity("critical")).toBe("critical");
    expect(parseSeverity("Warning")).toBe("medium");
    expect(parseSeverity("error")).toBe("high");
    expect(parseSeverity(undefined)).toBe("medium");
    expect(parseSeverity("bogus")).toBe("medium");
    expect(maxSeverity(["info", "high", "medium"])).toBe("high");
  });
});

describe("workload", () => {
  it("reads workload labels, or derives the owner from a pod name", () => {
    expect(workloadFromLabels({ namespace: "shop", deployment: "checkout-api" })).toEqual({
      namespace: "shop",
      name: "checkout-api",
      kind: "Deployment",
    });
    expect(workloadFromLabels({ namespace: "media", pod: "thumbnailer-db2pbr2sk-m7d5t" })).toMatchObject({
      name: "thumbnailer",
      kind: "Deployment",
    });
    expect(workloadFromLabels({ namespace: "db", pod: "postgres-0" })).toMatchObject({ name: "postgres", kind: "StatefulSet" });
    expect(workloadFromLabels({ namespace: "q", container: "quote-engine" })).toEqual({ namespace: "q", name: "quote-engine" });
  });

  it("reads Job and CronJob labels, never Prometheus' scrape job, and takes an unpatterned pod name as a bare pod", () => {
    expect(workloadFromLabels({ namespace: "d", job: "kube-state-metrics", job_name: "get-data" })).toEqual({
      namespace: "d",
      name: "get-data",
      kind: "Job",
    });
    expect(workloadFromLabels({ namespace: "d", job: "kube-state-metrics", cronjob: "nightly" })).toEqual({
      namespace: "d",
      name: "nightly",
      kind: "CronJob",
    });
    expect(workloadFromLabels({ namespace: "d", job: "kubelet", pod: "frontend-service", container: "stress" })).toEqual({
      namespace: "d",
      name: "frontend-service",
      kind: "Pod",
    });
  });

  it("falls back from common labels to the first alert that names a workload", () => {
    const ref = groupWorkload({ namespace: "media", alertname: "KubePodCrashLooping" }, [{ pod: "thumbnailer-db2pbr2sk-m7d5t" }]);
    expect(ref).toEqual({ namespace: "media", name: "thumbnailer", kind: "Deployment" });
  });
});
