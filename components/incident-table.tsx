// The incidents as a table of links: each row's title is the link (a click anywhere on the
// row follows it); j/k or ↑/↓ move focus from row to row, Enter opens, "a" acknowledges
// (lib/client/list-keyboard.ts). Who owns each incident, and whether a person acknowledged it.
"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { MouseEvent, RefObject } from "react";
import type { IncidentListJson } from "@/lib/client/api";
import { liveStates } from "@/lib/incidents/model";
import { SeverityBadge, StateBadge } from "@/components/badges";
import { RelativeTime } from "@/components/relative-time";

type Item = IncidentListJson["items"][number];
type Props = { items: Item[]; busy: boolean; listRef: RefObject<HTMLTableSectionElement | null>; label: string };

export function IncidentTable({ items, busy, listRef, label }: Props) {
  const router = useRouter();
  // The row is a larger target for a pointer; the link itself stays the one thing focused and
  // announced. A click on the link, a modified click or a text selection is left alone.
  const follow = (href: string) => (event: MouseEvent<HTMLTableRowElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if ((event.target as Element).closest("a") || window.getSelection()?.toString()) return;
    router.push(href);
  };
  return (
    <table className="incident-table" data-testid="incident-table" aria-busy={busy} aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Incident</th>
          <th scope="col">Severity</th>
          <th scope="col">State</th>
          <th scope="col">Owner</th>
          <th scope="col" className="hide-sm">
            Workload
          </th>
          <th scope="col" className="hide-sm">
            Alerts
          </th>
          <th scope="col">Opened</th>
        </tr>
      </thead>
      <tbody ref={listRef}>
        {items.map((i) => {
          const href = `/incidents/${i.id}`;
          return (
            <tr key={i.id} data-testid="incident-row" data-incident-id={i.id} data-list-row onClick={follow(href)}>
              <td className="incident-cell">
                <Link href={href} data-testid="incident-link" aria-describedby={`sev-${i.id} state-${i.id}`}>
                  <span className="incident-number">INC-{i.number}</span> {i.title}
                </Link>
                <span className="incident-workload-sm muted">{[i.namespace, i.workload].filter(Boolean).join("/")}</span>
              </td>
              <td id={`sev-${i.id}`}>
                <SeverityBadge severity={i.severity} />
              </td>
              <td id={`state-${i.id}`}>
                <StateBadge state={i.state} />
              </td>
              <td className="incident-owner" data-testid="incident-owner-cell" data-acknowledged={i.acknowledgedAt !== null}>
                {i.owner ? i.owner.email : <span className="muted">Unowned</span>}
                {i.acknowledgedAt === null && liveStates.includes(i.state) && (
                  <span className="unacked" title="Nobody has acknowledged it yet">
                    not acknowledged
                  </span>
                )}
              </td>
              <td className="hide-sm">{[i.namespace, i.workload].filter(Boolean).join("/") || "—"}</td>
              <td className="hide-sm incident-alerts">
                {i.firingCount} firing / {i.alertCount}
                {i.truncatedAlerts > 0 && <span className="muted"> (+{i.truncatedAlerts} truncated)</span>}
              </td>
              <td className="incident-opened">
                <RelativeTime iso={i.openedAt} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
