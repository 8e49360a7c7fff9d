// What a lineage node opens: its record as labelled facts, the lists some kinds carry (the
// evidence items, the policy's reasons and the dry-run diff, the model's retries and tool
// calls, the request body), which stored row it is, and the whole record as JSON.
import type { LineageNode } from "@/lib/lineage/types";
import { recordFacts } from "@/lib/lineage/facts";
import { ChangeDiff } from "@/components/change-diff";

function Extra({ node }: { node: LineageNode }) {
  switch (node.kind) {
    case "alert":
      return (
        <ul className="labels" aria-label="Labels">
          {Object.entries(node.detail.labels).map(([k, v]) => (
            <li key={k} className="label">
              {k}={v}
            </li>
          ))}
        </ul>
      );
    case "evidence":
      return (
        <ul className="lineage-evidence" aria-label="Evidence items">
          {node.detail.items.map((item) => (
            <li key={item.id} data-testid="lineage-evidence-item" data-ref={item.ref ?? ""}>
              <details>
                <summary>
                  <span className="ref-tag">{item.ref ?? "—"}</span> {item.title}{" "}
                  <span className="muted">
                    · {item.source} · {item.tokens} tokens
                  </span>
                  {item.inContext && <span className="lineage-tag in-context">in prompt</span>}
                  {item.cited && <span className="lineage-tag">cited</span>}
                  {item.redactions > 0 && <span className="lineage-tag redacted">{item.redactions} redacted</span>}
                </summary>
                <pre className="evidence-lines">{item.content}</pre>
              </details>
            </li>
          ))}
        </ul>
      );
    case "model_call":
      return node.detail.retries.length + node.detail.toolCalls.length > 0 ? (
        <ul className="lineage-list">
          {node.detail.retries.map((r, i) => (
            <li key={`r${i}`}>Retried: {r}</li>
          ))}
          {node.detail.toolCalls.map((c, i) => (
            <li key={`t${i}`}>
              Tool <code className="label">{c.tool}</code>{" "}
              {c.refused ? <span className="step-error">refused: {c.refused}</span> : c.evidenceId && <>→ {c.evidenceId}</>}
            </li>
          ))}
        </ul>
      ) : null;
    case "policy":
      return (
        <>
          <ul className="reasons" aria-label="Policy checks">
            {node.detail.reasons.map((r) => (
              <li key={r.rule + r.message} className={r.ok ? "reason-ok" : "reason-fail"}>
                <span className="reason-mark" aria-hidden="true">
                  {r.ok ? "✓" : "✗"}
                </span>
                <span className="sr-only">{r.ok ? "passed: " : "failed: "}</span>
                {r.message}
              </li>
            ))}
          </ul>
          {node.detail.preview && <ChangeDiff changes={node.detail.preview.changes} />}
        </>
      );
    case "kubernetes_request":
      return node.detail.body ? (
        <details className="lineage-json">
          <summary>Request body</summary>
          <pre data-testid="lineage-request-body">{JSON.stringify(node.detail.body, null, 2)}</pre>
        </details>
      ) : null;
    default:
      return null;
  }
}

export function LineageRecord({ node }: { node: LineageNode }) {
  return (
    <div className="lineage-record">
      <dl className="kv">
        {recordFacts(node).map((f) => (
          <div key={f.label} className="lineage-fact" data-tone={f.tone}>
            <dt>{f.label}</dt>
            <dd data-testid={f.testId}>{f.mono ? <code className="label">{f.value}</code> : f.value}</dd>
          </div>
        ))}
      </dl>
      <Extra node={node} />
      <p className="muted lineage-ref">
        Record: {node.ref.type} <code className="label">{node.ref.id}</code>
      </p>
      <details className="lineage-json">
        <summary>Whole record (JSON)</summary>
        <pre>{JSON.stringify(node.detail, null, 2)}</pre>
      </details>
    </div>
  );
}
