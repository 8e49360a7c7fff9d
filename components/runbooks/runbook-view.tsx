// One runbook: where it comes from, what links it to alerts, and its text chunk by chunk,
// each an anchor (#chunk-N) that incident evidence links to.
import type { Jsonify } from "@/lib/client/api";
import type { RunbookDetail } from "@/lib/runbooks/library";
import { MarkdownView } from "@/components/markdown-view";

const safeHref = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : undefined);

export function RunbookView({ runbook }: { runbook: Jsonify<RunbookDetail> }) {
  const url = safeHref(runbook.url);
  return (
    <article className="runbook" data-testid="runbook">
      <section className="panel" aria-labelledby="runbook-title">
        <h1 id="runbook-title" data-testid="runbook-title">
          {runbook.title}
        </h1>
        <dl className="kv">
          <dt>Source</dt>
          <dd>{runbook.source === "folder" ? `runbooks folder: ${runbook.path}` : "uploaded in the console"}</dd>
          <dt>Slug</dt>
          <dd>
            <span className="label">{runbook.slug}</span>
          </dd>
          {url && (
            <>
              <dt>URL</dt>
              <dd>
                <a href={url} target="_blank" rel="noopener noreferrer">
                  {url}
                </a>
              </dd>
            </>
          )}
          {runbook.alerts.length > 0 && (
            <>
              <dt>Alerts</dt>
              <dd>
                {runbook.alerts.map((a) => (
                  <span key={a} className="label">
                    {a}
                  </span>
                ))}
              </dd>
            </>
          )}
          {runbook.services.length > 0 && (
            <>
              <dt>Services</dt>
              <dd>{runbook.services.join(", ")}</dd>
            </>
          )}
          <dt>Updated</dt>
          <dd>
            {new Date(runbook.updatedAt).toISOString()}
            {runbook.updatedBy ? ` by ${runbook.updatedBy}` : ""}
          </dd>
          <dt>Chunks</dt>
          <dd>
            {runbook.chunks.length}
            {runbook.chunks[0]?.embeddingModel ? ` (embedded with ${runbook.chunks[0].embeddingModel})` : ""}
          </dd>
        </dl>
      </section>
      <section className="panel runbook-body" aria-label="Runbook text">
        {runbook.chunks.map((c) => (
          <section
            key={c.ordinal}
            id={`chunk-${c.ordinal}`}
            className="runbook-chunk"
            tabIndex={-1}
            data-testid="runbook-chunk"
            data-ordinal={c.ordinal}
          >
            <MarkdownView markdown={c.content} demote={1} />
          </section>
        ))}
      </section>
    </article>
  );
}
