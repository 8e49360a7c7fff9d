import { describe, expect, it } from "vitest";
import type { StreamEventData, StreamEventKind } from "@/lib/stream/types";
import type { Rca } from "@/lib/rca/types";
import { initialStreamState, parseStreamEvent, reduceStream, type AnyStreamEvent, type StreamState } from "@/lib/client/stream-state";

const rca: Rca = {
  reasoning: "E1 shows nothing decisive.",
  citations: ["E1"],
  rootCause: "unknown",
  confidence: 0.3,
  summary: "No cause stands out.",
  actions: [],
};

/** A stream from a list of [kind, data] pairs, numbered from 1 as the server numbers them. */
function stream(...events: { [K in StreamEventKind]: [K, StreamEventData[K]] }[StreamEventKind][]): AnyStreamEvent[] {
  return events.map(([kind, data], i) => ({ seq: String(i + 1), kind, at: `2026-11-22T07:00:0${i % 10}.000Z`, data }) as AnyStreamEvent);
}

const fold = (events: AnyStreamEvent[], from: StreamState = initialStreamState) => events.reduce(reduceStream, from);

describe("reduceStream", () => {
  it("builds a model run from its events: steps with durations, evidence, text, rca, finish", () => {
    const state = fold(
      stream(
        ["run.started", { runId: "r1", engine: "model", attempt: 1 }],
        ["step.started", { runId: "r1", index: 1, kind: "collect", name: "evidence" }],
        ["step.finished", { runId: "r1", index: 1, name: "evidence", durationMs: 34 }],
        ["evidence", { runId: "r1", items: 7, inContext: 5, tokens: 812 }],
        ["step.started", { runId: "r1", index: 2, kind: "engine", name: "model llama3.1" }],
        ["token", { runId: "r1", text: '{"reasoning":"E1 ' }],
        ["token", { runId: "r1", text: 'shows"' }],
      ),
    );
    expect(state.lastSeq).toBe("7");
    expect(state.run).toMatchObject({ runId: "r1", engine: "model", attempt: 1, status: "running", startedAt: "2026-11-22T07:00:00.000Z" });
    expect(state.run?.steps).toEqual([
      { index: 1, kind: "collect", name: "evidence", durationMs: 34, error: null },
      { index: 2, kind: "engine", name: "model llama3.1", durationMs: null, error: null },
    ]);
    expect(state.run?.evidence).toEqual({ items: 7, inContext: 5, tokens: 812 });
    expect(state.run?.text).toBe('{"reasoning":"E1 shows"');

    const done = fold(
      stream(
        ["step.finished", { runId: "r1", index: 2, name: "model llama3.1", durationMs: 2400 }],
        ["rca", { runId: "r1", engine: "model", rca, watchtower: { active: true, reason: "model latency p99 61 s" } }],
        ["run.finished", { runId: "r1", engine: "model", rootCause: "unknown", confidence: 0.3, latencyMs: 2500 }],
      ).map((e, i) => ({ ...e, seq: String(8 + i) })),
      state,
    );
    expect(done.run).toMatchObject({ status: "succeeded", latencyMs: 2500, rca: { engine: "model", rca } });
    expect(done.run?.steps[1]?.durationMs).toBe(2400);
    expect(done.watchtower).toEqual({ active: true, reason: "model latency p99 61 s" });
  });

  it("empties the streamed text on tokens.reset and keeps why until the next token", () => {
    const events = stream(
      ["run.started", { runId: "r1", engine: "model", attempt: 1 }],
      ["token", { runId: "r1", text: '{"reasoning":"first try' }],
      ["tokens.reset", { runId: "r1", reason: "citation E9 is not in the evidence" }],
    );
    const reset = fold(events);
    expect(reset.run).toMatchObject({ text: "", resetReason: "citation E9 is not in the evidence" });
    const again = reduceStream(reset, {
      seq: "4",
      kind: "token",
      at: "2026-11-22T07:00:04.000Z",
      data: { runId: "r1", text: '{"reasoning":"second' },
    });
    expect(again.run).toMatchObject({ text: '{"reasoning":"second', resetReason: null });
  });

  it("starts over on a new run, keeping the model's last reported health", () => {
    const state = fold(
      stream(
        ["run.started", { runId: "r1", engine: "model", attempt: 1 }],
        ["token", { runId: "r1", text: '{"reasoning":"old' }],
        [
          "rca",
          { runId: "r1", engine: "rules", rca, fallbackReason: "model timed out", watchtower: { active: true, reason: "circuit open" } },
        ],
        ["run.finished", { runId: "r1", engine: "rules", rootCause: "unknown", confidence: 0.3, latencyMs: 90 }],
        ["run.started", { runId: "r2", engine: "model", attempt: 2 }],
      ),
    );
    expect(state.run).toMatchObject({ runId: "r2", attempt: 2, status: "running", text: "", steps: [], rca: null, evidence: null });
    expect(state.watchtower).toEqual({ active: true, reason: "circuit open" });
  });

  it("records a failure, and ignores another run's stragglers and repeated events", () => {
    const events = stream(
      ["run.started", { runId: "r2", engine: "rules", attempt: 2 }],
      ["step.started", { runId: "r1", index: 2, kind: "engine", name: "rules" }],
      ["step.started", { runId: "r2", index: 1, kind: "collect", name: "evidence" }],
      ["run.failed", { runId: "r2", error: "database went away" }],
    );
    const state = fold(events);
    expect(state.run).toMatchObject({ runId: "r2", status: "failed", failure: "database went away" });
    expect(state.run?.steps.map((s) => s.index)).toEqual([1]);
    expect(state.lastSeq).toBe("4");
    // A reconnect that replays what was seen (or a second subscription) changes nothing.
    expect(fold(events, state)).toBe(state);
  });

  it("ignores events before any run.started, and orders steps by index whatever their arrival", () => {
    const state = fold(
      stream(
        ["token", { runId: "r1", text: "lost" }],
        ["run.started", { runId: "r1", engine: "rules", attempt: 1 }],
        ["step.started", { runId: "r1", index: 2, kind: "engine", name: "rules" }],
        ["step.started", { runId: "r1", index: 1, kind: "collect", name: "evidence" }],
      ),
    );
    expect(state.run?.text).toBe("");
    expect(state.run?.steps.map((s) => s.name)).toEqual(["evidence", "rules"]);
  });

  it("compares sequence numbers as integers, not strings", () => {
    const at9 = fold(stream(["run.started", { runId: "r1", engine: "rules", attempt: 1 }]).map((e) => ({ ...e, seq: "9" })));
    const at10 = reduceStream(at9, { seq: "10", kind: "token", at: "2026-11-22T07:00:00.000Z", data: { runId: "r1", text: "x" } });
    expect(at10.run?.text).toBe("x");
  });
});

describe("parseStreamEvent", () => {
  it("reads an SSE data line and refuses what is not a stream event", () => {
    const line = JSON.stringify({ seq: "12", kind: "token", at: "2026-11-22T07:00:00.000Z", data: { runId: "r1", text: "{" } });
    expect(parseStreamEvent(line)).toMatchObject({ seq: "12", kind: "token", data: { text: "{" } });
    expect(parseStreamEvent("not json")).toBeNull();
    expect(parseStreamEvent(JSON.stringify({ seq: 12, kind: "token", data: {} }))).toBeNull();
    expect(parseStreamEvent(JSON.stringify({ seq: "12", kind: "run.exploded", data: {} }))).toBeNull();
    expect(parseStreamEvent(JSON.stringify({ seq: "12", kind: "token" }))).toBeNull();
    expect(parseStreamEvent("null")).toBeNull();
  });
});
