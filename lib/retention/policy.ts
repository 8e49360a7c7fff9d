// What Vigil forgets, and when. Ingested telemetry is raw material for detection and
// evidence: once it is older than the retention window it has done its work (an incident
// keeps its own copy as Evidence rows). Idempotency records only need to outlive a
// client's retries.
export type RetentionRule = {
  table: string;
  /** The timestamp column a row's age is read from. */
  column: string;
  keepMs: number;
  /** Rows the rule must never delete, as an SQL condition on the table (e.g. linked rows). */
  keep?: string;
};

const DAY = 24 * 3600_000;

export type RetentionDays = { telemetry: number; changes: number };

export function retentionRules(days: RetentionDays): RetentionRule[] {
  return [
    { table: "MetricPoint", column: "at", keepMs: days.telemetry * DAY },
    { table: "LogEntry", column: "at", keepMs: days.telemetry * DAY },
    // Anomalies that opened or joined an incident are part of its record; the rest go with
    // the telemetry they were found in, as do the per-minute error counts and the baselines
    // of series that stopped reporting.
    { table: "Anomaly", column: "at", keepMs: days.telemetry * DAY, keep: `"incidentId" IS NOT NULL` },
    { table: "LogErrorMinute", column: "minute", keepMs: days.telemetry * DAY },
    { table: "MetricBaseline", column: "lastAt", keepMs: days.telemetry * DAY },
    // An anomaly may point at a change (ON DELETE SET NULL): deleting changes is safe.
    { table: "ChangeEvent", column: "at", keepMs: days.changes * DAY },
    // A resend after a day is a new batch, not a retry.
    { table: "IngestBatch", column: "createdAt", keepMs: DAY },
  ];
}
