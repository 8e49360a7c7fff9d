// Evidence text as shown: what the filter matched is marked, and the redaction mask reads as
// "something was removed here", not as the text of the log line.
import { Fragment } from "react";
import { highlightParts } from "@/lib/incidents/evidence-view";
import { REDACTION_MASK } from "@/lib/evidence/redact";

export function EvidenceText({ text, query }: { text: string; query: string }) {
  const pieces = text.split(REDACTION_MASK);
  return (
    <>
      {pieces.map((piece, i) => (
        <Fragment key={i}>
          {i > 0 && (
            <span className="redaction-mask" title="Removed before storing: a secret or personal data">
              {REDACTION_MASK}
            </span>
          )}
          {highlightParts(piece, query).map((part, j) =>
            part.match ? (
              <mark key={j} className="hit" data-testid="evidence-hit">
                {part.text}
              </mark>
            ) : (
              part.text
            ),
          )}
        </Fragment>
      ))}
    </>
  );
}
