// The overview's range (24 h, 7 d, 30 d), kept in the URL. Plain links, so a range can be
// bookmarked, opened in a new tab or followed without script; with script, a click only
// changes the URL and the charts fetch the new range in place.
"use client";

import type { MouseEvent } from "react";
import { overviewRanges, type OverviewRange } from "@/lib/overview/range";
import { rangeLabel } from "@/lib/client/chart-format";

const short: Record<OverviewRange, string> = { "24h": "24 h", "7d": "7 d", "30d": "30 d" };

export function RangePicker({ range }: { range: OverviewRange }) {
  const select = (r: OverviewRange) => (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
    e.preventDefault();
    const params = new URLSearchParams(window.location.search);
    params.set("range", r);
    // Next.js follows the History API: useSearchParams sees the new range without a server round trip.
    window.history.pushState(null, "", `?${params}`);
  };
  return (
    <nav className="range-picker" aria-label="Time range" data-testid="range-picker">
      {overviewRanges.map((r) => (
        <a
          key={r}
          href={`?range=${r}`}
          aria-current={r === range ? "page" : undefined}
          aria-label={`Last ${rangeLabel[r]}`}
          onClick={select(r)}
        >
          {short[r]}
        </a>
      ))}
    </nav>
  );
}
