// How the console lays out a lineage: the alerts on top, then each investigation — its
// evidence, its engines side by side — and under it a branch per proposed action, whose
// steps follow in rows (two approvers share a row), an undo branching off the action it
// undoes. Derived from the nodes' parents alone. Pure; safe in the browser.
import type { LineageNode } from "@/lib/lineage/types";

/** Nodes shown side by side at one step. */
export type Row = LineageNode[];
export type Branch = { head: LineageNode; rows: Row[]; branches: Branch[] };
export type RunSection = { evidence: LineageNode; engines: Row; branches: Branch[] };
export type Outline = { alerts: Row; runs: RunSection[]; loose: Branch[]; commands: Row };

const isHead = (n: LineageNode) => n.kind === "proposal" || n.kind === "rollback";

export function outlineLineage(nodes: readonly LineageNode[]): Outline {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const runs = new Map<string, RunSection>();
  const runOf = new Map<string, RunSection>();
  for (const n of nodes) {
    if (n.kind !== "evidence") continue;
    const section: RunSection = { evidence: n, engines: [], branches: [] };
    runs.set(n.id, section);
    runOf.set(n.id, section);
  }
  for (const n of nodes) {
    if (n.kind !== "model_call" && n.kind !== "rules") continue;
    const section = n.parents.map((p) => runs.get(p)).find(Boolean);
    if (!section) continue;
    section.engines.push(n);
    runOf.set(n.id, section);
  }

  const branches = new Map<string, Branch>();
  const owner = new Map<string, Branch>();
  const depth = new Map<string, number>();
  const loose: Branch[] = [];
  // Nodes come parents first, so one pass places each under what it came from.
  for (const n of nodes) {
    if (isHead(n)) {
      const branch: Branch = { head: n, rows: [], branches: [] };
      branches.set(n.id, branch);
      owner.set(n.id, branch);
      depth.set(n.id, 0);
      const parent = n.parents[0];
      const inBranch = parent ? owner.get(parent) : undefined;
      const inRun = parent ? runOf.get(parent) : undefined;
      if (inBranch) inBranch.branches.push(branch);
      else if (inRun) inRun.branches.push(branch);
      else loose.push(branch);
      continue;
    }
    if (n.kind === "alert" || n.kind === "command" || runOf.has(n.id)) continue;
    const branch = n.parents.map((p) => owner.get(p)).find(Boolean);
    if (!branch) continue;
    owner.set(n.id, branch);
    const d = 1 + Math.max(0, ...n.parents.filter((p) => owner.get(p) === branch && byId.has(p)).map((p) => depth.get(p) ?? 0));
    depth.set(n.id, d);
    (branch.rows[d - 1] ??= []).push(n);
  }
  for (const b of branches.values()) b.rows = b.rows.filter(Boolean);

  return {
    alerts: nodes.filter((n) => n.kind === "alert"),
    runs: [...runs.values()],
    loose,
    commands: nodes.filter((n) => n.kind === "command"),
  };
}

/** The ids of a node and everything it came from, nearest first: the path a deep link walks. */
export function ancestry(nodes: readonly LineageNode[], id: string): string[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const seen: string[] = [];
  const queue = [id];
  while (queue.length) {
    const next = queue.shift()!;
    if (seen.includes(next) || !byId.has(next)) continue;
    seen.push(next);
    queue.push(...byId.get(next)!.parents);
  }
  return seen;
}
