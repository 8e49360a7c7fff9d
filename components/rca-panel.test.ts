// The RCA card's conclusion as markup: an undecided cause says what would decide it.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { RcaPanel } from "@/components/rca-panel";
import type { Rca } from "@/lib/rca/types";

const at = "2026-11-22T07:00:00.000Z";
const target = { kind: "Deployment" as const, namespace: "shop", name: "api" };
const unknown: Rca = {
  rootCause: "unknown",
  confidence: 0.3,
  summary: "No cause stands out for shop/api.",
  reasoning: "Errors without a pattern in E1.",
  citations: ["E1"],
  actions: [{ action: "none", target, risk: "low", rationale: "Investigate by hand." }],
  missing: ["the previous container's log of api-1", "whether payments-db accepted connections at 07:00"],
};
const runWith = (rca: Rca) => ({
  id: "r1",
  status: "succeeded",
  engine: "model",
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
  steps: [],
});
const render = (rca: Rca) =>
  renderToStaticMarkup(
    createElement(RcaPanel, {
      run: runWith(rca) as never,
      live: null,
      fallbackReason: null,
      titles: new Map([["E1", "Alert"]]),
      onShowEvidence: () => {},
    }),
  );

describe("RcaPanel's conclusion", () => {
  it("lists what would decide an unknown cause", () => {
    const html = render(unknown);
    expect(html).toContain('data-cause="unknown"');
    expect(html).toContain('<h3 id="missing-heading">What would decide it</h3>');
    expect(html).toContain(
      '<ul class="rca-missing" aria-labelledby="missing-heading" data-testid="rca-missing"><li>the previous container&#x27;s log of api-1</li><li>whether payments-db accepted connections at 07:00</li></ul>',
    );
  });

  it("shows the list beside a weak cause too, and nothing when there is nothing missing", () => {
    expect(render({ ...unknown, rootCause: "dependency_failure", confidence: 0.5 })).toContain('data-testid="rca-missing"');
    const decided = render({ ...unknown, rootCause: "bad_deploy", confidence: 0.9, missing: undefined });
    expect(decided).not.toContain("What would decide it");
    expect(render({ ...unknown, missing: [] })).not.toContain('data-testid="rca-missing"');
  });
});
