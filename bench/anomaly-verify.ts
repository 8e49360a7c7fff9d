// After a side has run: were all acknowledged points stored and evaluated exactly once, and
// which injected anomalies were found (recall), which anomalies were noise (false positives).
import pg from "pg";
import { INJECTED_RUN, STEP_MS, type AnomalyWorkload } from "./anomaly-workload";

export type AnomalyIntegrity = {
  storedPoints: number;
  evaluatedSamples: number | null;
  series: number;
  injected: number;
  found: number;
  foundAlerting: number;
  noise: { episodes: number; medium: number; high: number; critical: number; alerting: number };
  incidents: number;
  alerts: number;
};

export async function verifyAnomalies(url: string, workload: AnomalyWorkload, detecting: boolean): Promise<AnomalyIntegrity> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const one = async <T>(text: string, values: unknown[] = []) => (await client.query(text, values)).rows[0] as T;
    const stored = await one<{ n: number }>(`SELECT count(*)::int AS n FROM "MetricPoint"`);
    const baselines = await one<{ total: number; series: number }>(
      `SELECT coalesce(sum(total), 0)::float8 AS total, count(*)::int AS series FROM "MetricBaseline" WHERE name NOT LIKE '$%'`,
    );
    const inj = workload.injections;
    await client.query(`CREATE TEMP TABLE injected (service text, name text, at timestamptz)`);
    if (inj.length) {
      await client.query(`INSERT INTO injected SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])`, [
        inj.map((i) => i.service),
        inj.map((i) => i.name),
        inj.map((i) => new Date(i.at).toISOString()),
      ]);
    }
    // An injection is found when an anomaly episode of its series covers its first sample, or
    // peaks on it (concurrent batches of one series can arrive out of time order, so an episode
    // that a later noise sample opened can take the spike in).
    const covers = `a.service = i.service AND a.metric = i.name
      AND ((a.at <= i.at AND coalesce(a."endedAt", 'infinity') >= i.at) OR a."peakAt" BETWEEN i.at AND i.at + interval '${(INJECTED_RUN - 1) * STEP_MS} milliseconds')`;
    const found = await one<{ found: number; alerting: number }>(
      `SELECT count(*) FILTER (WHERE f.any)::int AS found, count(*) FILTER (WHERE f.alerting)::int AS alerting FROM injected i
       CROSS JOIN LATERAL (SELECT bool_or(true) AS any, bool_or(a.alerting AND a.severity = 'critical') AS alerting FROM "Anomaly" a WHERE ${covers}) f`,
    );
    const noise = await one<AnomalyIntegrity["noise"]>(
      `SELECT count(*)::int AS episodes, count(*) FILTER (WHERE severity = 'medium')::int AS medium, count(*) FILTER (WHERE severity = 'high')::int AS high,
              count(*) FILTER (WHERE severity = 'critical')::int AS critical, count(*) FILTER (WHERE alerting)::int AS alerting
       FROM "Anomaly" a WHERE kind = 'metric' AND NOT EXISTS (SELECT 1 FROM injected i WHERE ${covers})`,
    );
    const incidents = await one<{ incidents: number; alerts: number }>(
      `SELECT (SELECT count(*)::int FROM "Incident" WHERE receiver = 'vigil-anomaly') AS incidents, (SELECT count(*)::int FROM "Alert" WHERE alertname = 'VigilAnomaly') AS alerts`,
    );
    return {
      storedPoints: stored.n,
      evaluatedSamples: detecting ? baselines.total : null,
      series: baselines.series,
      injected: inj.length,
      found: found.found,
      foundAlerting: found.alerting,
      noise,
      incidents: incidents.incidents,
      alerts: incidents.alerts,
    };
  } finally {
    await client.end();
  }
}

export function integrityProblems(i: AnomalyIntegrity, acked: number): string[] {
  const problems: string[] = [];
  if (i.storedPoints !== acked) problems.push(`${i.storedPoints} points stored, ${acked} acknowledged`);
  if (i.evaluatedSamples !== null && i.evaluatedSamples !== acked)
    problems.push(`${i.evaluatedSamples} samples evaluated, ${acked} acknowledged`);
  return problems;
}
