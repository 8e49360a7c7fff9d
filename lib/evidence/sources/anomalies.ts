// Anomalies Vigil found in the telemetry the incident's services pushed (lib/anomaly): each
// with its value against the baseline, z, severity, and the deploy of the same service that
// preceded it, which is cited with it. Read through the TelemetryReader port.
import type { AnomalyRecord, TelemetryReader } from "@/lib/telemetry/port";
import type { AlertInput } from "@/lib/evidence/sources/alert";
import type { Subject } from "@/lib/evidence/types";
import { draft, type Draft, type DraftFact } from "@/lib/evidence/draft";
import { redact } from "@/lib/evidence/redact";
import { anomalyPhrase } from "@/lib/anomaly/describe";
import { ingestedLogDrafts } from "@/lib/evidence/sources/ingested-logs";

const SHOWN = 10;
const severityOrder: Record<string, number> = { critical: 3, high: 2, medium: 1 };
const ANOMALIES_BEFORE_MS = 3600_000;
const LOGS_BEFORE_MS = 30 * 60_000;

/** The services an incident is about, as services name themselves when they push telemetry. */
export function incidentServices(alerts: AlertInput[], subject: Subject): string[] {
  const services = new Set(alerts.map((a) => a.labels.service).filter((s): s is string => Boolean(s)));
  if (subject.name !== "unknown") {
    services.add(`${subject.namespace}/${subject.name}`);
    services.add(subject.name);
  }
  return [...services];
}

/** The incident's own anomalies first, then the most severe, then the latest. */
export function anomalyDrafts(records: AnomalyRecord[], incidentId: string | null = null): Draft[] {
  if (records.length === 0) return [];
  const own = (a: AnomalyRecord) => Number(incidentId !== null && a.incidentId === incidentId);
  const shown = [...records]
    .sort(
      (a, b) => own(b) - own(a) || (severityOrder[b.severity] ?? 0) - (severityOrder[a.severity] ?? 0) || b.at.getTime() - a.at.getTime(),
    )
    .slice(0, SHOWN);
  const lines = shown.map((a) => {
    const ended = a.endedAt ? `; normal again at ${a.endedAt.toISOString()}` : "";
    return `${a.at.toISOString()} ${a.service} ${anomalyPhrase(a)}${ended}`;
  });
  const facts: DraftFact[] = shown.map((a) => ({
    kind: "anomaly",
    service: a.service,
    metric: a.metric,
    anomalyKind: a.kind,
    value: a.value,
    mean: a.mean,
    stddev: a.stddev,
    z: a.z,
    severity: a.severity,
    at: a.at.toISOString(),
    change: a.change
      ? {
          at: a.change.at.toISOString(),
          changeKind: a.change.kind,
          service: a.change.service,
          version: a.change.version,
          actor: a.change.actor,
          summary: redact(a.change.summary).text,
        }
      : null,
  }));
  const deploys = shown.some((a) => a.change) ? ", with the deploys before them" : "";
  return [draft("anomaly", `Anomalies in pushed telemetry (most severe first${deploys})`, lines, 6, facts)];
}

/** Anomalies and pushed error logs of the incident's services; nothing when none were pushed. */
export async function telemetryDrafts(
  reader: TelemetryReader,
  incidentId: string | null,
  services: string[],
  alertStart: Date,
  now: Date,
): Promise<Draft[]> {
  const [anomalies, logs] = await Promise.all([
    reader.anomalies({ incidentId, services, since: new Date(alertStart.getTime() - ANOMALIES_BEFORE_MS), until: now }),
    reader.errorLogs({ incidentId, services, since: new Date(alertStart.getTime() - LOGS_BEFORE_MS), until: now }),
  ]);
  return [...anomalyDrafts(anomalies, incidentId), ...ingestedLogDrafts(logs)];
}
