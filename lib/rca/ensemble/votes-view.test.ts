// What the incident page shows of the ensemble: the votes live from the stream (folded by
// the same reducer the page uses), then from the stored record; stream data is checked.
import { describe, expect, it } from "vitest";
import { initialStreamState, parseStreamEvent, reduceStream, type AnyStreamEvent } from "@/lib/client/stream-state";
import { liveStepLabel, modelSetAside } from "@/lib/client/live-run";
import { votesFromLive, votesFromRecord } from "@/lib/rca/ensemble/votes-view";
import { ensembleFromStepOutput, type EnsembleRecord } from "@/lib/rca/ensemble/record";
import { engineText } from "@/lib/rca/labels";

const event = (seq: number, kind: string, data: object) =>
  parseStreamEvent(JSON.stringify({ seq: String(seq), kind, at: "2026-11-22T07:00:00.000Z", data }))!;
const done = (
  seq: number,
  specialist: string,
  rootCause: string,
  confidence: number,
  source = "model",
  fallbackReason: string | null = null,
) => event(seq, "specialist.done", { runId: "r1", specialist, source, rootCause, confidence, citations: ["E1"], fallbackReason });

describe("the ensemble's votes on the incident page", () => {
  it("folds specialist.done events into the live run, and tallies them as they arrive", () => {
    const events: AnyStreamEvent[] = [
      event(1, "run.started", { runId: "r1", engine: "ensemble", attempt: 1 }),
      done(2, "compute", "bad_deploy", 0.85),
      done(3, "network", "dependency_failure", 0.3, "rules", "model timed out: 2 s"),
    ];
    const state = events.reduce(reduceStream, initialStreamState);
    expect(state.run!.specialists.map((s) => s.specialist)).toEqual(["compute", "network"]);

    const view = votesFromLive(state.run!.specialists);
    expect(view.waiting).toEqual(["database"]);
    expect(view.winner).toBe("bad_deploy");
    // Rows in the fixed order, whatever the order of arrival.
    expect(view.rows.map((r) => [r.specialist, r.causeText, r.won, r.source])).toEqual([
      ["network", "Dependency failure", false, "rules"],
      ["compute", "Bad deploy", true, "model"],
    ]);
    expect(view.rows[0]!.fallbackReason).toBe("model timed out: 2 s");
    expect(view.totals).toEqual(["Bad deploy 0.85 (compute)", "Dependency failure 0.30 (network)"]);
    expect(view.director).toBeNull();
  });

  it("shows an abstention as such, and drops what is not a specialist or a cause", () => {
    const view = votesFromLive([
      { specialist: "database", source: "model", rootCause: "unknown", confidence: 0.2, fallbackReason: null },
      { specialist: "storage", source: "model", rootCause: "disk_full", confidence: 0.9, fallbackReason: null },
      { specialist: "compute", source: "model", rootCause: "cosmic_rays", confidence: 0.9, fallbackReason: null },
    ]);
    expect(view.rows.map((r) => [r.specialist, r.causeText, r.abstained])).toEqual([
      ["database", "Abstains", true],
      ["compute", "Abstains", true],
    ]);
    expect(view).toMatchObject({ winner: null, totals: [], waiting: ["network"] });
  });

  it("reads the stored record back through its schema, saying how the answer was merged", () => {
    const record: EnsembleRecord = {
      specialists: [
        {
          specialist: "network",
          source: "model",
          rootCause: "dns_failure",
          confidence: 0.9,
          citations: ["E2"],
          summary: "s",
          fallbackReason: null,
          ms: 10,
        },
        {
          specialist: "database",
          source: "rules",
          rootCause: "unknown",
          confidence: 0.3,
          citations: ["E1"],
          summary: "s",
          fallbackReason: "model unavailable: HTTP 500",
          ms: 3,
        },
        {
          specialist: "compute",
          source: "model",
          rootCause: "unknown",
          confidence: 0.1,
          citations: ["E1"],
          summary: "s",
          fallbackReason: null,
          ms: 9,
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
      director: { source: "deterministic", fallbackReason: "model timed out: the model gave no complete answer within 2 s", ms: 2000 },
      usage: { calls: 4, promptTokens: 4000, completionTokens: 600 },
    };
    const parsed = ensembleFromStepOutput(JSON.parse(JSON.stringify({ engine: "ensemble", ensemble: record })));
    expect(parsed).toEqual(record);
    const view = votesFromRecord(parsed!);
    expect(view.rows.map((r) => [r.specialist, r.won])).toEqual([
      ["network", true],
      ["database", false],
      ["compute", false],
    ]);
    expect(view.director).toBe(
      "Merged deterministically (the director's answer was not used: model timed out: the model gave no complete answer within 2 s).",
    );
    expect(ensembleFromStepOutput({ engine: "model" })).toBeNull();
    expect(ensembleFromStepOutput({ ensemble: { ...record, specialists: [{ specialist: "storage" }] } })).toBeNull();
  });

  it("names the ensemble in the engine's label and its live step, and shows a fallback to the rules", () => {
    expect(engineText("ensemble", "llama3.1")).toBe("Ensemble of specialists · llama3.1");
    expect(liveStepLabel({ kind: "engine", name: "ensemble llama3.1" })).toBe("Ensemble of specialists · llama3.1");
    expect(liveStepLabel({ kind: "engine", name: "ensemble rules" })).toBe("Ensemble of rule-based specialists");
    const storedRun = {
      id: "r1",
      status: "succeeded" as const,
      engine: "rules",
      error: "ensemble failed: boom",
      createdAt: "2026-11-22T07:00:00.000Z",
      steps: [{ kind: "engine", name: "ensemble llama3.1" }],
    };
    expect(modelSetAside(storedRun, null)).toBe("ensemble failed: boom");
    expect(modelSetAside({ ...storedRun, steps: [{ kind: "engine", name: "ensemble rules" }] }, null)).toBeNull();
  });
});
