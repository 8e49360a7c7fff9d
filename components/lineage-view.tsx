// The lineage page's graph: the alerts, then each investigation (its evidence, its engines
// side by side) with a branch per proposed action — policy, approvals, the Kubernetes request,
// verification — and an undo branching off what it undid. Kept live; `#node` opens a node and
// marks the path it came by.
"use client";

import "@/app/styles/lineage.css";
import { useMemo, useState } from "react";
import type { Lineage, LineageNode as Node } from "@/lib/lineage/types";
import { ancestry, outlineLineage, type Branch, type Row } from "@/lib/lineage/outline";
import { useLineage } from "@/lib/client/lineage-queries";
import { useLineageHash, useRevealOnHash } from "@/lib/client/lineage-hash";
import { LineageNode } from "@/components/lineage-node";

type NodeState = { isOpen: (id: string) => boolean; toggle: (id: string) => void; path: Set<string>; target: string | null };

function Nodes({ row, state, label }: { row: Row; state: NodeState; label?: string }) {
  const items = row.map((n: Node) => (
    <LineageNode
      key={n.id}
      node={n}
      open={state.isOpen(n.id)}
      onToggle={state.toggle}
      onPath={state.path.has(n.id)}
      target={state.target === n.id}
    />
  ));
  if (row.length === 1) return items[0];
  return (
    <li className="lineage-fork">
      <ol className="lineage-row" aria-label={label ?? "Side by side"}>
        {items}
      </ol>
    </li>
  );
}

function BranchView({ branch, state }: { branch: Branch; state: NodeState }) {
  return (
    <li className="lineage-branch" data-testid="lineage-branch" data-kind={branch.head.kind}>
      <ol className="lineage-chain">
        <Nodes row={[branch.head]} state={state} />
        {branch.rows.map((row) => (
          <Nodes key={row[0]!.id} row={row} state={state} label={row[0]!.kind === "approval" ? "Approvals" : undefined} />
        ))}
      </ol>
      {branch.branches.length > 0 && (
        <ol className="lineage-branches" aria-label="Branches">
          {branch.branches.map((b) => (
            <BranchView key={b.head.id} branch={b} state={state} />
          ))}
        </ol>
      )}
    </li>
  );
}

export function LineageView({ initial }: { initial: Lineage }) {
  const { data, isError, error } = useLineage(initial.incident.id, initial);
  const lineage = data ?? initial;
  const outline = useMemo(() => outlineLineage(lineage.nodes), [lineage.nodes]);
  const hash = useLineageHash();
  const known = hash !== null && lineage.nodes.some((n) => n.id === hash);
  useRevealOnHash(hash, known);
  // The person's own open/close choices; a deep-linked node starts open.
  const [choices, setChoices] = useState<Record<string, boolean>>({});
  const state: NodeState = {
    isOpen: (id) => choices[id] ?? id === hash,
    toggle: (id) => setChoices((c) => ({ ...c, [id]: !(c[id] ?? id === hash) })),
    path: new Set(known ? ancestry(lineage.nodes, hash) : []),
    target: known ? hash : null,
  };
  const setAll = (open: boolean) => setChoices(Object.fromEntries(lineage.nodes.map((n) => [n.id, open])));

  return (
    <section className="panel" aria-labelledby="lineage-heading">
      <div className="panel-head">
        <h2 id="lineage-heading">From alert to cluster</h2>
        <div className="row">
          <button type="button" onClick={() => setAll(true)} data-testid="lineage-expand-all">
            Expand all
          </button>
          <button type="button" onClick={() => setAll(false)}>
            Collapse all
          </button>
        </div>
      </div>
      {isError && (
        <p role="alert" className="notice error">
          Live updates paused: {error.message}
        </p>
      )}
      {hash && !known && (
        <p className="notice" role="status">
          No step “{hash}” in this lineage.
        </p>
      )}
      {lineage.nodes.length === 0 ? (
        <p className="empty">Nothing recorded for this incident yet.</p>
      ) : (
        <ol className="lineage" data-testid="lineage">
          {outline.alerts.length > 0 && (
            <li className="lineage-stage">
              <h3 className="lineage-stage-title">Alerts</h3>
              <ol className="lineage-chain">
                <Nodes row={outline.alerts} state={state} label="Alerts" />
              </ol>
            </li>
          )}
          {outline.runs.map((run) => (
            <li className="lineage-stage" key={run.evidence.id} data-testid="lineage-run">
              <h3 className="lineage-stage-title">Investigation {run.evidence.kind === "evidence" ? run.evidence.detail.attempt : ""}</h3>
              <ol className="lineage-chain">
                <Nodes row={[run.evidence]} state={state} />
                {run.engines.length > 0 && <Nodes row={run.engines} state={state} label="Engines" />}
              </ol>
              {run.branches.length > 0 && (
                <ol className="lineage-branches" aria-label="Proposed actions">
                  {run.branches.map((b) => (
                    <BranchView key={b.head.id} branch={b} state={state} />
                  ))}
                </ol>
              )}
            </li>
          ))}
          {outline.commands.length > 0 && (
            <li className="lineage-stage" data-testid="lineage-commands">
              <h3 className="lineage-stage-title">People</h3>
              <ol className="lineage-chain">
                {outline.commands.map((n) => (
                  <Nodes key={n.id} row={[n]} state={state} />
                ))}
              </ol>
            </li>
          )}
          {outline.loose.length > 0 && (
            <li className="lineage-stage">
              <h3 className="lineage-stage-title">Other actions</h3>
              <ol className="lineage-branches">
                {outline.loose.map((b) => (
                  <BranchView key={b.head.id} branch={b} state={state} />
                ))}
              </ol>
            </li>
          )}
        </ol>
      )}
    </section>
  );
}
