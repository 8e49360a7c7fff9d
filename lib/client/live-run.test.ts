import { describe, expect, it } from "vitest";
import type { LiveRun } from "@/lib/client/stream-state";
import type { Rca } from "@/lib/rca/types";
import { liveRunFor, liveStepLabel, modelSetAside, watchtowerFor } from "@/lib/client/live-run";

const rca: Rca = { reasoning: "", citations: ["E1"], rootCause: "unknown", confidence: 0.3, summary: "No cause stands out.", actions: [] };

type Stored = Parameters<typeof liveRunFor>[0] & {};
const stored = (over: Partial<Stored> = {}): Stored => ({
  id: "r1",
  status: "succeeded",
  engine: "rules",
  error: null,
  createdAt: "2026-11-22T07:00:00.000Z",
  steps: [
    { kind: "collect", name: "evidence" },
    { kind: "engine", name: "rules" },
  ],
  ...over,
});

const live = (over: Partial<LiveRun> = {}): LiveRun => ({
  runId: "r1",
  engine: "rules",
  attempt: 1,
  startedAt: "2026-11-22T07:00:00.010Z",
  status: "running",
  steps: [],
  evidence: null,
  tools: [],
  specialists: [],
  text: "",
  resetReason: null,
  rca: null,
  latencyMs: null,
  failure: null,
  ...over,
});

describe("liveRunFor", () => {
  it("shows the live run until the stored one has caught up with it", () => {
    expect(liveRunFor(null, null)).toBeNull();
    expect(liveRunFor(null, live())).toMatchObject({ runId: "r1" });
    expect(liveRunFor(stored({ status: "running" }), live())).toMatchObject({ runId: "r1" });
    // Concluded on the stream, still running in the last poll: the live view stays.
    expect(liveRunFor(stored({ status: "running" }), live({ status: "succeeded" }))).not.toBeNull();
    expect(liveRunFor(stored(), live({ status: "succeeded" }))).toBeNull();
  });

  it("shows a newer run the poll has not seen, never an older one", () => {
    expect(liveRunFor(stored(), live({ runId: "r2", startedAt: "2026-11-22T07:05:00.000Z" }))).toMatchObject({ runId: "r2" });
    expect(liveRunFor(stored({ id: "r2", createdAt: "2026-11-22T07:05:00.000Z", status: "running" }), live())).toBeNull();
  });
});

describe("modelSetAside", () => {
  it("gives the streamed reason when the model was asked and the rules answered", () => {
    const fallback = { runId: "r1", engine: "rules", rca, fallbackReason: "model timed out: no answer in 120 s" };
    expect(modelSetAside(stored({ status: "running" }), live({ engine: "model", rca: fallback }))).toBe(
      "model timed out: no answer in 120 s",
    );
    expect(
      modelSetAside(
        stored({ status: "running" }),
        live({ engine: "model", rca: { ...fallback, engine: "model", fallbackReason: undefined } }),
      ),
    ).toBeNull();
  });

  it("says nothing when no model is configured: there was no answer to set aside", () => {
    expect(
      modelSetAside(
        stored({ status: "running" }),
        live({ rca: { runId: "r1", engine: "rules", rca, fallbackReason: "no model configured" } }),
      ),
    ).toBeNull();
    expect(modelSetAside(stored({ error: "no model configured" }), null)).toBeNull();
  });

  it("reads the stored run's error when it succeeded with the rules after asking the model", () => {
    const asked = [
      { kind: "collect", name: "evidence" },
      { kind: "engine", name: "model llama3.1" },
    ];
    expect(modelSetAside(stored({ error: "model answer rejected after 2 attempts: bad citation", steps: asked }), null)).toBe(
      "model answer rejected after 2 attempts: bad citation",
    );
    expect(modelSetAside(stored({ status: "failed", error: "boom", steps: asked }), null)).toBeNull();
    expect(modelSetAside(stored({ engine: "model", steps: asked }), null)).toBeNull();
  });
});

describe("watchtowerFor", () => {
  it("prefers the stream's report, else the stored engine step's", () => {
    const steps = [
      { kind: "engine", name: "model llama3.1", output: { engine: "rules", watchtower: { active: true, reason: "model circuit open" } } },
    ];
    expect(watchtowerFor(stored({ steps }), null)).toEqual({ active: true, reason: "model circuit open" });
    expect(watchtowerFor(stored({ steps }), { active: false, reason: null })).toEqual({ active: false, reason: null });
    expect(watchtowerFor(stored(), null)).toBeNull();
    expect(watchtowerFor(stored({ steps: [{ kind: "engine", name: "rules", output: { watchtower: "yes" } }] }), null)).toBeNull();
    expect(watchtowerFor(null, null)).toBeNull();
  });
});

describe("liveStepLabel", () => {
  it("names the steps the investigation records", () => {
    expect(liveStepLabel({ kind: "collect", name: "evidence" })).toBe("Collecting evidence");
    expect(liveStepLabel({ kind: "engine", name: "model llama3.1" })).toBe("Model llama3.1");
    expect(liveStepLabel({ kind: "engine", name: "rules" })).toBe("Rule engine");
    expect(liveStepLabel({ kind: "other", name: "something else" })).toBe("something else");
  });
});
