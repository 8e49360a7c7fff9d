"use client";

import { useClock } from "@/lib/client/clock";

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return "just now";
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h}h ago`;
  return `${Math.round(h / 24)}d ago`;
}

/** "5m ago", kept current. The server renders the absolute time (it cannot know the
 * viewer's clock); the browser switches to relative time once hydrated. */
export function RelativeTime({ iso }: { iso: string }) {
  const now = useClock();
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={date.toISOString()}>
      {now === null ? date.toISOString().slice(0, 16).replace("T", " ") : ago(now - date.getTime())}
    </time>
  );
}
