// Where the console shows a lineage and looks up a trace. Safe in the browser.
export const lineagePath = (incidentId: string, nodeId?: string) =>
  `/incidents/${encodeURIComponent(incidentId)}/lineage${nodeId ? `#${nodeId}` : ""}`;
export const tracePath = (traceId: string) => `/trace/${encodeURIComponent(traceId)}`;
