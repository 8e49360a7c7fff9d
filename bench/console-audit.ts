// The console bench's audit trail: what Vigil would have recorded for each seeded incident's
// story (alerts in, incident opened, investigation, RCA, proposals, decisions, execution,
// resolution) plus people signing in, in time order, hash-chained with lib/audit/chain.ts
// and inserted 5,000 rows per statement (unnest) under the chain's advisory lock. The
// append-only trigger only refuses UPDATE/DELETE/TRUNCATE; lib/audit/verify.ts checks the result.
import pg from "pg";
import { eventHash, GENESIS_HASH, type ChainedFields } from "@/lib/audit/chain";
import type { AuditAction, ActorType } from "@/lib/audit/actions";

type Story = {
  id: string;
  number: number;
  title: string;
  traceId: string;
  severity: string;
  groupKey: string;
  opened: number;
  acked: number | null;
  resolved: number | null;
  closed: number | null;
  alerts: string[];
  runId: string | null;
  runDone: number | null;
  rootCause: string | null;
  confidence: number | null;
  actions: { id: string; kind: string; state: string; undo: boolean; executed: number | null }[];
};

const STORIES_SQL = `
SELECT i.id, i.number, i.title, i."traceId", i.severity::text AS severity, i."groupKey",
  (extract(epoch FROM i."openedAt") * 1000)::float8 AS opened, (extract(epoch FROM i."acknowledgedAt") * 1000)::float8 AS acked,
  (extract(epoch FROM i."resolvedAt") * 1000)::float8 AS resolved, (extract(epoch FROM i."closedAt") * 1000)::float8 AS closed,
  (SELECT coalesce(json_agg(a.id ORDER BY a."startsAt"), '[]') FROM "Alert" a WHERE a."incidentId" = i.id) AS alerts,
  r.id AS "runId", (extract(epoch FROM r."finishedAt") * 1000)::float8 AS "runDone", r."rootCause", r.confidence,
  (SELECT coalesce(json_agg(json_build_object('id', p.id, 'kind', p.kind, 'state', p.state, 'undo', p."rollbackOfId" IS NOT NULL,
     'executed', (extract(epoch FROM p."executedAt") * 1000)::float8) ORDER BY p."createdAt", p.rank), '[]')
   FROM "ProposedAction" p WHERE p."incidentId" = i.id) AS actions
FROM "Incident" i LEFT JOIN "AgentRun" r ON r."incidentId" = i.id`;

type Event = ChainedFields & { order: number };

/** Every event of one incident's story, at the times the seeded rows say it happened. */
function storyEvents(s: Story, responderId: string, push: (at: number, e: Omit<ChainedFields, "at" | "incidentId" | "traceId">) => void) {
  const by = (
    actorType: ActorType,
    action: AuditAction,
    targetType: string | null,
    targetId: string | null,
    data: Record<string, unknown> = {},
  ) => ({ actorType, actorId: actorType === "user" ? responderId : null, action, targetType, targetId, data });
  push(
    s.opened,
    by("alertmanager", "webhook.received", null, null, {
      receiver: "oncall",
      groupKey: s.groupKey,
      alerts: s.alerts.length,
      status: "firing",
    }),
  );
  for (const id of s.alerts) push(s.opened, by("alertmanager", "alert.received", "Alert", id, { status: "firing" }));
  push(s.opened, by("system", "incident.opened", "Incident", s.id, { number: s.number, severity: s.severity, title: s.title }));
  if (s.runId && s.acked !== null) {
    push(s.acked, by("agent", "investigation.started", "AgentRun", s.runId, { attempt: 1 }));
    push(s.acked + 1_000, by("agent", "evidence.collected", "AgentRun", s.runId, { items: 6, inContext: 5, redactions: 2 }));
  }
  if (s.runId && s.runDone !== null) {
    push(
      s.runDone,
      by("agent", "rca.completed", "AgentRun", s.runId, { engine: "ollama", rootCause: s.rootCause, confidence: s.confidence }),
    );
    for (const a of s.actions.filter((x) => !x.undo))
      push(s.runDone, by("agent", "action.proposed", "ProposedAction", a.id, { kind: a.kind }));
  }
  for (const a of s.actions) {
    const at = a.executed ?? (s.runDone ?? s.opened) + 120_000;
    if (a.undo) push(at, by("system", "action.executed", "ProposedAction", a.id, { kind: a.kind, rollbackOf: true }));
    else if (a.state === "rejected") push(at, by("user", "action.rejected", "ProposedAction", a.id, { comment: "not during the sale" }));
    else if (a.state === "expired") push(at, by("system", "action.expired", "ProposedAction", a.id));
    else if (["executed", "executing", "rolled_back"].includes(a.state)) {
      push(at - 30_000, by("user", "action.approved", "ProposedAction", a.id, { approvals: 1, required: 1 }));
      if (a.state !== "executing") push(at, by("system", "action.executed", "ProposedAction", a.id, { kind: a.kind, status: 200 }));
    }
  }
  if (s.resolved !== null) push(s.resolved, by("system", "incident.resolved", "Incident", s.id, { alerts: s.alerts.length }));
  if (s.closed !== null) push(s.closed, by("user", "incident.state_changed", "Incident", s.id, { from: "resolved", to: "closed" }));
}

/** Seeded stories, oldest first, then topped up with sign-ins (or cut to the newest) to exactly `count`. */
async function buildEvents(client: pg.Client, count: number, responderId: string, now: number): Promise<Event[]> {
  const { rows } = await client.query<Story>(STORIES_SQL);
  const events: Event[] = [];
  for (const s of rows) {
    storyEvents(s, responderId, (at, e) =>
      events.push({ ...e, at: new Date(Math.min(Math.round(at), now)), incidentId: s.id, traceId: s.traceId, order: events.length }),
    );
  }
  const span = 30 * 86_400_000;
  for (let i = 0; events.length < count; i++) {
    const at = new Date(now - span + ((i * 7_919_993) % span));
    const e = { actorType: "user", actorId: responderId, action: "user.signed_in", incidentId: null, traceId: null };
    events.push({
      ...e,
      at,
      targetType: "User",
      targetId: responderId,
      data: { email: "responder@bench.local", address: "10.0.0.7" },
      order: events.length,
    });
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  return events.slice(events.length - count);
}

const BATCH = 5_000;
const INSERT_SQL = `
INSERT INTO "AuditEvent" (at, "actorType", "actorId", action, "incidentId", "traceId", "targetType", "targetId", data, "prevHash", hash)
SELECT at::timestamp(3), actor_type, actor_id, action, incident_id, trace_id, target_type, target_id, data::jsonb, prev_hash, hash
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
  WITH ORDINALITY AS u(at, actor_type, actor_id, action, incident_id, trace_id, target_type, target_id, data, prev_hash, hash, n)
ORDER BY n`;

/** Appends exactly `count` events to the chain, in one transaction. */
export async function seedAudit(client: pg.Client, count: number, responderId: string): Promise<void> {
  const events = await buildEvents(client, count, responderId, Date.now() - 60_000);
  await client.query("BEGIN");
  try {
    // The chain's lock, as the commit-time chaining takes it: nobody else appends meanwhile.
    await client.query("SELECT pg_advisory_xact_lock(7161616001)");
    const head = await client.query<{ hash: string }>(`SELECT hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`);
    let prev = head.rows[0]?.hash ?? GENESIS_HASH;
    for (let start = 0; start < events.length; start += BATCH) {
      const batch = events.slice(start, start + BATCH);
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const e of batch) {
        prevs.push(prev);
        prev = eventHash(prev, e);
        hashes.push(prev);
      }
      const col = <K extends keyof ChainedFields>(k: K) => batch.map((e) => e[k]);
      await client.query(INSERT_SQL, [
        batch.map((e) => e.at.toISOString()),
        col("actorType"),
        col("actorId"),
        col("action"),
        col("incidentId"),
        col("traceId"),
        col("targetType"),
        col("targetId"),
        batch.map((e) => JSON.stringify(e.data ?? {})),
        prevs,
        hashes,
      ]);
    }
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
}
