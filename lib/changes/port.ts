// Recent changes (deploys, config changes, scaling, flags) around an incident. Sources:
// a scenario's list (eval, sandbox), and the change-ingest API (lib/changes/db.ts); rollout history of
// the workload itself is read from the cluster by the evidence collector.
export type Change = {
  at: string;
  kind: "deploy" | "config" | "scale" | "flag";
  namespace: string;
  name: string;
  summary: string;
  version?: string;
};

export interface ChangeFeed {
  recentChanges(since: Date, until: Date): Promise<Change[]>;
}

export function staticChangeFeed(changes: Change[]): ChangeFeed {
  return {
    recentChanges: async (since, until) =>
      changes.filter((c) => {
        const t = Date.parse(c.at);
        return t >= since.getTime() && t <= until.getTime();
      }),
  };
}
