// The runbook library as an investigation sees it (InvestigationPorts.runbooks): a search.
// The database implementation is lib/runbooks/index-port.ts; tests may pass any other.
import type { RunbookHit, RunbookQuery } from "@/lib/runbooks/search";

export type RunbookIndex = {
  search(query: RunbookQuery): Promise<RunbookHit[]>;
};
