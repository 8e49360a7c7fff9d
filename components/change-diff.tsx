// An action's preview: what it will do in one line, the object's fields before and after as a
// diff (a sign and a colour on each line, so it does not depend on colour), whether the API
// server accepted the dry run, and the resourceVersion an approval is bound to.
import { diffLines, type PreviewView } from "@/lib/client/action-view";
import { RelativeTime } from "@/components/relative-time";

export function ChangeDiff({ changes }: { changes: PreviewView["changes"] }) {
  const lines = diffLines(changes);
  if (lines.length === 0) return null;
  return (
    <div className="diff" role="group" aria-label="Fields that change, before (−) and after (+)" data-testid="preview-diff">
      {lines.map((line, i) => (
        <code
          key={i}
          className={`diff-line ${line.sign === "-" ? "diff-del" : "diff-add"}`}
          data-testid="diff-line"
          data-sign={line.sign}
          data-path={line.path}
        >
          <span className="sr-only">{line.sign === "-" ? "before: " : "after: "}</span>
          {line.text}
        </code>
      ))}
    </div>
  );
}

type Props = { preview: PreviewView; resourceVersion: string | null; headingId: string; heading: string };

export function ChangePreview({ preview, resourceVersion, headingId, heading }: Props) {
  const noChange = preview.dryRun.ok && preview.changes.length === 0;
  return (
    <section className="preview" aria-labelledby={headingId} data-testid="action-preview">
      <h4 id={headingId}>{heading}</h4>
      <p className="preview-summary" data-testid="preview-summary">
        {preview.summary}
      </p>
      <ChangeDiff changes={preview.changes} />
      {noChange && <p className="muted">The API server reports no change to the object&apos;s spec.</p>}
      <p className={`dry-run ${preview.dryRun.ok ? "dry-run-ok" : "dry-run-failed"}`} data-testid="dry-run" data-ok={preview.dryRun.ok}>
        <span aria-hidden="true">{preview.dryRun.ok ? "✓ " : "✗ "}</span>
        {preview.dryRun.ok ? "Dry run accepted by the API server" : <>Dry run failed: {preview.dryRun.error}</>}
      </p>
      <p className="muted preview-facts">
        {resourceVersion ? (
          <>
            Previewed at resourceVersion <span data-testid="preview-resource-version">{resourceVersion}</span>
          </>
        ) : (
          "Previewed"
        )}{" "}
        · <RelativeTime iso={preview.at} />
      </p>
    </section>
  );
}
