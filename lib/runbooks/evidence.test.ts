// Runbooks as evidence: the incident's query of the library, and hits as redacted drafts
// that keep where they came from (for the console's link) and rank below live evidence.
import { describe, expect, it } from "vitest";
import { draft, finalize } from "@/lib/evidence/draft";
import { LINKED_SCORE, MATCHED_SCORE, runbookDrafts, runbookQuery } from "@/lib/runbooks/evidence";
import type { RunbookHit } from "@/lib/runbooks/search";

const hit = (over: Partial<RunbookHit> = {}): RunbookHit => ({
  runbookId: "rb1",
  slug: "checkout",
  title: "Checkout",
  ordinal: 2,
  heading: "Checkout › Rollback",
  content: "## Rollback\n\nRun `kubectl rollout undo`.",
  linked: null,
  rank: 0.4,
  similarity: null,
  score: 0.016,
  ...over,
});

describe("runbookQuery", () => {
  it("asks with the alerts and the workload first, then the strongest evidence (not the alert again)", () => {
    const alerts = [
      {
        labels: { alertname: "HighErrorRate" },
        annotations: { summary: "5xx on checkout", runbook_url: "https://r/x.md" },
        startsAt: new Date(),
        status: "firing",
      },
    ];
    const drafts = [
      draft("alert", "Alert HighErrorRate", ["5xx on checkout"], 10),
      draft("events", "Events of checkout-api", ["BackOff restarting failed container"], 5),
      draft("config", "ConfigMap app", ["LOG_LEVEL=debug"], 1.5),
    ];
    const q = runbookQuery(alerts, { namespace: "shop", name: "checkout-api", kind: "Deployment", replicas: 3, selector: null }, drafts);
    expect(q).toEqual({
      alerts: [{ alertname: "HighErrorRate", annotations: alerts[0]!.annotations }],
      primary: ["HighErrorRate", "5xx on checkout", "checkout-api"],
      secondary: ["Events of checkout-api", "BackOff restarting failed container"],
    });
  });
});

describe("runbookDrafts", () => {
  it("titles the chunk once by runbook and section, keeps its place, and scores linked runbooks higher", () => {
    const [matched, linked] = runbookDrafts([
      hit(),
      hit({ linked: "runbook_url", heading: "Checkout", ordinal: 0, content: "# Checkout\n\nIntro." }),
    ]);
    expect(matched).toMatchObject({
      source: "runbook",
      title: "Runbook: Checkout › Rollback",
      lines: ["## Rollback", "Run `kubectl rollout undo`."],
      score: MATCHED_SCORE,
      facts: [],
    });
    expect(matched!.data).toEqual({ runbookId: "rb1", slug: "checkout", ordinal: 2, linked: null });
    expect(linked).toMatchObject({ title: "Runbook: Checkout", score: LINKED_SCORE, data: { linked: "runbook_url", ordinal: 0 } });
    expect(LINKED_SCORE).toBeLessThan(3.5);
    // finalize keeps the data with the item it stores.
    expect(finalize([matched!]).items[0]).toMatchObject({ id: "E1", source: "runbook", data: { runbookId: "rb1", ordinal: 2 } });
  });

  it("redacts secrets a runbook quotes, and clips a long chunk", () => {
    const secret = runbookDrafts([
      hit({ content: "Connect with postgres://app:hunter2@db:5432/app\nAuthorization: Bearer abcdefghijklmnopqrstu" }),
    ])[0]!;
    expect(secret.lines.join("\n")).not.toMatch(/hunter2|abcdefghijklmnopqrstu/);
    expect(secret.redactions).toBe(2);
    const long = runbookDrafts([hit({ content: Array.from({ length: 60 }, (_, i) => `step ${i}: ${"x".repeat(80)}`).join("\n") })])[0]!;
    expect(long.lines.join("\n").length).toBeLessThan(1_500);
    expect(long.lines[long.lines.length - 1]).toMatch(/…$/);
  });
});
