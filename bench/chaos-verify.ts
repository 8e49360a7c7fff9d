// After the chaos: what the database holds against what the replicas sent. Every distinct
// alert once, with its deliveries counted and its status right; delivery records that add
// up; the audit chain intact; every incident investigated exactly once; no action left
// executing. Returns the figures and, for each check that failed, a line saying how.
import pg from "pg";
import { createDb } from "@/lib/db/client";
import { verifyAuditChain } from "@/lib/audit/verify";
import type { ChaosWorkload } from "./chaos-workload";
import { alertKey } from "./workload";

/** What the senders saw: accepted requests and their receipts, and failed attempts that may
 * have committed all the same (the answer was lost, not the request refused). */
export type SentLedger = {
  accepted: number;
  acceptedAlerts: number;
  receiptStored: number;
  receiptDuplicates: number;
  uncertainByGroup: Map<number, number>;
};

export type ChaosVerdict = {
  alerts: {
    stored: number;
    lost: number;
    duplicated: number;
    unknown: number;
    wrongStatus: number;
    wrongReceiveCount: number;
    incidents: number;
  };
  deliveries: {
    webhookEvents: number;
    received: number;
    stored: number;
    duplicates: number;
    receiveCounts: number;
    alertReceivedEvents: number;
  };
  chain: string;
  auditEvents: number;
  runs: { succeeded: number; failed: number; interrupted: number; running: number; jobs: Record<string, number> };
  actions: Record<string, number>;
  problems: string[];
};

async function counts(client: pg.Client, sql: string): Promise<Record<string, number>> {
  const { rows } = await client.query<{ k: string; n: string }>(sql);
  return Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
}

const clock = (d: Date | null) => d?.toISOString().slice(11, 23) ?? "—";

/** One incident's runs and investigation job, with times: enough to see what went twice. */
async function describeInvestigations(client: pg.Client, incidentId: string): Promise<string> {
  const runs = await client.query<{ status: string; error: string | null; startedAt: Date | null; finishedAt: Date | null }>(
    `SELECT status::text, error, "startedAt", "finishedAt" FROM "AgentRun" WHERE "incidentId" = $1 ORDER BY "startedAt"`,
    [incidentId],
  );
  const jobs = await client.query<{ state: string; retry_count: number; created_on: Date; completed_on: Date | null }>(
    `SELECT state::text, retry_count, created_on, completed_on FROM pgboss.job WHERE name = 'investigate' AND singleton_key = $1
     UNION ALL SELECT state::text, retry_count, created_on, completed_on FROM pgboss.archive WHERE name = 'investigate' AND singleton_key = $1`,
    [incidentId],
  );
  const r = runs.rows.map(
    (x) => `${x.status}${x.error === "interrupted" ? " (interrupted)" : ""} ${clock(x.startedAt)}–${clock(x.finishedAt)}`,
  );
  const j = jobs.rows.map((x) => `created ${clock(x.created_on)}, ${x.retry_count} retries, ${x.state} ${clock(x.completed_on)}`);
  return `incident ${incidentId}: runs [${r.join("; ")}]; jobs [${j.join("; ")}] (UTC)`;
}

export async function verifyChaos(databaseUrl: string, workload: ChaosWorkload, sent: SentLedger): Promise<ChaosVerdict> {
  const problems: string[] = [];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // 1. Alerts: each distinct one stored once, in its group's one incident, counted and resolved right.
    const expected = new Map<string, { group: number; deliveries: number; resolved: boolean }>();
    for (const g of workload.groups) {
      const last = g.notifications.at(-1)!;
      g.alerts.forEach((a, i) =>
        expected.set(a.key, { group: g.id, deliveries: 2 * g.notifications.length, resolved: last.resolved.has(i) }),
      );
    }
    const { rows } = await client.query<{ fingerprint: string; ms: string; receiveCount: number; status: string; incidentId: string }>(
      `SELECT fingerprint, (extract(epoch FROM "startsAt") * 1000)::bigint::text AS ms, "receiveCount", status::text, "incidentId" FROM "Alert"`,
    );
    const seen = new Set<string>();
    const incidentsOf = new Map<number, Set<string>>();
    const a = { stored: rows.length, lost: 0, duplicated: 0, unknown: 0, wrongStatus: 0, wrongReceiveCount: 0, incidents: 0 };
    let receiveCounts = 0;
    for (const r of rows) {
      receiveCounts += r.receiveCount;
      const key = alertKey(r.fingerprint, new Date(Number(r.ms)));
      const want = expected.get(key);
      if (!want) a.unknown += 1;
      else if (seen.has(key)) a.duplicated += 1;
      if (!want || seen.has(key)) continue;
      seen.add(key);
      incidentsOf.set(want.group, (incidentsOf.get(want.group) ?? new Set()).add(r.incidentId));
      if ((r.status === "resolved") !== want.resolved) a.wrongStatus += 1;
      // A lost answer may hide a committed delivery: those are allowed on top of the known ones.
      const extra = sent.uncertainByGroup.get(want.group) ?? 0;
      if (r.receiveCount < want.deliveries || r.receiveCount > want.deliveries + extra) a.wrongReceiveCount += 1;
    }
    a.lost = workload.distinctAlerts - seen.size;
    const split = [...incidentsOf.values()].filter((s) => s.size > 1).length;
    a.incidents = Number((await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "Incident"`)).rows[0]!.n);
    if (a.lost) problems.push(`${a.lost} of ${workload.distinctAlerts} distinct alerts not stored`);
    if (a.duplicated) problems.push(`${a.duplicated} alerts stored more than once`);
    if (a.unknown) problems.push(`${a.unknown} stored alerts that were never sent`);
    if (a.wrongStatus) problems.push(`${a.wrongStatus} alerts with the wrong status (resolved or not)`);
    if (a.wrongReceiveCount) problems.push(`${a.wrongReceiveCount} alerts whose receiveCount does not match their deliveries`);
    if (split) problems.push(`${split} groups' alerts spread over more than one incident`);
    if (a.incidents !== workload.groups.length) problems.push(`${a.incidents} incidents for ${workload.groups.length} groups`);

    // 2. Deliveries: one webhook.received per committed request; what they say adds up.
    const d = (
      await client.query<Record<string, string>>(
        `SELECT count(*) FILTER (WHERE action = 'webhook.received')::text AS "webhookEvents",
                count(*) FILTER (WHERE action = 'alert.received')::text AS "alertReceivedEvents",
                coalesce(sum((data->>'received')::int) FILTER (WHERE action = 'webhook.received'), 0)::text AS received,
                coalesce(sum((data->>'stored')::int) FILTER (WHERE action = 'webhook.received'), 0)::text AS stored,
                coalesce(sum((data->>'duplicates')::int) FILTER (WHERE action = 'webhook.received'), 0)::text AS duplicates
         FROM "AuditEvent"`,
      )
    ).rows[0]!;
    const deliveries = {
      webhookEvents: Number(d.webhookEvents),
      received: Number(d.received),
      stored: Number(d.stored),
      duplicates: Number(d.duplicates),
      receiveCounts,
      alertReceivedEvents: Number(d.alertReceivedEvents),
    };
    const uncertain = [...sent.uncertainByGroup.values()].reduce((x, y) => x + y, 0);
    if (deliveries.webhookEvents < sent.accepted || deliveries.webhookEvents > sent.accepted + uncertain)
      problems.push(
        `${deliveries.webhookEvents} webhook.received events for ${sent.accepted} accepted requests (+ at most ${uncertain} whose answer was lost)`,
      );
    if (deliveries.stored !== a.stored) problems.push(`webhook.received events say ${deliveries.stored} alerts stored; ${a.stored} are`);
    if (deliveries.alertReceivedEvents !== a.stored)
      problems.push(`${deliveries.alertReceivedEvents} alert.received events for ${a.stored} stored alerts`);
    if (deliveries.stored + deliveries.duplicates !== deliveries.received)
      problems.push(`webhook.received: stored + duplicates ≠ received`);
    if (deliveries.receiveCounts !== deliveries.received)
      problems.push(`alerts' receiveCounts add up to ${deliveries.receiveCounts}; webhook.received events received ${deliveries.received}`);
    if (sent.receiptStored + sent.receiptDuplicates !== sent.acceptedAlerts)
      problems.push(`receipts: stored + duplicates ≠ the alerts of accepted requests`);
    if (sent.receiptStored > a.stored) problems.push(`receipts say ${sent.receiptStored} alerts stored; ${a.stored} are`);

    // 3. The audit chain, recomputed end to end by Vigil's own verifier.
    const { db, pool } = createDb(databaseUrl, 2);
    const verdict = await verifyAuditChain(db).finally(() => db.$disconnect().then(() => pool.end()));
    const chain = verdict.ok ? "intact" : `broken at seq ${verdict.brokenAt}: ${verdict.reason}`;
    if (!verdict.ok) problems.push(`audit chain ${chain}`);

    // 4. Investigations: one succeeded run per incident; every job done, none given up.
    const perIncident = await client.query<{ id: string; succeeded: string }>(
      `SELECT i.id, count(r.id) FILTER (WHERE r.status = 'succeeded')::text AS succeeded FROM "Incident" i LEFT JOIN "AgentRun" r ON r."incidentId" = i.id GROUP BY i.id`,
    );
    const notOnce = perIncident.rows.filter((r) => r.succeeded !== "1");
    const runStates = await counts(
      client,
      `SELECT CASE WHEN error = 'interrupted' THEN 'interrupted' ELSE status::text END AS k, count(*)::text AS n FROM "AgentRun" GROUP BY 1`,
    );
    const jobs = await counts(
      client,
      `SELECT state::text AS k, count(*)::text AS n FROM (SELECT state FROM pgboss.job WHERE name = 'investigate' UNION ALL SELECT state FROM pgboss.archive WHERE name = 'investigate') j GROUP BY 1`,
    );
    const runs = {
      succeeded: runStates.succeeded ?? 0,
      failed: runStates.failed ?? 0,
      interrupted: runStates.interrupted ?? 0,
      running: runStates.running ?? 0,
      jobs,
    };
    if (notOnce.length) {
      const never = notOnce.filter((r) => r.succeeded === "0").length;
      const examples = await Promise.all(notOnce.slice(0, 3).map((r) => describeInvestigations(client, r.id)));
      problems.push(
        `${notOnce.length} incidents not investigated exactly once (${never} never, ${notOnce.length - never} more than once), e.g.\n${examples.map((e) => `      ${e}`).join("\n")}`,
      );
    }
    if (runs.running) problems.push(`${runs.running} agent runs left running`);
    const open = (jobs.created ?? 0) + (jobs.retry ?? 0) + (jobs.active ?? 0);
    if (open) problems.push(`${open} investigation jobs not finished`);
    if (jobs.failed) problems.push(`${jobs.failed} investigation jobs failed for good`);

    // 5. Remediation: nothing left half-done.
    const actions = await counts(client, `SELECT state::text AS k, count(*)::text AS n FROM "ProposedAction" GROUP BY 1`);
    if (actions.executing) problems.push(`${actions.executing} proposed actions left executing`);

    const auditEvents = Number((await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "AuditEvent"`)).rows[0]!.n);
    return { alerts: a, deliveries, chain, auditEvents, runs, actions, problems };
  } finally {
    await client.end();
  }
}
