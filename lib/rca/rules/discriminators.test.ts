// The rule engine's discriminators, one confusable pair at a time, on hand-made evidence: the
// mechanism decides, not the coincidence (a deploy in the window, an alert's name, a CPU spike).
import { describe, expect, it } from "vitest";
import type { EvidenceSet, Subject } from "@/lib/evidence/types";
import type { DraftFact } from "@/lib/evidence/draft";
import { ruleBasedRca } from "@/lib/rca/rules/engine";
import { evidenceOf, logFact } from "@/lib/testing/rca-evidence";

const alertStart = new Date("2026-11-22T10:00:00Z");
const ago = (minutes: number) => new Date(alertStart.getTime() - minutes * 60_000).toISOString();

const evidence = evidenceOf;
const log = (text: string, level: "error" | "warn" | "info" = "error", count = 12) => logFact(text, level, count);
const rollout = (changes: string[]): DraftFact => ({ kind: "rollout", revision: 8, previousRevision: 7, createdAt: ago(30), changes });
const metric = (
  signal: "cpu_throttled_ratio" | "error_ratio" | "request_rate" | "cpu_usage_cores",
  baseline: number,
  recent: number,
): DraftFact => ({ kind: "metric", signal, baseline, recent, max: recent });
const decide = (e: EvidenceSet) => ruleBasedRca(e, alertStart);

describe("rule engine discriminators", () => {
  it("a registry 401 is an image pull problem, whatever else happened", () => {
    const rca = decide(
      evidence([
        {
          kind: "waiting",
          pod: "api-1",
          container: "api",
          reason: "ImagePullBackOff",
          message: 'Back-off pulling image "reg.example/api:2.0": 401 Unauthorized; lookup reg.example: no such host',
          init: false,
        },
        rollout(["api image reg.example/api:1.9 → reg.example/api:2.0"]),
      ]),
    );
    expect(rca.rootCause).toBe("image_pull");
    expect(rca.actions.map((a) => a.action)).toEqual(["none"]);
  });

  it("a deploy in the window does not explain an expired certificate, and nothing is rolled back", () => {
    const rca = decide(
      evidence([
        log('level=error msg="payments call failed: Post https://payments:8443: x509: certificate has expired or is not yet valid"'),
        rollout(["api image a:1 → a:2"]),
        metric("error_ratio", 0.001, 0.4),
      ]),
    );
    expect(rca.rootCause).toBe("certificate_expired");
    expect(rca.actions.every((a) => a.action === "none")).toBe(true);
  });

  it("an OOM kill five minutes after start is an undersized limit, not a leak", () => {
    const rca = decide(
      evidence([
        {
          kind: "terminated",
          pod: "api-1",
          container: "api",
          reason: "OOMKilled",
          exitCode: 137,
          restarts: 4,
          uptimeSeconds: 300,
          init: false,
          current: false,
          message: "",
        },
        metric("request_rate", 100, 260),
      ]),
    );
    expect(rca.rootCause).toBe("oom_killed");
    expect(rca.actions[0]!.action).toBe("none");
  });

  it("a CPU spike behind a refusing dependency is a retry storm: the dependency, and no scaling", () => {
    const rca = decide(
      evidence([log("ERROR charge failed: connect ECONNREFUSED 10.0.3.4:5432 (postgres)"), metric("cpu_usage_cores", 0.4, 1.6)]),
    );
    expect(rca.rootCause).toBe("dependency_failure");
    expect(rca.actions.every((a) => a.action === "none")).toBe(true);
  });

  it("timeouts that name no peer, under measured throttling, are the workload's own saturation", () => {
    const rca = decide(
      evidence([
        log("request failed | context deadline exceeded"),
        metric("cpu_throttled_ratio", 0.1, 0.62),
        metric("request_rate", 280, 480),
      ]),
    );
    expect(rca.rootCause).toBe("cpu_saturation");
  });

  it("probes that time out while work queues up are saturation, not a misconfigured probe", () => {
    const rca = decide(
      evidence([
        {
          kind: "event",
          reason: "Unhealthy",
          message:
            'Readiness probe failed: Get "http://10.0.0.9:3000/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
          type: "Warning",
          count: 30,
          object: "pod/api-1",
          own: true,
        },
        log("WARN event loop delay 400ms exceeds 200ms, rejecting request with 503", "warn"),
      ]),
    );
    expect(rca.rootCause).toBe("cpu_saturation");
  });

  it("a revision that only set a value the error names is configuration, not a regression to roll back", () => {
    const rca = decide(
      evidence([
        log("ValueError: invalid literal for int() with base 10: 'twenty'"),
        rollout(["api env MAX_POOL_SIZE: 10 → twenty"]),
        {
          kind: "change",
          at: ago(30),
          changeKind: "config",
          namespace: "shop",
          name: "api",
          summary: "api: set MAX_POOL_SIZE=twenty",
          sameWorkload: true,
        },
      ]),
    );
    expect(rca.rootCause).toBe("bad_config");
    expect(rca.actions.every((a) => a.action === "none")).toBe(true);
  });

  it("a new revision whose own code throws is a bad deploy, rolled back", () => {
    const rca = decide(
      evidence([
        log("TypeError: Cannot read properties of undefined (reading 'currency')"),
        rollout(["api image a:1 → a:2"]),
        metric("error_ratio", 0.001, 0.3),
      ]),
    );
    expect(rca.rootCause).toBe("bad_deploy");
    expect(rca.actions[0]!.action).toBe("rollback");
  });

  it("names that do not resolve behind a deny-all egress policy are the policy", () => {
    const rca = decide(
      evidence(
        [log("Failed to resolve 'nginx-service.test-ns' ([Errno -3] Temporary failure in name resolution)")],
        [{ source: "network", lines: ["default-deny-egress: Egress; no ingress rules; 0 egress rule(s); created 2026-11-22T09:40:00Z"] }],
      ),
    );
    expect(rca.rootCause).toBe("network_policy");
  });

  it("a Job is never restarted or rolled back, whatever its cause", () => {
    const job: Subject = { namespace: "batch", name: "nightly", kind: "Job", replicas: null, selector: null };
    const rca = decide(
      evidence(
        [
          {
            kind: "terminated",
            pod: "nightly-x",
            container: "run",
            reason: "OOMKilled",
            exitCode: 137,
            restarts: 0,
            uptimeSeconds: 7 * 3600,
            init: false,
            current: true,
            message: "",
          },
        ],
        [],
        job,
      ),
    );
    expect(rca.rootCause).toBe("memory_leak");
    expect(rca.actions).toEqual([
      expect.objectContaining({ action: "none", target: { kind: "Job", namespace: "batch", name: "nightly" } }),
    ]);
  });

  it("abstains on one benign warning, and says what would decide it", () => {
    const rca = decide(evidence([log("WARN read tcp 10.0.0.1:443: connection reset by peer", "warn", 1)]));
    expect(rca.rootCause).toBe("unknown");
    expect(rca.missing?.length).toBeGreaterThan(0);
    expect(rca.actions.every((a) => a.action === "none")).toBe(true);
  });
});
