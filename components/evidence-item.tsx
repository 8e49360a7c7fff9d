// One piece of evidence: its id, title, whether the model saw it, what was redacted, and
// its lines as collected, with what the evidence filter matched marked.
import type { IncidentJson } from "@/lib/client/api";
import { evidenceElementId } from "@/lib/client/evidence-focus";
import Link from "next/link";
import { EvidenceText } from "@/components/evidence-text";

export type EvidenceJson = IncidentJson["evidence"][number];

/** Where a runbook chunk quoted as evidence lives in the library (its stored data says). */
function runbookHref(item: EvidenceJson): string | null {
  const data = item.source === "runbook" && item.data && typeof item.data === "object" && !Array.isArray(item.data) ? item.data : null;
  const id = data?.runbookId;
  const ordinal = data?.ordinal;
  return typeof id === "string" && typeof ordinal === "number" ? `/runbooks/${encodeURIComponent(id)}#chunk-${ordinal}` : null;
}

export function EvidenceItem({ item, query = "" }: { item: EvidenceJson; query?: string }) {
  const key = item.ref ?? item.id;
  const titleId = `${evidenceElementId(key)}-title`;
  const runbook = runbookHref(item);
  return (
    // Focusable from script only (tabIndex -1): a followed citation lands keyboard focus here.
    <article
      className="evidence-item"
      id={evidenceElementId(key)}
      tabIndex={-1}
      aria-labelledby={titleId}
      data-testid="evidence-item"
      data-ref={item.ref ?? undefined}
    >
      <header className="evidence-head">
        <h4 id={titleId} className="evidence-title">
          {item.ref && <span className="ref-tag">{item.ref}</span>} <EvidenceText text={item.title} query={query} />
        </h4>
        {item.inContext && (
          <span className="badge in-context" title="This item was part of what the engine reasoned over" data-testid="in-context">
            In context
          </span>
        )}
        {runbook && (
          <Link href={runbook} className="badge" data-testid="evidence-runbook-link">
            Open runbook
          </Link>
        )}
        {item.redactions > 0 && (
          <span className="badge redacted" title="Secrets and personal data removed before storing" data-testid="redactions">
            {item.redactions} {item.redactions === 1 ? "value" : "values"} redacted
          </span>
        )}
      </header>
      <pre className="evidence-lines">
        {item.content.split("\n").map((line, i) => (
          // Lines are stable for an item: it is stored once and never edited.
          <span key={i} className="evidence-line">
            {line ? <EvidenceText text={line} query={query} /> : " "}
          </span>
        ))}
      </pre>
    </article>
  );
}
