// The overview's headline numbers: what is open now, what the range brought, how fast it
// was handled, and what Vigil's executed actions achieved.
import type { OverviewJson } from "@/lib/client/api";
import { formatDuration, rangeLabel } from "@/lib/client/chart-format";

type Stat = { id: string; label: string; value: string | number; note?: string; tone?: "alert" | "good" };

function stats(o: OverviewJson): Stat[] {
  const h = o.headline;
  const a = h.actions;
  return [
    {
      id: "open",
      label: "Open now",
      value: h.open,
      note: h.openEscalated ? `${h.openEscalated} escalated` : "whenever opened",
      tone: h.open ? "alert" : undefined,
    },
    { id: "opened", label: "Opened", value: h.opened, note: `last ${rangeLabel[o.range]}` },
    {
      id: "escalated",
      label: "Escalated",
      value: h.escalated,
      note: "to a human, of those opened",
      tone: h.escalated ? "alert" : undefined,
    },
    { id: "mtta", label: "Median MTTA", value: formatDuration(h.mttaP50), note: "open → a person acknowledged" },
    { id: "first-rca", label: "Median time to first RCA", value: formatDuration(h.firstRcaP50), note: "open → Vigil's first RCA" },
    { id: "mttr", label: "Median MTTR", value: formatDuration(h.mttrP50), note: "open → resolved" },
    {
      id: "executed",
      label: "Actions executed",
      value: a.executed,
      note: a.unverified ? `${a.unverified} not verified yet` : "by Vigil, approved",
    },
    { id: "verified", label: "Verified effective", value: a.verified, tone: a.verified ? "good" : undefined, note: "the alert cleared" },
    {
      id: "ineffective",
      label: "Ineffective",
      value: a.ineffective,
      tone: a.ineffective ? "alert" : undefined,
      note: "did not clear the alert",
    },
  ];
}

export function OverviewHeadline({ overview }: { overview: OverviewJson }) {
  return (
    <ul className="headline" aria-label="Headline numbers" data-testid="overview-headline">
      {stats(overview).map((s) => (
        <li key={s.id} className={`stat${s.tone ? ` stat-${s.tone}` : ""}`} data-testid={`stat-${s.id}`}>
          <span className="stat-label">{s.label}</span>
          <span className="stat-value">{s.value}</span>
          {s.note && <span className="stat-note">{s.note}</span>}
        </li>
      ))}
    </ul>
  );
}
