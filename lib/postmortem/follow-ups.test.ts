// Follow-ups: every cause in the taxonomy has at least one, and the incident's own record
// (escalation, failed, ineffective or undone actions, still open) adds its own.
import { describe, expect, it } from "vitest";
import { rootCauses } from "@/lib/scenarios/schema";
import { buildFacts } from "@/lib/postmortem/facts";
import { causeFollowUps, followUpsFor } from "@/lib/postmortem/follow-ups";
import { badDeployRecords } from "@/lib/postmortem/records.fixture";

const asOf = new Date("2026-11-22T11:00:00.000Z");
const facts = () => {
  const { followUps: _, ...rest } = buildFacts(badDeployRecords(), asOf);
  return rest;
};

describe("follow-ups", () => {
  it("covers every root cause of the taxonomy", () => {
    for (const cause of rootCauses) expect(causeFollowUps[cause].length, cause).toBeGreaterThan(0);
  });

  it("maps a cause to its usual prevention: bad deploy → canary and rollback automation; OOM → memory limits", () => {
    expect(followUpsFor(facts()).map((f) => f.text)).toEqual(causeFollowUps.bad_deploy);
    expect(causeFollowUps.bad_deploy.join(" ")).toMatch(/canary/);
    expect(causeFollowUps.bad_deploy.join(" ")).toMatch(/rollback/i);
    const oom = facts();
    oom.rootCause = { ...oom.rootCause!, cause: "oom_killed", label: "Out of memory (OOMKilled)" };
    expect(followUpsFor(oom)[0]).toEqual({
      text: expect.stringMatching(/memory requests and limits/),
      why: "root cause: Out of memory (OOMKilled)",
    });
  });

  it("adds what the incident's record calls for: escalation, ineffective, failed and undone actions, low confidence, still open", () => {
    const f = facts();
    f.rootCause = { ...f.rootCause!, confidence: 0.4 };
    f.escalation = { reason: "3 actions did not resolve the incident", at: asOf.toISOString() };
    f.verification = [{ ...f.verification[0]!, effective: false }];
    f.executed = [
      { ...f.executed[0]!, state: "failed", error: "Deployment shop/checkout-api changed since the preview" },
      { ...f.executed[0]!, title: "Restart shop/checkout-api", state: "rolled_back" },
    ];
    f.impact = { ...f.impact, ongoing: true };
    expect(
      followUpsFor(f)
        .slice(causeFollowUps.bad_deploy.length)
        .map((x) => x.why),
    ).toEqual(["confidence 40%", "escalation", "ineffective action", "failed action", "rolled back", "still open"]);
    expect(followUpsFor(f).find((x) => x.why === "escalation")!.text).toContain("3 actions did not resolve the incident");
  });

  it("asks for an analysis when none was recorded", () => {
    const f = facts();
    f.rootCause = null;
    expect(followUpsFor(f)[0]!.why).toBe("no RCA");
  });
});
