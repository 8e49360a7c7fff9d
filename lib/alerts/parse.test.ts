import { describe, expect, it } from "vitest";
import { parseWebhookPayload } from "@/lib/alerts/parse";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import { VigilError } from "@/lib/errors";

const startsAt = new Date("2026-11-22T03:00:00Z");
const valid = () =>
  alertmanagerPayload({
    groupLabels: { alertname: "HighErrorRate", namespace: "shop" },
    alerts: [{ labels: { alertname: "HighErrorRate", namespace: "shop", severity: "critical" }, startsAt }],
  });

function errorOf(body: string): VigilError {
  try {
    parseWebhookPayload(body);
  } catch (err) {
    if (err instanceof VigilError) return err;
    throw err;
  }
  throw new Error("expected a VigilError");
}

describe("parseWebhookPayload", () => {
  it("accepts Alertmanager's version 4 payload and keeps unknown fields", () => {
    const payload = parseWebhookPayload(JSON.stringify({ ...valid(), futureField: 1 }));
    expect(payload.alerts).toHaveLength(1);
    expect(payload.truncatedAlerts).toBe(0);
    expect((payload as Record<string, unknown>).futureField).toBe(1);
  });

  it("accepts Go's nanosecond timestamps and zero endsAt", () => {
    const body = valid();
    body.alerts[0]!.startsAt = "2026-11-22T03:00:00.123456789Z";
    expect(parseWebhookPayload(JSON.stringify(body)).alerts[0]!.endsAt).toBe("0001-01-01T00:00:00Z");
  });

  it("accepts Grafana's Alertmanager-compatible payload with its extras", () => {
    const grafana = {
      receiver: "vigil",
      status: "firing",
      orgId: 1,
      alerts: [
        {
          status: "firing",
          labels: { alertname: "DiskFull", grafana_folder: "infra" },
          annotations: { summary: "disk full" },
          startsAt: "2026-11-22T03:00:00+01:00",
          endsAt: "0001-01-01T00:00:00Z",
          generatorURL: "https://grafana.local/alerting/grafana/abc/view",
          fingerprint: "a1b2c3d4e5f60718",
          silenceURL: "https://grafana.local/alerting/silence/new",
          dashboardURL: "",
          panelURL: "",
          values: { B: 97.2 },
          valueString: "[ var='B' value=97.2 ]",
        },
      ],
      groupLabels: { alertname: "DiskFull" },
      commonLabels: { alertname: "DiskFull" },
      commonAnnotations: {},
      externalURL: "https://grafana.local/",
      version: "1",
      groupKey: '{}/{alertname="DiskFull"}:{alertname="DiskFull"}',
      truncatedAlerts: 0,
      title: "[FIRING:1] DiskFull",
      state: "alerting",
      message: "**Firing**",
    };
    const payload = parseWebhookPayload(JSON.stringify(grafana));
    expect(payload.alerts[0]!.fingerprint).toBe("a1b2c3d4e5f60718");
  });

  it("names the offending field", () => {
    const body = valid() as Record<string, unknown> & { alerts: Record<string, unknown>[] };
    body.alerts[0]!.startsAt = "yesterday";
    const err = errorOf(JSON.stringify(body));
    expect(err.status).toBe(400);
    expect(err.message).toContain("alerts[0].startsAt");
  });

  it("names a missing top-level field and a wrong label type", () => {
    const { groupKey: _, ...noGroupKey } = valid();
    expect(errorOf(JSON.stringify(noGroupKey)).message).toContain("groupKey");
    const body = valid() as unknown as { alerts: { labels: Record<string, unknown> }[] };
    body.alerts[0]!.labels.severity = 3;
    expect(errorOf(JSON.stringify(body)).message).toContain("alerts[0].labels.severity");
  });

  it("rejects invalid JSON and an unknown version clearly", () => {
    expect(errorOf("{not json").message).toMatch(/not valid JSON/);
    expect(errorOf(JSON.stringify({ ...valid(), version: "3" })).message).toContain("version");
    expect(errorOf(JSON.stringify({ ...valid(), alerts: [] })).message).toContain("alerts");
  });
});
