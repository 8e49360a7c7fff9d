// Shapes an incident's stored records into its lineage: alerts, then per investigation the
// evidence it collected and the engines that reasoned over it, then per proposed action its
// policy verdict, approvals, the Kubernetes request and its verification — an undo following
// the action it undoes. Ordered so that every node comes after its parents. Pure: the
// queries live in build.ts, so this is unit-tested on hand-written records.
import type { LineageKind, LineageNode, LineageNodeOf } from "@/lib/lineage/types";
import type { Emit, LineageRecords } from "@/lib/lineage/records";
import { alertNodes, runNodes } from "@/lib/lineage/shape-runs";
import { actionChain, type ChainContext } from "@/lib/lineage/shape-actions";

export type { ActionRecord, AlertRecord, ApprovalRecord, AuditRecord, LineageRecords, RunRecord } from "@/lib/lineage/records";
export { nodeIds } from "@/lib/lineage/records";
import { nodeIds } from "@/lib/lineage/records";

export function shapeLineage(records: LineageRecords): LineageNode[] {
  const nodes: LineageNode[] = [];
  const emit: Emit = <K extends LineageKind>(node: Omit<LineageNodeOf<K>, "traceId">) => {
    const full = { ...node, traceId: records.traceId } as LineageNodeOf<K>;
    nodes.push(full as LineageNode);
    return full;
  };

  const alerts = alertNodes(records.alerts, emit);
  const runs = [...records.runs].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.attempt - b.attempt);
  const actions = [...records.actions].sort((a, b) => a.rank - b.rank || a.createdAt.getTime() - b.createdAt.getTime());
  const ctx: ChainContext = { traceId: records.traceId, emit, actions, audit: records.audit, placed: new Set(), chainEnd: new Map() };
  /** Per run, the node its proposals came from. */
  const proposer = new Map<string, string>();

  for (const run of runs) {
    proposer.set(run.id, runNodes(run, alerts, emit));
    for (const a of actions.filter((x) => x.agentRunId === run.id && !x.rollbackOfId && !ctx.placed.has(x.id)))
      actionChain(ctx, a, [proposer.get(run.id)!]);
  }
  // Proposals of no stored run, and undos whose original is not here. An undo whose original
  // is still to come is placed with it.
  for (const a of actions.filter((x) => !ctx.placed.has(x.id))) {
    if (ctx.placed.has(a.id)) continue;
    const after = a.rollbackOfId ? ctx.chainEnd.get(a.rollbackOfId) : a.agentRunId ? proposer.get(a.agentRunId) : undefined;
    if (a.rollbackOfId && !after && actions.some((o) => o.id === a.rollbackOfId && !ctx.placed.has(o.id))) continue;
    actionChain(ctx, a, after ? [after] : []);
  }
  // What people did to the incident itself: in order, each after the one before.
  let previous: string | null = null;
  for (const c of records.commands ?? []) {
    const data = c.data && typeof c.data === "object" && !Array.isArray(c.data) ? (c.data as Record<string, unknown>) : {};
    const node: LineageNode = emit({
      id: nodeIds.command(c.seq),
      kind: "command",
      at: c.at.toISOString(),
      title: c.text,
      summary: c.by ? `by ${c.by}` : "by a former user",
      ref: { type: "AuditEvent", id: c.seq },
      detail: { action: c.action, by: c.by, reason: typeof data.reason === "string" ? data.reason : null, data },
      parents: previous ? [previous] : [],
    });
    previous = node.id;
  }
  return nodes;
}
