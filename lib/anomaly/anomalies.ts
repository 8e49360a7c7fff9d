// Anomaly rows: one per episode, inserted when it opens and updated as it peaks and ends,
// set-based. A newly opened episode is checked once for a deploy of the same service in the
// 30 minutes before it; services name themselves `namespace/name` or just `name`, so a bare
// name matches that name in any namespace, and two different namespaces never match.
import "server-only";
import type { Sql } from "@/lib/db/sql";
import type { Episode } from "@/lib/anomaly/episode";
import type { Touched } from "@/lib/anomaly/evaluate";
import { CHANGE_WINDOW_MS } from "@/lib/anomaly/config";

/** The most recent matching deploy per episode, by episode id. */
export async function correlateDeploys(sql: Sql, opened: { id: string; service: string; at: string }[]): Promise<Map<string, string>> {
  if (opened.length === 0) return new Map();
  const rows = await sql.rows<{ id: string; changeId: string }>(
    `SELECT DISTINCT ON (a.id) a.id, c.id AS "changeId"
     FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS a(id, service, at)
     JOIN "ChangeEvent" c ON c.kind = 'deploy' AND c.at <= a.at AND c.at >= a.at - $4::int * interval '1 millisecond'
       AND (c.service = a.service
         OR (regexp_replace(c.service, '^[^/]*/', '') = regexp_replace(a.service, '^[^/]*/', '')
             AND (strpos(c.service, '/') = 0 OR strpos(a.service, '/') = 0)))
     ORDER BY a.id, c.at DESC`,
    [opened.map((o) => o.id), opened.map((o) => o.service), opened.map((o) => o.at), CHANGE_WINDOW_MS],
  );
  return new Map(rows.map((r) => [r.id, r.changeId]));
}

export async function saveAnomalies(sql: Sql, touched: Touched): Promise<void> {
  if (touched.size === 0) return;
  const list = [...touched.entries()];
  const col = <T>(f: (e: Episode, s: (typeof list)[number][1]) => T) => list.map(([e, s]) => f(e, s));
  await sql.run(
    `INSERT INTO "Anomaly" (id, service, metric, kind, value, mean, stddev, z, severity, at, "peakAt", "endedAt", samples, labels, "changeId", alerting)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::float8[],
                          $9::"Severity"[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::int[], $14::jsonb[], $15::text[], $16::bool[])
     ON CONFLICT (id) DO UPDATE SET value = excluded.value, mean = excluded.mean, stddev = excluded.stddev, z = excluded.z,
       severity = excluded.severity, "peakAt" = excluded."peakAt", "endedAt" = excluded."endedAt", samples = excluded.samples,
       alerting = "Anomaly".alerting OR excluded.alerting`,
    [
      col((e) => e.id),
      col((_, s) => s.service),
      col((_, s) => s.name),
      col((_, s) => s.kind),
      col((e) => e.peak.value),
      col((e) => e.peak.mean),
      col((e) => e.peak.sd),
      col((e) => e.peak.z),
      col((e) => e.severity),
      col((e) => e.startedAt),
      col((e) => e.peak.at),
      col((e) => e.endedAt),
      col((e) => e.samples),
      col((e) => JSON.stringify(e.labels)),
      col((e) => e.changeId ?? null),
      col((e) => e.alerting),
    ],
  );
}
