// The telemetry reader of the running app: anomalies and ingested logs from Postgres.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { AnomalyRecord, IngestedLogLine, TelemetryReader } from "@/lib/telemetry/port";

// Evidence shows a handful; these bound what one investigation reads.
const MAX_ANOMALIES = 50;
const MAX_LOG_LINES = 500;

export function dbTelemetry(db: Db): TelemetryReader {
  return {
    async anomalies({ incidentId, services, since, until }) {
      const rows = await db.anomaly.findMany({
        where: {
          OR: [
            ...(incidentId ? [{ incidentId }] : []),
            ...(services.length ? [{ service: { in: services }, at: { gte: since, lte: until } }] : []),
          ],
        },
        include: { change: { select: { id: true, service: true, kind: true, version: true, actor: true, summary: true, at: true } } },
        orderBy: { at: "desc" },
        take: MAX_ANOMALIES,
      });
      return rows.map((r): AnomalyRecord => ({
        id: r.id,
        service: r.service,
        metric: r.metric,
        kind: r.kind === "log_errors" ? "log_errors" : "metric",
        value: r.value,
        mean: r.mean,
        stddev: r.stddev,
        z: r.z,
        severity: r.severity,
        at: r.at,
        peakAt: r.peakAt,
        endedAt: r.endedAt,
        incidentId: r.incidentId,
        change: r.change,
      }));
    },
    async errorLogs({ services, since, until }) {
      if (services.length === 0) return [];
      const rows: IngestedLogLine[] = await db.logEntry.findMany({
        where: { service: { in: services }, level: { in: ["fatal", "error", "warn"] }, at: { gte: since, lte: until } },
        select: { service: true, level: true, message: true, at: true },
        orderBy: { at: "desc" },
        take: MAX_LOG_LINES,
      });
      return rows;
    },
  };
}
