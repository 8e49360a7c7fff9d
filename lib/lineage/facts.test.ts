import { describe, expect, it } from "vitest";
import { recordFacts } from "@/lib/lineage/facts";
import { shapeLineage } from "@/lib/lineage/shape";
import { records, run } from "@/lib/testing/lineage-records";

const factsOf = (kind: string, nodes = shapeLineage(records())) => {
  const node = nodes.find((n) => n.kind === kind)!;
  return Object.fromEntries(recordFacts(node).map((f) => [f.label, f.value]));
};

describe("recordFacts", () => {
  it("reads a Kubernetes request as its request line, response and resourceVersion change", () => {
    expect(factsOf("kubernetes_request")).toMatchObject({
      Request: "PATCH /apis/apps/v1/namespaces/shop/deployments/checkout-api",
      "Content-Type": "application/json-patch+json",
      Response: "200",
      resourceVersion: "41 → 42",
      "Trace annotation": "vigil.dev/trace-id=4bf92f3577b34da6a3ce929d0e0e4736",
      Sent: "2025-01-10 09:00:30 UTC",
    });
  });

  it("reads an approval as who and when", () => {
    expect(factsOf("approval")).toMatchObject({
      Decision: "approved",
      Who: "ana@example.com",
      When: "2025-01-10 09:00:29 UTC",
      Used: "2025-01-10 09:00:30 UTC",
    });
  });

  it("reads a model call as model, prompt size, latency, attempts and fallback reason", () => {
    const fellBack = run("run1", {
      engineName: "model llama3.1",
      engineOutput: {
        engine: "rules",
        rootCause: "bad_deploy",
        confidence: 0.8,
        citations: ["E1"],
        fallbackReason: "model timed out: no answer in 30 s",
        modelMs: 30_400,
      },
    });
    expect(factsOf("model_call", shapeLineage(records({ runs: [fellBack] })))).toEqual({
      Model: "llama3.1",
      Outcome: "fell back to the rule engine",
      "Prompt size": "812 tokens of evidence",
      Latency: "30 s",
      Attempts: "1",
      "Fallback reason": "model timed out: no answer in 30 s",
    });
  });

  it("leaves out what was not recorded", () => {
    const facts = recordFacts(shapeLineage(records()).find((n) => n.kind === "policy")!);
    expect(facts.map((f) => f.label)).toEqual([
      "Verdict",
      "Approvers needed",
      "Autonomous",
      "Preview",
      "Dry run",
      "resourceVersion",
      "Generation",
      "Preview hash",
    ]);
    expect(facts.every((f) => f.value !== "" && f.value !== "null")).toBe(true);
  });
});
