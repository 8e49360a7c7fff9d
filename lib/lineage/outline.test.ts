import { describe, expect, it } from "vitest";
import { ancestry, outlineLineage } from "@/lib/lineage/outline";
import type { LineageKind, LineageNode } from "@/lib/lineage/types";

// The layout reads kinds and parents only: the rest of a node does not matter here.
const node = (id: string, kind: LineageKind, parents: string[] = []) =>
  ({
    id,
    kind,
    parents,
    at: null,
    title: id,
    summary: "",
    traceId: "t",
    ref: { type: "ProposedAction", id },
    detail: {},
  }) as unknown as LineageNode;

const ids = (nodes: LineageNode[]) => nodes.map((n) => n.id);

describe("outlineLineage", () => {
  const nodes = [
    node("a1", "alert"),
    node("a2", "alert"),
    node("ev", "evidence", ["a1", "a2"]),
    node("model", "model_call", ["ev"]),
    node("rules", "rules", ["ev"]),
    node("p1", "proposal", ["rules"]),
    node("pol1", "policy", ["p1"]),
    node("ap1", "approval", ["pol1"]),
    node("ap2", "approval", ["pol1"]),
    node("k1", "kubernetes_request", ["ap1", "ap2"]),
    node("v1", "verification", ["k1"]),
    node("undo", "rollback", ["v1"]),
    node("pol3", "policy", ["undo"]),
    node("p2", "proposal", ["rules"]),
    node("pol2", "policy", ["p2"]),
    node("ev2", "evidence", ["a1"]),
    node("rules2", "rules", ["ev2"]),
    node("stray", "proposal", []),
    node("ack", "command"),
    node("note", "command", ["ack"]),
  ];

  it("puts the alerts on top, each investigation's engines side by side, and a branch per action", () => {
    const outline = outlineLineage(nodes);
    expect(ids(outline.alerts)).toEqual(["a1", "a2"]);
    expect(outline.runs.map((r) => [r.evidence.id, ids(r.engines), r.branches.map((b) => b.head.id)])).toEqual([
      ["ev", ["model", "rules"], ["p1", "p2"]],
      ["ev2", ["rules2"], []],
    ]);
    expect(ids(outline.loose.map((b) => b.head))).toEqual(["stray"]);
    // People's commands on the incident are their own stage, in order, never inside a branch.
    expect(ids(outline.commands)).toEqual(["ack", "note"]);
  });

  it("lays a branch out in rows — two approvers share one — with an undo branching off it", () => {
    const [first] = outlineLineage(nodes).runs[0]!.branches;
    expect(first!.rows.map(ids)).toEqual([["pol1"], ["ap1", "ap2"], ["k1"], ["v1"]]);
    expect(first!.branches.map((b) => [b.head.id, b.rows.map(ids)])).toEqual([["undo", [["pol3"]]]]);
  });
});

describe("ancestry", () => {
  it("walks from a node back to the alerts, nearest first", () => {
    const nodes = [
      node("a", "alert"),
      node("e", "evidence", ["a"]),
      node("r", "rules", ["e"]),
      node("p", "proposal", ["r"]),
      node("x", "proposal", ["r"]),
    ];
    expect(ancestry(nodes, "p")).toEqual(["p", "r", "e", "a"]);
    expect(ancestry(nodes, "missing")).toEqual([]);
  });
});
