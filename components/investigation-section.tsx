// The incident's investigation: RCA and proposed actions side by side, evidence below.
// Holds what they share: the evidence filter, and following a citation to its item.
"use client";

import { useCallback, useMemo, useState } from "react";
import type { IncidentJson } from "@/lib/client/api";
import type { LiveRun } from "@/lib/client/stream-state";
import { liveRunFor, modelSetAside } from "@/lib/client/live-run";
import { useEvidenceFocus } from "@/lib/client/evidence-focus";
import { matchesEvidence } from "@/lib/incidents/evidence-view";
import { runPhase } from "@/lib/incidents/run-view";
import { RcaPanel } from "@/components/rca-panel";
import { ActionList } from "@/components/action-list";
import { EvidencePanel } from "@/components/evidence-panel";
import type { Viewer } from "@/lib/client/action-controls";

type Props = Pick<IncidentJson, "latestRun" | "evidence" | "actions"> & {
  /** The stream's current run (lib/client/incident-stream.ts), whether or not it is stored yet. */
  liveRun: LiveRun | null;
  incidentId: string;
  /** Who is looking: decides which action buttons are offered. */
  viewer: Viewer;
};

export function InvestigationSection({ latestRun, evidence, actions, liveRun, incidentId, viewer }: Props) {
  const [filter, setFilter] = useState("");
  const reveal = useEvidenceFocus();
  const titles = useMemo(() => new Map(evidence.flatMap((e) => (e.ref ? [[e.ref, e.title] as const] : []))), [evidence]);

  const showEvidence = useCallback(
    (ref: string) => {
      // A citation must always land: clear a filter that hides its item.
      const item = evidence.find((e) => e.ref === ref);
      if (item && !matchesEvidence(item, filter)) setFilter("");
      reveal(ref);
    },
    [evidence, filter, reveal],
  );

  const live = liveRunFor(latestRun, liveRun);
  const phase = live ? "pending" : runPhase(latestRun);
  // Proposals have a place while they may still come; a run that ended without any
  // (failed, cancelled) leaves the conclusion the whole width.
  const withActions = phase === "pending" || phase === "done" || actions.length > 0;
  return (
    <>
      <div className={`investigation${withActions ? " with-actions" : ""}`}>
        <RcaPanel
          run={latestRun}
          live={live}
          fallbackReason={modelSetAside(latestRun, liveRun)}
          titles={titles}
          onShowEvidence={showEvidence}
        />
        {withActions && <ActionList actions={actions} pending={phase === "pending"} incidentId={incidentId} viewer={viewer} />}
      </div>
      {evidence.length > 0 && <EvidencePanel evidence={evidence} filter={filter} onFilterChange={setFilter} />}
    </>
  );
}
