// The library's search box (a plain GET form: the results are server-rendered, and a search
// is a link) and its results: the chunks the incident search would pick, each linking to its
// place in the runbook.
import Link from "next/link";
import type { RunbookHit } from "@/lib/runbooks/search";

/** A chunk's first words as plain text: Markdown's markers (headings, emphasis, code, tables) dropped. */
function snippet(markdown: string): string {
  return markdown
    .replace(/^\s{0,3}(#{1,6}|[-*+>]|\d+\.)\s+/gm, "")
    .replace(/[*`|]+|:?-{3,}:?/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 240);
}

export function RunbookSearch({ query, hits }: { query: string; hits: RunbookHit[] | null }) {
  return (
    <section className="panel" aria-labelledby="runbook-search-heading">
      <h2 id="runbook-search-heading">Search</h2>
      <form method="get" action="/runbooks" role="search" className="runbook-search">
        <label htmlFor="runbook-q" className="sr-only">
          Search runbooks
        </label>
        <input
          id="runbook-q"
          type="search"
          name="q"
          defaultValue={query}
          placeholder="KubePodCrashLooping, connection pool exhausted…"
          maxLength={500}
          data-testid="runbook-q"
        />
        <button type="submit">Search</button>
      </form>
      {hits && hits.length === 0 && <p className="muted">No runbook matches “{query}”.</p>}
      {hits && hits.length > 0 && (
        <ol className="runbook-hits" data-testid="runbook-hits">
          {hits.map((h) => (
            <li key={`${h.runbookId}-${h.ordinal}`} data-testid="runbook-hit">
              <Link href={`/runbooks/${h.runbookId}#chunk-${h.ordinal}`}>
                {h.title}
                {h.heading && h.heading !== h.title ? ` › ${h.heading.replace(`${h.title} › `, "")}` : ""}
              </Link>
              <p className="muted">{snippet(h.content)}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
