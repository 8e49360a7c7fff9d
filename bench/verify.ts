// After a run: compares the stored alerts with the ledger of acknowledged deliveries and re-verifies the audit hash chain.
import pg from "pg";
import { eventHash, GENESIS_HASH } from "@/lib/audit/chain";
import type { Workload } from "./workload";

export type Integrity = {
  distinctSent: number;
  stored: number;
  lost: number;
  duplicated: number;
  receiveCountMismatches: number;
  statusMismatches: number;
  auditEvents: number;
  chain: "intact" | string;
  webhookEvents: number;
  acknowledgedRequests: number;
  alertReceivedEvents: number;
};

export function integrityProblems(i: Integrity, errors: number): string[] {
  const problems: string[] = [];
  if (i.lost > 0) problems.push(`${i.lost} lost`);
  if (i.duplicated > 0) problems.push(`${i.duplicated} duplicated`);
  if (i.receiveCountMismatches > 0) problems.push(`${i.receiveCountMismatches} alerts with a wrong receiveCount`);
  if (i.statusMismatches > 0) problems.push(`${i.statusMismatches} alerts with a wrong status`);
  if (i.chain !== "intact") problems.push(`audit chain: ${i.chain}`);
  // A request that failed on the client side may still have committed on the server.
  if (errors === 0 ? i.webhookEvents !== i.acknowledgedRequests : i.webhookEvents < i.acknowledgedRequests) {
    problems.push(`${i.webhookEvents} webhook.received events for ${i.acknowledgedRequests} acknowledged requests`);
  }
  if (i.alertReceivedEvents !== i.stored) problems.push(`${i.alertReceivedEvents} alert.received events for ${i.stored} stored alerts`);
  return problems;
}

type AuditRow = Parameters<typeof eventHash>[1] & { seq: string; at: Date; prevHash: string; hash: string };

async function verifyChain(client: pg.Client): Promise<{ events: number; verdict: string; webhook: number; alertReceived: number }> {
  let prevHash = GENESIS_HASH;
  let after = "0";
  let events = 0;
  let webhook = 0;
  let alertReceived = 0;
  for (;;) {
    const { rows } = await client.query<AuditRow & { atText: string }>(
      `SELECT seq::text, to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "atText", "actorType", "actorId", action, "incidentId",
              "traceId", "targetType", "targetId", data, "prevHash", hash
       FROM "AuditEvent" WHERE "AuditEvent".seq > $1::bigint ORDER BY "AuditEvent".seq LIMIT 5000`,
      [after],
    );
    for (const row of rows) {
      const event = { ...row, at: new Date(row.atText) };
      if (row.prevHash !== prevHash)
        return { events, verdict: `broken at seq ${row.seq} (previous hash does not match)`, webhook, alertReceived };
      if (eventHash(prevHash, event) !== row.hash)
        return { events, verdict: `broken at seq ${row.seq} (content does not match its hash)`, webhook, alertReceived };
      prevHash = row.hash;
      events += 1;
      if (row.action === "webhook.received") webhook += 1;
      if (row.action === "alert.received") alertReceived += 1;
    }
    if (rows.length < 5000) return { events, verdict: "intact", webhook, alertReceived };
    after = rows.at(-1)!.seq;
  }
}

export async function verifyDatabase(databaseUrl: string, workload: Workload): Promise<Integrity> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ fingerprint: string; ms: string; receiveCount: number; status: string }>(
      `SELECT fingerprint, (extract(epoch FROM "startsAt") * 1000)::bigint::text AS ms, "receiveCount", status::text FROM "Alert"`,
    );
    const stored = new Map<string, { receiveCount: number; status: string }>();
    let duplicated = 0;
    for (const r of rows) {
      const key = `${r.fingerprint}@${new Date(Number(r.ms)).toISOString()}`;
      if (stored.has(key)) duplicated += 1;
      stored.set(key, r);
    }
    let lost = 0;
    let distinctSent = 0;
    let receiveCountMismatches = 0;
    let statusMismatches = 0;
    for (const [key, entry] of workload.ledger) {
      const row = stored.get(key);
      if (entry.deliveries > 0) distinctSent += 1;
      if (!row) {
        if (entry.deliveries > 0) lost += 1;
        continue;
      }
      if (entry.uncertain) continue;
      if (row.receiveCount !== entry.deliveries) receiveCountMismatches += 1;
      if ((row.status === "resolved") !== entry.resolved) statusMismatches += 1;
    }
    // Rows nobody sent: a duplicate under another identity.
    for (const key of stored.keys()) if (!workload.ledger.has(key)) duplicated += 1;
    const chain = await verifyChain(client);
    const acknowledgedRequests = Object.values(workload.kinds).reduce((a, b) => a + b, 0);
    return {
      distinctSent,
      stored: rows.length,
      lost,
      duplicated,
      receiveCountMismatches,
      statusMismatches,
      auditEvents: chain.events,
      chain: chain.verdict,
      webhookEvents: chain.webhook,
      acknowledgedRequests,
      alertReceivedEvents: chain.alertReceived,
    };
  } finally {
    await client.end();
  }
}
