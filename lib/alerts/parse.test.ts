import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, parseWebhookPayload } from "@/lib/alerts/parse";
import { MAX_ANNOTATION_VALUE_LENGTH, MAX_ANNOTATIONS, MAX_LABEL_VALUE_LENGTH, MAX_LABELS, MAX_NAME_LENGTH } from "@/lib/alerts/schema";
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

  it("refuses JSON nested deeper than the limit before parsing it, naming the limit", () => {
    // ~10,000 levels in a field the schema passes through overflowed the stack later (500s,
    // which Alertmanager retries).
    const deep = valid() as unknown as { alerts: Record<string, unknown>[] };
    deep.alerts[0]!.extra = "__DEEP__";
    const body = JSON.stringify(deep).replace('"__DEEP__"', "[".repeat(10_000) + "]".repeat(10_000));
    const err = errorOf(body);
    expect(err.status).toBe(400);
    expect(err.message).toContain(`${MAX_JSON_DEPTH} levels`);
  });

  it("accepts nesting up to the limit, and brackets inside strings are text", () => {
    // The payload itself is 3 levels deep where the extra field sits (object, alerts, alert).
    const nested = (levels: number) => {
      const body = valid() as unknown as { alerts: Record<string, unknown>[] };
      body.alerts[0]!.extra = "__DEEP__";
      return JSON.stringify(body).replace('"__DEEP__"', "[".repeat(levels) + "]".repeat(levels));
    };
    expect(parseWebhookPayload(nested(MAX_JSON_DEPTH - 3)).alerts).toHaveLength(1);
    expect(errorOf(nested(MAX_JSON_DEPTH - 2)).status).toBe(400);
    const text = valid();
    text.alerts[0]!.annotations = { description: '[{"\\'.repeat(1_000) };
    expect(parseWebhookPayload(JSON.stringify(text)).alerts[0]!.annotations.description).toHaveLength(4_000);
  });

  it("bounds labels and annotations per alert, naming the limit", () => {
    const withLabels = (labels: Record<string, string>, annotations: Record<string, string> = {}) => {
      const body = valid();
      body.alerts[0]!.labels = { ...body.alerts[0]!.labels, ...labels };
      body.alerts[0]!.annotations = annotations;
      return JSON.stringify(body);
    };
    const many = (n: number, prefix: string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, "v"]));

    const flood = errorOf(withLabels(many(40_000, "l")));
    expect(flood.status).toBe(400);
    expect(flood.message).toContain(`alerts[0].labels: at most ${MAX_LABELS} labels`);
    // alertname, namespace and severity are there already.
    expect(parseWebhookPayload(withLabels(many(MAX_LABELS - 3, "l"))).alerts[0]!.labels).toHaveProperty("l124");
    expect(errorOf(withLabels(many(MAX_LABELS - 2, "l"))).message).toContain(`at most ${MAX_LABELS} labels`);

    expect(parseWebhookPayload(withLabels({}, many(MAX_ANNOTATIONS, "a"))).alerts[0]!.annotations).toHaveProperty("a127");
    expect(errorOf(withLabels({}, many(MAX_ANNOTATIONS + 1, "a"))).message).toContain(
      `alerts[0].annotations: at most ${MAX_ANNOTATIONS} annotations`,
    );
    expect(errorOf(JSON.stringify({ ...valid(), commonLabels: many(MAX_LABELS + 1, "l") })).message).toContain(
      `commonLabels: at most ${MAX_LABELS} labels`,
    );
  });

  it("bounds label names and values, naming the limit", () => {
    const withLabel = (name: string, value: string) => {
      const body = valid();
      body.alerts[0]!.labels[name] = value;
      return JSON.stringify(body);
    };
    expect(parseWebhookPayload(withLabel("n".repeat(MAX_NAME_LENGTH), "v".repeat(MAX_LABEL_VALUE_LENGTH))).alerts).toHaveLength(1);
    expect(errorOf(withLabel("n".repeat(MAX_NAME_LENGTH + 1), "v")).message).toContain(
      `alerts[0].labels: label names are at most ${MAX_NAME_LENGTH} characters`,
    );
    expect(errorOf(withLabel("long", "v".repeat(MAX_LABEL_VALUE_LENGTH + 1))).message).toContain(
      `alerts[0].labels.long: at most ${MAX_LABEL_VALUE_LENGTH} characters`,
    );
    const body = valid();
    body.alerts[0]!.annotations = { description: "d".repeat(MAX_ANNOTATION_VALUE_LENGTH + 1) };
    expect(errorOf(JSON.stringify(body)).message).toContain(
      `alerts[0].annotations.description: at most ${MAX_ANNOTATION_VALUE_LENGTH} characters`,
    );
  });
});
