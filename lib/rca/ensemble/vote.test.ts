// The director's vote: confidence-weighted, abstentions silent, ties broken the documented
// way, and the ensemble's confidence from agreement.
import { describe, expect, it } from "vitest";
import { confidenceOf, tally, type Vote } from "@/lib/rca/ensemble/vote";

const vote = (specialist: Vote["specialist"], rootCause: Vote["rootCause"], confidence: number, citations: string[] = ["E1"]): Vote => ({
  specialist,
  rootCause,
  confidence,
  citations,
});

describe("tally", () => {
  it("weights each cause by its voters' confidence: two moderate votes outweigh one confident one", () => {
    const t = tally([
      vote("network", "dependency_failure", 0.6, ["E2"]),
      vote("database", "dependency_failure", 0.5, ["E3", "E2"]),
      vote("compute", "bad_deploy", 0.9),
    ]);
    expect(t.winner).toBe("dependency_failure");
    expect(t.totals.map((c) => [c.cause, c.weight, c.voters])).toEqual([
      ["dependency_failure", 1.1, ["network", "database"]],
      ["bad_deploy", 0.9, ["compute"]],
    ]);
    expect(t.totals[0]!.citations).toEqual(["E2", "E3"]);
    expect(t.tied).toEqual(["dependency_failure"]);
    expect(t.tieBreak).toBeNull();
    // share 1.1 / 2.0 × mean 0.55
    expect(t.confidence).toBe(0.3);
  });

  it("lets the most confident cause win when every specialist disagrees", () => {
    const t = tally([vote("network", "dns_failure", 0.4), vote("database", "disk_full", 0.3), vote("compute", "oom_killed", 0.95)]);
    expect(t.winner).toBe("oom_killed");
    expect(t.confidence).toBe(Number(((0.95 / 1.65) * 0.95).toFixed(2)));
  });

  it("does not count abstentions: unknown, zero confidence, or a cause outside the specialist's domain", () => {
    const t = tally([
      vote("network", "unknown", 0.9),
      vote("database", "disk_full", 0),
      vote("compute", "dns_failure", 0.99),
      vote("network", "certificate_expired", 0.7),
    ]);
    expect(t.abstained).toEqual(["network", "database", "compute"]);
    expect(t.totals.map((c) => c.cause)).toEqual(["certificate_expired"]);
    // Alone and unopposed: the share is 1, the confidence its own.
    expect(t).toMatchObject({ winner: "certificate_expired", confidence: 0.7 });
  });

  it("says unknown with no confidence when nobody votes", () => {
    const t = tally([vote("network", "unknown", 0.3), vote("database", "unknown", 0.3), vote("compute", "unknown", 0.2)]);
    expect(t).toMatchObject({ winner: "unknown", tied: [], tieBreak: null, confidence: 0, totals: [] });
    expect(tally([]).winner).toBe("unknown");
  });

  it("breaks a tie of weights by the highest single confidence", () => {
    const t = tally([
      vote("network", "dependency_failure", 0.4),
      vote("database", "dependency_failure", 0.4),
      vote("compute", "bad_deploy", 0.8),
    ]);
    expect(t.tied).toEqual(["bad_deploy", "dependency_failure"]);
    expect(t).toMatchObject({ winner: "bad_deploy", tieBreak: "confidence" });
  });

  it("then by the most distinct evidence cited, then by the taxonomy's order", () => {
    const byEvidence = tally([vote("network", "dns_failure", 0.7, ["E1"]), vote("compute", "oom_killed", 0.7, ["E2", "E3"])]);
    expect(byEvidence).toMatchObject({ winner: "oom_killed", tied: ["oom_killed", "dns_failure"], tieBreak: "evidence" });
    const byTaxonomy = tally([vote("network", "dns_failure", 0.7, ["E1"]), vote("compute", "oom_killed", 0.7, ["E2"])]);
    // oom_killed comes before dns_failure in the taxonomy.
    expect(byTaxonomy).toMatchObject({ winner: "oom_killed", tieBreak: "taxonomy" });
    // Order of arrival changes nothing.
    expect(tally([vote("compute", "oom_killed", 0.7, ["E2"]), vote("network", "dns_failure", 0.7, ["E1"])]).winner).toBe("oom_killed");
  });

  it("gives any voted cause its confidence, and none to a cause without votes", () => {
    const t = tally([vote("network", "dns_failure", 0.6), vote("compute", "oom_killed", 0.6)]);
    expect(confidenceOf(t, "dns_failure")).toBe(0.3);
    expect(confidenceOf(t, "disk_full")).toBe(0);
  });
});
