// The signal catalog: rendering, escaping of hostile label values, and user overrides.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultCatalog, loadCatalog, renderSignal } from "@/lib/metrics/catalog";
import { startFakePrometheus, type FakePrometheus } from "@/lib/metrics/fake-prometheus";
import { createPrometheusReader } from "@/lib/metrics/prometheus";
import { parseTemplate } from "@/lib/metrics/template";
import { signals } from "@/lib/scenarios/schema";

let fake: FakePrometheus | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe("renderSignal", () => {
  it("has a valid template for every signal", () => {
    expect(Object.keys(defaultCatalog).sort()).toEqual([...signals].sort());
    for (const signal of signals) expect(() => parseTemplate(defaultCatalog[signal])).not.toThrow();
  });

  it("fills placeholders and returns null when the target lacks one", () => {
    const q = renderSignal(defaultCatalog, "restarts", { namespace: "shop", pod: "api-1" });
    expect(q).toBe('sum by (namespace, pod, container) (kube_pod_container_status_restarts_total{namespace="shop", pod="api-1"})');
    expect(renderSignal(defaultCatalog, "restarts", { namespace: "shop" })).toBeNull();
    expect(renderSignal(defaultCatalog, "request_rate", { namespace: "shop", deployment: "" })).toBeNull();
  });

  it("keeps a hostile label value inside its string literal", () => {
    const hostile = 'x"} or vector(1) or up{a="\\';
    const q = renderSignal(defaultCatalog, "restarts", { namespace: "shop", pod: hostile })!;
    expect(q).toContain('pod="x\\"} or vector(1) or up{a=\\"\\\\"}');
    // Control characters cannot end the literal either (a raw newline is a PromQL syntax error).
    expect(renderSignal(defaultCatalog, "restarts", { namespace: "a\nb\x01", pod: "p" })).toContain('namespace="a\\nb\\x01"');
  });

  it("escapes regex metacharacters where a placeholder sits in a =~ matcher", () => {
    const catalog = { ...defaultCatalog, request_rate: 'sum(rate(http_requests_total{pod=~"{{deployment}}-.+"}[5m]))' };
    expect(renderSignal(catalog, "request_rate", { namespace: "n", deployment: "a.b*" })).toBe(
      'sum(rate(http_requests_total{pod=~"a\\\\.b\\\\*-.+"}[5m]))',
    );
  });

  it("round-trips values with quotes, backslashes and braces through the fake Prometheus", async () => {
    const labels = { namespace: 'ns"\\}', pod: 'p}{"\\"', container: "c" };
    const other = { namespace: labels.namespace, pod: "p", container: "c" };
    fake = await startFakePrometheus({
      series: [
        { signal: "restarts", labels, values: [[60, 4]] },
        { signal: "restarts", labels: other, values: [[60, 9]] },
      ],
      catalog: defaultCatalog,
    });
    const query = renderSignal(defaultCatalog, "restarts", labels)!;
    const result = await createPrometheusReader({ url: fake.url }).queryRange(query, new Date(0), new Date(120_000), 60);
    expect(result).toEqual([{ labels, values: [[60, 4]] }]);
  });
});

describe("loadCatalog", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "vigil-catalog-"));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it("returns the defaults, with overrides from an object or a JSON file", () => {
    expect(loadCatalog()).toEqual(defaultCatalog);
    const custom =
      'sum(rate(istio_requests_total{destination_workload_namespace="{{namespace}}", destination_workload="{{deployment}}"}[5m]))';
    expect(loadCatalog({ request_rate: custom })).toEqual({ ...defaultCatalog, request_rate: custom });
    expect(loadCatalog(file("ok.json", JSON.stringify({ request_rate: custom })))).toEqual({ ...defaultCatalog, request_rate: custom });
  });

  it("names unknown signals and lists the known ones", () => {
    expect(() => loadCatalog({ requests: "up" } as never)).toThrow(/unknown signal "requests" \(known: request_rate, error_ratio/);
    expect(() => loadCatalog(file("typo.json", '{"latency_p95_ms": "up"}'))).toThrow(/typo\.json: .*unknown signal "latency_p95_ms"/);
  });

  it("rejects templates that would render unsafely or not at all", () => {
    expect(() => loadCatalog({ restarts: "up{pod={{pod}}}" })).toThrow(
      /restarts: placeholder \{\{pod\}\} must be inside a double-quoted label value/,
    );
    expect(() => loadCatalog({ restarts: "up{pod='{{pod}}'}" })).toThrow(/not '-quoted ones/);
    expect(() => loadCatalog({ restarts: 'up{pod="{{pods}}"}' })).toThrow(/unknown placeholder \{\{pods\}\}/);
    expect(() => loadCatalog({ restarts: 'up{pod="{{pod}}}' })).toThrow(/unterminated double-quoted string/);
    expect(() => loadCatalog({ restarts: " " })).toThrow(/restarts: must be a PromQL template/);
    expect(() => loadCatalog({ restarts: 42 } as never)).toThrow(/restarts: .*expected string/);
  });

  it("says which file could not be read or parsed", () => {
    expect(() => loadCatalog(path.join(dir, "missing.json"))).toThrow(/missing\.json: cannot read the signal catalog: ENOENT/);
    expect(() => loadCatalog(file("bad.json", "{ request_rate: "))).toThrow(/bad\.json: cannot read the signal catalog/);
  });
});
