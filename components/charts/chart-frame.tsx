// One chart's frame: a caption, a box of fixed height that holds the drawing or a message,
// an aria-label that says in a sentence what the drawing shows, and the numbers as a table
// for screen readers.
import type { ReactNode } from "react";
import "@/app/styles/charts.css";

type Props = {
  id: string;
  title: string;
  subtitle?: string;
  /** What the chart shows, in a sentence: read instead of the drawing. */
  summary: string;
  /** Nothing to draw: this message instead, in the same space. */
  empty?: string | null;
  busy?: boolean;
  tall?: boolean;
  /** The data as a table (rendered visually hidden); none when a visible table follows. */
  table?: ReactNode;
  children: ReactNode;
};

export function ChartFrame({ id, title, subtitle, summary, empty, busy, tall, table, children }: Props) {
  return (
    <figure className="chart" aria-labelledby={`${id}-title`} data-testid={`chart-${id}`}>
      <figcaption id={`${id}-title`} className="chart-title">
        {title}
        {subtitle && <span className="chart-subtitle">{subtitle}</span>}
      </figcaption>
      <div className={`chart-body${tall ? " tall" : ""}`} role="img" aria-label={summary} aria-busy={busy || undefined}>
        {empty ? <p className="chart-message">{empty}</p> : children}
      </div>
      {table && <div className="sr-only">{table}</div>}
    </figure>
  );
}

/** A chart's box while its data is on the way (or failed to come), the same size as the
 * chart. The page announces the failure once; the boxes only show it. */
export function ChartPlaceholder({ tall, error }: { tall?: boolean; error?: string | null }) {
  return (
    <div className={`chart-body${tall ? " tall" : ""}`} aria-busy={!error || undefined}>
      {error ? <p className="chart-message error">{error}</p> : <span className="chart-skeleton" aria-hidden="true" />}
    </div>
  );
}
