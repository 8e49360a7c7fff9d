import { describe, expect, it } from "vitest";
import { byRef, groupEvidence, highlightParts, matchesEvidence, splitRefs } from "@/lib/incidents/evidence-view";

const item = (ref: string | null, source: string, title = "", content = "") => ({ ref, source, title, content });

describe("evidence view", () => {
  it("orders refs by number and puts items without one last", () => {
    const sorted = [item("E10", "logs"), item(null, "logs"), item("E2", "pod"), item("E1", "alert")].sort(byRef);
    expect(sorted.map((i) => i.ref)).toEqual(["E1", "E2", "E10", null]);
  });

  it("groups by source in the console's order, unknown sources last", () => {
    const groups = groupEvidence([item("E3", "metrics"), item("E1", "zeta"), item("E2", "alert"), item("E4", "metrics")]);
    expect(groups.map((g) => [g.source, g.items.map((i) => i.ref)])).toEqual([
      ["alert", ["E2"]],
      ["metrics", ["E3", "E4"]],
      ["zeta", ["E1"]],
    ]);
    expect(groups[0]!.label).toBe("Alert");
  });

  it("filters on every word, across ref, source label, title and text", () => {
    const log = item("E4", "logs", "Logs of checkout-api", "TypeError: Cannot read properties of undefined");
    expect(matchesEvidence(log, "typeerror checkout")).toBe(true);
    expect(matchesEvidence(log, "e4")).toBe(true);
    expect(matchesEvidence(log, "typeerror billing")).toBe(false);
    expect(matchesEvidence(item("E1", "hpa"), "autoscaler")).toBe(true);
    expect(groupEvidence([log, item("E1", "alert")], "  TYPEERROR ")).toHaveLength(1);
  });

  it("links only the refs that exist", () => {
    expect(splitRefs("rollout (E5) then errors E4, not E99 or XE4", new Set(["E4", "E5"]))).toEqual([
      { text: "rollout (" },
      { ref: "E5" },
      { text: ") then errors " },
      { ref: "E4" },
      { text: ", not E99 or XE4" },
    ]);
  });

  it("marks every match of every word, case-insensitively, merging overlaps", () => {
    const marked = (text: string, query: string) =>
      highlightParts(text, query)
        .map((p) => (p.match ? `[${p.text}]` : p.text))
        .join("");
    expect(marked("OOMKilled: container oom-killed", "oom")).toBe("[OOM]Killed: container [oom]-killed");
    expect(marked("connection refused", "conn nection")).toBe("[connection] refused");
    expect(marked("abcabc", "bc ab")).toBe("[abcabc]");
    expect(highlightParts("nothing here", "")).toEqual([{ text: "nothing here", match: false }]);
    expect(highlightParts("nothing here", "zzz")).toEqual([{ text: "nothing here", match: false }]);
  });
});
