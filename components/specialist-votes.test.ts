// The specialists' votes as markup: each vote, the winner marked, abstentions and fallbacks
// said in words, the specialists still working while the run is live.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { SpecialistVotes } from "@/components/specialist-votes";
import { votesFromLive } from "@/lib/rca/ensemble/votes-view";

describe("SpecialistVotes", () => {
  it("marks the winner, says who abstained and why a model was not used, and who is still working", () => {
    const view = votesFromLive([
      { specialist: "compute", source: "model", rootCause: "oom_killed", confidence: 0.9, fallbackReason: null },
      {
        specialist: "network",
        source: "rules",
        rootCause: "unknown",
        confidence: 0.3,
        fallbackReason: "model timed out: the model gave no complete answer within 2 s",
      },
    ]);
    const html = renderToStaticMarkup(createElement(SpecialistVotes, { view }));
    expect(html).toContain('data-specialist="compute" data-cause="oom_killed" data-won="true"');
    expect(html).toMatch(/Compute specialist<\/strong> — Out of memory \(OOMKilled\)<span class="muted"> · 90%/);
    expect(html).toMatch(
      /Network specialist<\/strong> — Abstains<span class="muted"> · rule engine<\/span><span class="muted"> \(model not used: model timed out/,
    );
    expect(html).toContain("database specialist is analysing…");
    expect(html).toContain("Vote: Out of memory (OOMKilled) 0.90 (compute). Winner: Out of memory (OOMKilled).");
  });
});

describe("RcaPanel in ensemble mode", () => {
  const rca = { rootCause: "dns_failure", confidence: 0.9, summary: "DNS fails", reasoning: "r", citations: ["E1"], actions: [] };
  const record = {
    specialists: [
      {
        specialist: "network",
        source: "model",
        rootCause: "dns_failure",
        confidence: 0.9,
        citations: ["E1"],
        summary: "s",
        fallbackReason: null,
        ms: 5,
      },
      {
        specialist: "database",
        source: "model",
        rootCause: "unknown",
        confidence: 0.2,
        citations: ["E1"],
        summary: "s",
        fallbackReason: null,
        ms: 5,
      },
      {
        specialist: "compute",
        source: "model",
        rootCause: "unknown",
        confidence: 0.2,
        citations: ["E1"],
        summary: "s",
        fallbackReason: null,
        ms: 5,
      },
    ],
    tally: {
      winner: "dns_failure",
      tied: ["dns_failure"],
      tieBreak: null,
      confidence: 0.9,
      totals: [{ cause: "dns_failure", weight: 0.9, voters: ["network"] }],
      abstained: ["database", "compute"],
    },
    director: { source: "model", fallbackReason: null, ms: 20 },
    usage: { calls: 4, promptTokens: 4000, completionTokens: 500 },
  };
  const at = "2026-11-22T07:00:00.000Z";
  const run = {
    id: "r1",
    status: "succeeded",
    engine: "ensemble",
    model: "llama3.1",
    attempt: 1,
    error: null,
    createdAt: at,
    startedAt: at,
    finishedAt: at,
    latencyMs: 100,
    promptTokens: 800,
    rca,
    unreadableResult: false,
    steps: [
      {
        index: 2,
        kind: "engine",
        name: "ensemble llama3.1",
        durationMs: 90,
        startedAt: at,
        finishedAt: at,
        error: null,
        output: { engine: "ensemble", ensemble: record },
      },
    ],
  };
  const props = { fallbackReason: null, titles: new Map([["E1", "Alert"]]), onShowEvidence: () => {} };

  it("shows the stored votes under the conclusion, and the live ones while the run streams", async () => {
    const { RcaPanel } = await import("@/components/rca-panel");
    const stored = renderToStaticMarkup(createElement(RcaPanel, { ...props, run: run as never, live: null }));
    expect(stored).toContain("Ensemble of specialists · llama3.1");
    expect(stored).toContain('data-specialist="network" data-cause="dns_failure" data-won="true"');
    expect(stored).toContain("Merged by the model director.");

    const live = {
      runId: "r2",
      engine: "ensemble",
      attempt: 2,
      startedAt: at,
      status: "running",
      steps: [],
      evidence: null,
      tools: [],
      text: "",
      resetReason: null,
      rca: null,
      latencyMs: null,
      failure: null,
      specialists: [
        { specialist: "database", source: "model", rootCause: "disk_full", confidence: 0.7, citations: ["E1"], fallbackReason: null },
      ],
    };
    const streaming = renderToStaticMarkup(createElement(RcaPanel, { ...props, run: run as never, live: live as never }));
    expect(streaming).toContain('data-specialist="database" data-cause="disk_full" data-won="true"');
    expect(streaming).toContain("network specialist is analysing…");
    expect(streaming).not.toContain("Merged by the model director.");
  });
});
