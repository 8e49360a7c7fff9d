// A rollout in the window against a dependency that fails: the deploy is the cause only when the
// errors are in its new code; failed calls to a named peer are the peer's, whatever the runtime's
// phrasing or the level its logger printed them at. Rolling back a healthy release is unsafe.
import { describe, expect, it } from "vitest";
import type { DraftFact } from "@/lib/evidence/draft";
import { ruleBasedRca } from "@/lib/rca/rules/engine";
import { evidenceOf, logFact } from "@/lib/testing/rca-evidence";

const alertStart = new Date("2026-11-22T10:00:00Z");
const subject = { namespace: "shop", name: "api", kind: "Deployment" as const, replicas: 3, selector: "app=api" };
const ago = (minutes: number) => new Date(alertStart.getTime() - minutes * 60_000).toISOString();

const evidence = (facts: DraftFact[]) => evidenceOf(facts, [], subject);
const log = (text: string, level: "error" | "warn" | "info" = "error", count = 12) => logFact(text, level, count, "api-7d9f-x2");
// The workload's own new revision, shipped as a new image half an hour before the alert, and the
// numbers that rose since: the shape every case below shares, so only the lines decide.
const deployedAndWorse: DraftFact[] = [
  { kind: "rollout", revision: 8, previousRevision: 7, createdAt: ago(30), changes: ["api image reg/api:1.4.2 → reg/api:1.4.3"] },
  {
    kind: "change",
    at: ago(30),
    changeKind: "deploy",
    namespace: "shop",
    name: "api",
    summary: "api 1.4.3: structured logging",
    sameWorkload: true,
  },
  { kind: "metric", signal: "error_ratio", baseline: 0.001, recent: 0.3, max: 0.32 },
  { kind: "metric", signal: "latency_p99_ms", baseline: 80, recent: 5000, max: 5200 },
];
const decide = (lines: DraftFact[]) => ruleBasedRca(evidence([...lines, ...deployedAndWorse]), alertStart);
const actions = (rca: ReturnType<typeof decide>) => rca.actions.map((a) => a.action);

describe("a recent deploy beside a failing dependency", () => {
  it.each([
    [
      "Java, refused",
      log(
        'I/O error on POST request for "http://inventory:8080/reserve": Connection refused; nested exception is java.net.ConnectException',
      ),
    ],
    ["Go, dial tcp refused", log('level=error msg="charge failed" err="dial tcp 10.0.4.7:5432: connect: connection refused"')],
    ["Node, ECONNREFUSED logged at info", log("Error: connect ECONNREFUSED 10.0.9.3:6379", "info", 20)],
    ["Envoy sidecar", log("upstream connect error or disconnect/reset before headers. reset reason: connection failure")],
    ["Go, deadline naming another service", log('Get "http://pricing.shop.svc:8080/v1/quote": context deadline exceeded', "warn", 8)],
    [
      "Python requests",
      log(
        "requests.exceptions.ConnectionError: HTTPConnectionPool(host='ledger', port=8000): Max retries exceeded with url: /entries (Caused by NewConnectionError('Failed to establish a new connection: [Errno 111] Connection refused'))",
      ),
    ],
    [
      "librdkafka's %3 severity, read as info",
      log(
        "%3|1748164776.000|FAIL|rdkafka#producer-1| [thrd:kafka:9092/bootstrap]: kafka:9092/bootstrap: Connect to ipv4#10.20.1.5:9092 failed: Connection timed out (after 30004ms in state CONNECT)",
        "info",
        12,
      ),
    ],
    [
      ".NET HttpClient timeout",
      log(
        "fail: System.Net.Http.HttpClient.Default.LogicalHandler[0] | System.Threading.Tasks.TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.",
        "error",
        11,
      ),
    ],
    ["Node axios timeout", log("stripe request failed: timeout of 15000ms exceeded", "error", 9)],
  ])("%s: the dependency, and nothing is rolled back", (_, line) => {
    const rca = decide([line]);
    expect(rca.rootCause).toBe("dependency_failure");
    expect(actions(rca)).not.toContain("rollback");
  });

  it("a named dependency whose pods are down explains the errors even without a failed call in the logs", () => {
    const rca = decide([
      { kind: "peer", host: "orders-db:5432", service: "orders-db", pods: 1, unhealthy: 1, states: ["CrashLoopBackOff"] },
    ]);
    expect(rca.rootCause).toBe("dependency_failure");
    expect(actions(rca)).toEqual(["none"]);
  });
});

describe("a bad deploy whose errors mention a dependency", () => {
  it.each([
    [
      "Java, a null response from the pricing client",
      log(
        'java.lang.NullPointerException: Cannot invoke "com.acme.pricing.Quote.amount()" because "quote" is null | at com.acme.checkout.PricingClient.total(PricingClient.java:88)',
      ),
    ],
    [
      "Node, the new parser of the inventory API's answer",
      log(
        "TypeError: Cannot read properties of undefined (reading 'items') | at InventoryClient.parse (/app/dist/clients/inventory.js:41:18)",
      ),
    ],
    [
      "Go, a handler that indexes the pricing service's reply",
      log('level=error msg="quote from pricing:8080 failed" err="runtime error: index out of range [2] with length 0"'),
    ],
    [
      "Python, a field the ledger API never sent",
      log("KeyError: 'settled_at' | File \"/app/ledger_client.py\", line 57, in fetch_entries"),
    ],
  ])("%s: the new code, rolled back", (_, line) => {
    const rca = decide([line]);
    expect(rca.rootCause).toBe("bad_deploy");
    expect(actions(rca)[0]).toBe("rollback");
  });

  it("errors that start a minute after the rollout, in its code, beside one reset to a peer: still the deploy", () => {
    const rca = decide([
      log("TypeError: Cannot read properties of undefined (reading 'currency') | at priceOf (/app/dist/pricing/client.js:12:9)"),
      log("read tcp 10.0.0.4:41234->10.0.3.3:8080: read: connection reset by peer", "warn", 1),
      {
        kind: "anomaly",
        service: "shop/api",
        metric: "error_ratio",
        anomalyKind: "metric",
        value: 0.3,
        mean: 0.001,
        stddev: 0.002,
        z: 14,
        severity: "critical",
        at: ago(29),
        change: {
          at: ago(30),
          changeKind: "deploy",
          service: "shop/api",
          version: "1.4.3",
          actor: null,
          summary: "api 1.4.3: structured logging",
        },
      },
    ]);
    expect(rca.rootCause).toBe("bad_deploy");
    expect(actions(rca)[0]).toBe("rollback");
  });

  it("one reset to a peer is the network's weather: the worse numbers still point at the rollout", () => {
    const rca = decide([log("WARN read tcp 10.0.0.4:41234->10.0.3.3:443: read: connection reset by peer", "warn", 1)]);
    expect(rca.rootCause).toBe("bad_deploy");
  });
});
