// Rule specialists: the rule engine's detectors kept to one domain, on hand-made evidence and
// on public scenarios. A failing dependency is the network's; the database's only when the
// failing dependency is a database.
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { EvidenceSet } from "@/lib/evidence/types";
import type { DraftFact } from "@/lib/evidence/draft";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { replayEvidence } from "@/lib/eval/replay";
import { inSpecialistDomain, ruleSpecialistRca } from "@/lib/rca/ensemble/rule-specialist";
import { specialists } from "@/lib/rca/ensemble/domains";
import { evidenceOf, logFact } from "@/lib/testing/rca-evidence";

const subject = { namespace: "shop", name: "api", kind: "Deployment" as const, replicas: 3, selector: "app=api" };
const alertStart = new Date("2026-11-22T10:00:00Z");

const evidence = (facts: DraftFact[]) => evidenceOf(facts, [], subject);
const log = (text: string) => logFact(text);
const causes = (e: EvidenceSet) => Object.fromEntries(specialists.map((s) => [s, ruleSpecialistRca(s, e, alertStart).rootCause]));

describe("rule specialists", () => {
  it("each concludes only within its domain, abstaining otherwise", () => {
    const oom = evidence([
      {
        kind: "terminated",
        pod: "api-1",
        container: "api",
        reason: "OOMKilled",
        exitCode: 137,
        restarts: 9,
        uptimeSeconds: 70,
        init: false,
        current: false,
        message: "",
      },
    ]);
    expect(causes(oom)).toEqual({ network: "unknown", database: "unknown", compute: "oom_killed" });
    const dns = evidence([log("dial tcp: lookup payments.internal on 10.96.0.10:53: no such host")]);
    expect(causes(dns)).toEqual({ network: "dns_failure", database: "unknown", compute: "unknown" });
    const pool = evidence([log("HikariPool-1 - Connection is not available, request timed out after 30000ms.")]);
    expect(causes(pool)).toMatchObject({ database: "db_connection_exhaustion", compute: "unknown" });
  });

  it("gives a failing database to both the network and the database specialists, any other upstream to the network alone", () => {
    const db = evidence([log("FATAL: the database system is in recovery mode"), log("could not connect to server: Connection refused")]);
    expect(causes(db)).toEqual({ network: "dependency_failure", database: "dependency_failure", compute: "unknown" });
    const upstream = evidence([log("upstream connect error or disconnect/reset before headers: 503 Service Unavailable from rates-api")]);
    expect(causes(upstream)).toEqual({ network: "dependency_failure", database: "unknown", compute: "unknown" });
  });

  it("filters findings by domain, the database's dependency by what its evidence says", () => {
    expect(inSpecialistDomain("compute", { cause: "oom_killed", why: [] })).toBe(true);
    expect(inSpecialistDomain("network", { cause: "oom_killed", why: [] })).toBe(false);
    expect(inSpecialistDomain("database", { cause: "dependency_failure", why: ['"ECONNREFUSED 10.0.0.7:5432 (postgres)"'] })).toBe(true);
    expect(inSpecialistDomain("database", { cause: "dependency_failure", why: ['"503 Service Unavailable from rates-api"'] })).toBe(false);
  });

  it("says which specialist abstains, and still cites the alert", () => {
    const rca = ruleSpecialistRca("network", evidence([{ kind: "alert", alertname: "HighLatency", text: "p99 over 2s" }]), alertStart);
    expect(rca).toMatchObject({ rootCause: "unknown", citations: ["E1"] });
    expect(rca.summary).toMatch(/network specialist's domain .* abstains/);
  });

  it("on a public scenario: the compute specialist finds the bad deploy and proposes the rollback the rules engine would", async () => {
    const replay = await replayEvidence(loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json")));
    const inContext = new Set(replay.context.items.map((i) => i.id));
    const compute = ruleSpecialistRca("compute", replay.evidence, replay.alertStart, inContext);
    expect(compute.rootCause).toBe("bad_deploy");
    expect(compute.actions[0]).toMatchObject({ action: "rollback", target: { namespace: "shop", name: "checkout-api" } });
    for (const id of compute.citations) expect(inContext.has(id)).toBe(true);
    expect(ruleSpecialistRca("network", replay.evidence, replay.alertStart, inContext).rootCause).toBe("unknown");
  });
});
