// One step of a lineage: its kind (an icon and a word), title, one-line summary and time,
// a link to itself, and — expanded — the record it stands for. A disclosure: the heading's
// button says whether it is open (aria-expanded) and which region it opens.
import type { LineageKind, LineageNode as Node } from "@/lib/lineage/types";
import { kindLabel } from "@/lib/lineage/facts";
import { LineageRecord } from "@/components/lineage-record";

const icon: Record<LineageKind, string> = {
  alert: "▲",
  evidence: "☰",
  model_call: "◆",
  rules: "⚙",
  proposal: "➜",
  policy: "§",
  approval: "✓",
  kubernetes_request: "⎈",
  verification: "✔",
  rollback: "↺",
  command: "☺",
};

type Props = { node: Node; open: boolean; onToggle: (id: string) => void; onPath: boolean; target: boolean };

export function LineageNode({ node, open, onToggle, onPath, target }: Props) {
  const recordId = `${node.id}-record`;
  return (
    <li
      id={node.id}
      className="lineage-node"
      tabIndex={-1}
      data-testid="lineage-node"
      data-kind={node.kind}
      data-on-path={onPath || undefined}
      data-target={target || undefined}
      aria-current={target ? "location" : undefined}
    >
      <span className="lineage-icon" aria-hidden="true">
        {icon[node.kind]}
      </span>
      <div className="lineage-card">
        <h4 className="lineage-heading">
          <button type="button" className="lineage-toggle" aria-expanded={open} aria-controls={recordId} onClick={() => onToggle(node.id)}>
            <span className="lineage-kind">{kindLabel[node.kind]}</span>
            <span className="lineage-title" data-testid="lineage-node-title">
              {node.title}
            </span>
          </button>
        </h4>
        <p className="lineage-summary" data-testid="lineage-node-summary">
          {node.summary}
        </p>
        <p className="lineage-meta muted">
          {node.at ? (
            <time dateTime={node.at} title={node.at}>
              {node.at.slice(0, 19).replace("T", " ")} UTC
            </time>
          ) : (
            <span>not yet</span>
          )}
          <a href={`#${node.id}`} className="lineage-anchor" aria-label={`Link to ${kindLabel[node.kind].toLowerCase()}: ${node.title}`}>
            #
          </a>
        </p>
        <div id={recordId} role="region" aria-label={`${kindLabel[node.kind]} record`} hidden={!open} data-testid="lineage-record">
          {open && <LineageRecord node={node} />}
        </div>
      </div>
    </li>
  );
}
