// What an investigation reads of the telemetry services pushed to the ingest API: the
// anomalies found in it (those linked to the incident, and recent ones of its services) and
// the services' recent error and warning log lines. A DB adapter (lib/telemetry/db.ts) and an
// in-memory one (tests, replays).
export type AnomalyChange = {
  id: string;
  service: string;
  kind: string;
  version: string | null;
  actor: string | null;
  summary: string;
  at: Date;
};

export type AnomalyRecord = {
  id: string;
  service: string;
  metric: string;
  kind: "metric" | "log_errors";
  value: number;
  mean: number;
  stddev: number;
  z: number;
  severity: string;
  at: Date;
  peakAt: Date;
  endedAt: Date | null;
  incidentId: string | null;
  change: AnomalyChange | null;
};

export type IngestedLogLine = { service: string; level: string; message: string; at: Date };

export type TelemetryQuery = { incidentId?: string | null; services: string[]; since: Date; until: Date };

export interface TelemetryReader {
  /** Anomalies linked to the incident, and those of the services that began in [since, until]. */
  anomalies(query: TelemetryQuery): Promise<AnomalyRecord[]>;
  /** The services' error, fatal and warn log lines in [since, until], newest first. */
  errorLogs(query: TelemetryQuery): Promise<IngestedLogLine[]>;
}

export function staticTelemetry(data: { anomalies?: AnomalyRecord[]; logs?: IngestedLogLine[] }): TelemetryReader {
  const within = (q: TelemetryQuery, at: Date) => q.services.length > 0 && at >= q.since && at <= q.until;
  return {
    anomalies: async (q) =>
      (data.anomalies ?? []).filter(
        (a) => (q.incidentId && a.incidentId === q.incidentId) || (q.services.includes(a.service) && within(q, a.at)),
      ),
    errorLogs: async (q) =>
      (data.logs ?? [])
        .filter(
          (l) => q.services.includes(l.service) && within(q, l.at) && l.level !== "info" && l.level !== "debug" && l.level !== "trace",
        )
        .sort((a, b) => b.at.getTime() - a.at.getTime()),
  };
}
