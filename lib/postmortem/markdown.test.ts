// The template engine: facts from an incident's records, and the Markdown written from them —
// every section, in order, from the records alone; the same facts give the same document; and
// text from logs, alerts or a model stays text (no headings, links or HTML of its own).
import { describe, expect, it } from "vitest";
import { buildFacts } from "@/lib/postmortem/facts";
import { renderPostmortem, SECTIONS } from "@/lib/postmortem/markdown";
import { badDeployRecords } from "@/lib/postmortem/records.fixture";
import type { DraftMeta } from "@/lib/postmortem/types";

const asOf = new Date("2026-11-22T11:00:00.000Z");
const meta: DraftMeta = { engine: "template", model: null, fallbackReason: null, generatedAt: asOf.toISOString() };
const facts = () => buildFacts(badDeployRecords(), asOf);
const section = (md: string, name: string) => {
  const start = md.indexOf(`\n## ${name}\n`);
  expect(start, `section ${name}`).toBeGreaterThan(-1);
  const rest = md.slice(start + name.length + 5);
  const end = rest.search(/\n## /);
  return end === -1 ? rest : rest.slice(0, end);
};

describe("post-mortem facts", () => {
  it("measures impact from the incident's timestamps", () => {
    expect(facts().impact).toMatchObject({
      ongoing: false,
      durationMs: 570_000,
      mttaMs: 2_000,
      mitigateMs: 303_000,
      mttrMs: 570_000,
      firing: 0,
    });
  });

  it("collapses consecutive identical audit events and leaves out the post-mortem's own", () => {
    const timeline = facts().timeline;
    expect(timeline.filter((l) => l.action === "webhook.received").map((l) => l.repeats)).toEqual([1, 3]);
    expect(timeline.map((l) => l.action)).not.toContain("postmortem.saved");
    expect(timeline.find((l) => l.action === "action.approved")).toMatchObject({
      actor: "alice@acme.test",
      text: "Approved: Roll back shop/checkout-api",
    });
  });

  it("says nothing was set aside when no model was configured, and a recommendation's guard is no refusal", () => {
    const records = badDeployRecords();
    records.run = { ...records.run!, error: "no model configured" };
    records.events.push({
      at: new Date("2026-11-22T10:00:41.000Z"),
      action: "action.guarded",
      actorType: "system",
      actorId: null,
      targetId: "act-none",
      data: { allowed: false, refused: ["none is not executable"] },
    });
    const f = buildFacts(records, asOf);
    expect(f.rootCause!.fallbackReason).toBeNull();
    expect(f.timeline.at(-1)!.text).toBe("Recommendation recorded: nothing to execute");
  });

  it("keeps the cited evidence by id, redacted, and names citations with no stored item", () => {
    const rc = facts().rootCause!;
    expect(rc.evidence.map((e) => e.ref)).toEqual(["E1", "E3"]);
    expect(rc.missing).toEqual(["E9"]);
    expect(rc.evidence[1]!.lines.join("\n")).not.toContain("hunter2");
    expect(rc.fallbackReason).toMatch(/^model timed out/);
  });

  it("hides secret-looking env values in the change the action made", () => {
    const [done] = facts().executed;
    expect(done!.changes[1]).toEqual({
      path: "containers[checkout-api].env[DB_PASSWORD].value",
      before: "[REDACTED]",
      after: "[REDACTED]",
    });
    expect(done!.authorizedBy).toEqual(["alice@acme.test"]);
  });

  it("lists decisions for actions that change the cluster, not the recommendation", () => {
    expect(facts().decisions.map((d) => [d.title, d.state])).toEqual([
      ["Roll back shop/checkout-api", "executed"],
      ["Restart shop/checkout-api", "refused"],
    ]);
  });
});

describe("the template engine", () => {
  it("writes every section, in order, under one title", () => {
    const md = renderPostmortem(facts(), meta);
    const headings = md.split("\n").filter((l) => /^#{1,2} /.test(l));
    expect(headings).toEqual(["# INC-42 post-mortem: Checkout error rate above 5% on checkout-api", ...SECTIONS.map((s) => `## ${s}`)]);
    expect(md).toContain("Drafted 2026-11-22 11:00:00 UTC by the template engine");
  });

  it("is deterministic: the same facts give the same document", () => {
    expect(renderPostmortem(facts(), meta)).toBe(renderPostmortem(facts(), meta));
  });

  it("states impact: duration, MTTA, MTTR, severity, workload and alerts", () => {
    const impact = section(renderPostmortem(facts(), meta), "Impact");
    expect(impact).toContain("- **Severity:** critical");
    expect(impact).toContain("- **Affected workload:** Deployment `shop/checkout-api`");
    expect(impact).toContain("- **Duration:** 10 min (2026-11-22 10:00:00 UTC → 2026-11-22 10:09:30 UTC)");
    expect(impact).toContain("- **Time to acknowledge (MTTA, a person):** 2 s");
    expect(impact).toContain("- **Time to first RCA (Vigil):** 1 s");
    expect(impact).toContain("- **Time to mitigate:** 5 min");
    expect(impact).toContain("- **Time to resolve (MTTR):** 10 min");
    expect(impact).toContain("`CheckoutErrorRate` (critical, resolved): 2026-11-22 10:00:00 UTC → 2026-11-22 10:09:30 UTC, 3 deliveries");
  });

  it("writes the timeline in UTC with repeats counted", () => {
    const timeline = section(renderPostmortem(facts(), meta), "Timeline (UTC)");
    expect(timeline).toContain("- **2026-11-22 10:00:00** Alertmanager notification (firing) with 1 alert(s) — _alertmanager_");
    expect(timeline).toContain(
      "- **10:00:30** Alertmanager notification (firing) with 1 alert(s) (×3, the last at 10:01:30) — _alertmanager_",
    );
    expect(timeline).toContain("- **10:05:01** Approved: Roll back shop/checkout-api — _alice@acme.test_");
  });

  it("gives the root cause with its confidence and the cited evidence lines by id", () => {
    const rc = section(renderPostmortem(facts(), meta), "Root cause");
    expect(rc).toContain("**Bad deploy** (`bad_deploy`), confidence 91%, by the rule engine.");
    expect(rc).toContain("_The model's analysis was set aside: model timed out");
    expect(rc).toContain("- **E3** · logs — Logs of checkout-api-7c9 (current)");
    expect(rc).toContain("  TypeError: cannot read properties of undefined (reading 'total')");
    expect(rc).toContain("connecting with password=[REDACTED]");
    // A log line's backticks cannot close the block early: the fence is longer.
    expect(rc).toContain("  ````text");
    expect(rc).toContain("Cited but not stored: `E9`.");
  });

  it("records decisions (who, when), what ran on the cluster and what verified it", () => {
    const md = renderPostmortem(facts(), meta);
    expect(section(md, "Decisions")).toContain("  - Approved by alice@acme.test at 2026-11-22 10:05:01 UTC: “matches the deploy at 09:58”");
    expect(section(md, "Decisions")).toContain(
      "- **Restart shop/checkout-api** (medium risk), proposed 2026-11-22 10:00:41 UTC: refused by policy: restart is not an allowed action.",
    );
    const done = section(md, "What was done");
    expect(done).toContain("  - Request: `PATCH /apis/apps/v1/namespaces/shop/deployments/checkout-api` (json patch)");
    expect(done).toContain(
      "    - `containers[checkout-api].image`: `ghcr.io/acme/checkout-api:2.14.0` → `ghcr.io/acme/checkout-api:2.13.2`",
    );
    expect(done).toContain("  - Result: HTTP 200, resourceVersion 812 → 845, generation 8, revision 8 at write");
    expect(done).not.toContain("hunter");
    const verified = section(md, "What verified it");
    expect(verified).toContain("- **Roll back shop/checkout-api**: verified effective at 2026-11-22 10:09:31 UTC");
    expect(verified).toContain("  - ✓ Rollout: 3 of 3 replicas updated and available (revision 8)");
    expect(verified).toContain("  - – PromQL: not needed: the alerts resolved");
  });

  it("keeps text from alerts and logs as text: no HTML, links or headings of its own", () => {
    const md = renderPostmortem(facts(), meta);
    expect(md).toContain("5xx above 5% \\<script\\>alert(1)\\</script\\> \\[click\\](javascript:alert(1))");
    expect(md).not.toMatch(/^#+ not a heading/m);
  });

  it("says what is missing for an open incident with nothing done", () => {
    const records = badDeployRecords();
    records.incident = { ...records.incident, state: "investigating", resolvedAt: null, mitigatedAt: null };
    records.actions = [];
    records.run = null;
    const md = renderPostmortem(buildFacts(records, asOf), meta);
    expect(section(md, "Impact")).toContain("- **Duration:** 1 h so far (open since 2026-11-22 10:00:00 UTC)");
    expect(section(md, "Impact")).toContain("- **Time to resolve (MTTR):** not resolved");
    expect(section(md, "Root cause")).toContain("_No root-cause analysis was recorded for this incident._");
    expect(section(md, "What was done")).toContain("_Vigil made no change to the cluster._");
    expect(section(md, "Summary")).toContain("Still investigating as of 2026-11-22 11:00:00 UTC.");
  });
});
