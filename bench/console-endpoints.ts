// What the console bench times: each route or page, and the domain query it runs, called
// the same way in this process (the baseline). The audit and overview modules are loaded
// only if they exist, as their routes are skipped when they answer 404.
import type pg from "pg";
import type { Db } from "@/lib/db/client";
import { getIncident, listIncidents } from "@/lib/incidents/queries";
import { listIncidentsQuerySchema } from "@/lib/incidents/schemas";
import { parseListView } from "@/lib/incidents/list-view";
import { encodeCursor } from "@/lib/incidents/cursor";
import { get } from "./console-measure";

export type Endpoint = {
  label: string;
  /** The path of request i (i < picks; warm-up requests come after the timed ones). */
  path: (i: number) => string;
  /** The same work without the server: the domain function the route calls. */
  query?: (i: number) => Promise<unknown>;
  /** Skipped when it answers 404 (another engineer's route, not there yet). */
  optional?: boolean;
  /** Fewer requests for a slow admin action. */
  requests?: number;
};

export type Picks = { ids: string[]; cursors: string[] };

/** Random incidents (the same ones on every run of a size) and cursors 50–95% of the way down the list. */
export async function pickIncidents(pool: pg.Pool, count: number, incidents: number): Promise<Picks> {
  const ids = await pool.query<{ id: string }>(`SELECT id FROM "Incident" ORDER BY md5(id || 'bench') LIMIT $1`, [count]);
  const cursors: string[] = [];
  for (let k = 0; k < 10; k++) {
    const offset = Math.floor(incidents * (0.5 + k * 0.05));
    const { rows } = await pool.query<{ id: string; ms: number }>(
      `SELECT id, (extract(epoch FROM "openedAt") * 1000)::float8 AS ms FROM "Incident" ORDER BY "openedAt" DESC, id DESC OFFSET $1 LIMIT 1`,
      [offset],
    );
    cursors.push(encodeCursor({ sort: "newest", openedAt: new Date(rows[0]!.ms), id: rows[0]!.id }));
  }
  return { ids: ids.rows.map((r) => r.id), cursors };
}

async function optional<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch {
    return null;
  }
}

export async function consoleEndpoints(db: Db, picks: Picks, q: string): Promise<Endpoint[]> {
  const id = (i: number) => picks.ids[i % picks.ids.length]!;
  const cursor = (i: number) => picks.cursors[i % picks.cursors.length]!;
  const list = (params: Record<string, string>) => () => listIncidents(db, listIncidentsQuerySchema.parse(params));
  const audit = await optional(async () => ({ ...(await import("@/lib/audit/queries")), ...(await import("@/lib/audit/schemas")) }));
  // The route's default since issue 12: the incremental check from the newest checkpoint (its
  // first call, a warm-up request, walks the chain and records one); the baseline signs its own.
  const verify = await optional(async () => ({
    ...(await import("@/lib/audit/verification")),
    ...(await import("@/lib/audit/checkpoint")),
  }));
  const overview = await optional(async () => ({
    ...(await import("@/lib/overview/queries")),
    ...(await import("@/lib/overview/schemas")),
  }));
  return [
    // The floor under every signed-in request: next-auth reading the session cookie, no database.
    { label: "GET /api/auth/session (floor)", path: () => "/api/auth/session" },
    { label: "GET /api/incidents", path: () => "/api/incidents", query: list({}) },
    { label: `GET /api/incidents?state=open&q=${q}`, path: () => `/api/incidents?state=open&q=${q}`, query: list({ state: "open", q }) },
    {
      label: "GET /api/incidents?cursor=(deep)",
      path: (i) => `/api/incidents?cursor=${cursor(i)}`,
      query: (i) => list({ cursor: cursor(i) })(),
    },
    { label: "GET /api/incidents/[id]", path: (i) => `/api/incidents/${id(i)}`, query: (i) => getIncident(db, id(i)) },
    { label: "GET / (HTML)", path: () => "/", query: list(parseListView({}) as Record<string, string>) },
    { label: "GET /incidents/[id] (HTML)", path: (i) => `/incidents/${id(i)}`, query: (i) => getIncident(db, id(i)) },
    {
      label: "GET /api/audit",
      path: () => "/api/audit",
      query: audit ? () => audit.listAuditEvents(db, audit.auditQuerySchema.parse({})) : undefined,
      optional: true,
    },
    {
      label: "GET /api/audit/verify",
      path: () => "/api/audit/verify",
      query: verify
        ? () =>
            verify.verifyAuditTrail(db, {
              mode: "incremental",
              by: { type: "system", id: null },
              key: verify.checkpointKey("bench:console"),
            })
        : undefined,
      optional: true,
      requests: 5,
    },
    {
      label: "GET /api/overview",
      path: () => "/api/overview",
      query: overview ? () => overview.getOverview(db, overview.overviewQuerySchema.parse({})) : undefined,
      optional: true,
    },
    {
      label: "GET /overview (HTML)",
      path: () => "/overview",
      query: overview ? () => overview.getOverview(db, overview.overviewQuerySchema.parse({})) : undefined,
      optional: true,
    },
  ];
}

export function benchPages(picks: Picks): { label: string; path: string; optional?: boolean }[] {
  return [
    { label: "/", path: "/" },
    { label: "/incidents/[id]", path: `/incidents/${picks.ids[0]!}` },
    { label: "/overview", path: "/overview", optional: true },
    { label: "/audit", path: "/audit", optional: true },
  ];
}

/** The server answers with the seeded data before anything is timed: a full first page, the
 * counts adding up, matches for the word, a full page deep down, an incident with its alerts. */
export async function checkAnswers(base: string, cookie: string, picks: Picks, q: string, incidents: number): Promise<void> {
  const json = async <T>(path: string): Promise<T> => {
    const { status, body } = await get(base, path, cookie);
    if (status !== 200) throw new Error(`GET ${path}: HTTP ${status}`);
    return JSON.parse(body.toString("utf8")) as T;
  };
  type List = { items: unknown[]; counts: Record<string, number> };
  const first = await json<List>("/api/incidents");
  const total = Object.values(first.counts).reduce((a, b) => a + b, 0);
  if (first.items.length !== 25 || total !== incidents)
    throw new Error(`GET /api/incidents: ${first.items.length} items, counts add up to ${total}`);
  if ((await json<List>(`/api/incidents?state=open&q=${q}`)).items.length === 0) throw new Error(`no open incident matches "${q}"`);
  if ((await json<List>(`/api/incidents?cursor=${picks.cursors.at(-1)!}`)).items.length !== 25)
    throw new Error("the deep cursor page is not full");
  const incident = await json<{ alerts: unknown[] }>(`/api/incidents/${picks.ids[0]!}`);
  if (incident.alerts.length === 0) throw new Error(`incident ${picks.ids[0]} has no alerts`);
}
