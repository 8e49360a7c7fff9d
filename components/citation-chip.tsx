// A cited evidence id ("E3") as a link to its item; and text whose ids become such links.
import type { MouseEvent } from "react";
import { evidenceElementId } from "@/lib/client/evidence-focus";
import { splitRefs } from "@/lib/incidents/evidence-view";

export type ShowEvidence = (ref: string) => void;

type ChipProps = { citation: string; title: string | undefined; onShow: ShowEvidence };

export function CitationChip({ citation, title, onShow }: ChipProps) {
  if (title === undefined) {
    // Cited but not stored (an older run, a model's slip): say so instead of a dead link.
    return (
      <span className="chip chip-missing" data-testid="citation" data-ref={citation} title="Not among this run's evidence">
        {citation}
      </span>
    );
  }
  // A real in-page link: it works without script; with it, the item is also revealed
  // when a filter hides it, focused and flashed.
  const show = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    onShow(citation);
  };
  return (
    <a
      className="chip"
      href={`#${evidenceElementId(citation)}`}
      data-testid="citation"
      data-ref={citation}
      title={title}
      aria-label={`${citation}: ${title}`}
      onClick={show}
    >
      {citation}
    </a>
  );
}

type RefTextProps = { text: string; titles: ReadonlyMap<string, string>; onShow: ShowEvidence };

/** Free text (a model's reasoning) with the evidence ids it mentions linked. */
export function RefText({ text, titles, onShow }: RefTextProps) {
  const show = (ref: string) => (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    onShow(ref);
  };
  return (
    <>
      {splitRefs(text, new Set(titles.keys())).map((part, i) =>
        "ref" in part ? (
          <a
            key={i}
            className="chip chip-inline"
            href={`#${evidenceElementId(part.ref)}`}
            aria-label={`${part.ref}: ${titles.get(part.ref)}`}
            onClick={show(part.ref)}
          >
            {part.ref}
          </a>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}
