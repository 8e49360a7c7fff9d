// For integration tests only (it imports vitest): the real ingest route handlers on a test
// database, with API keys created the way an admin's request creates them, and the job queue
// the alert path starts on that same database.
import { vi } from "vitest";
import type { TestDb } from "@/lib/testing/database";
import type { Db } from "@/lib/db/client";
import { createUser } from "@/lib/auth/users";
import { createApiKey } from "@/lib/ingest/keys";
import { unique } from "@/lib/testing/database";
import { seededRng } from "@/lib/random";

type Post = (request: Request) => Promise<Response>;
export type IngestKind = "metrics" | "logs" | "changes";
export type Routes = Record<IngestKind, Post>;
export type Sent = { status: number; headers: Headers; body: Record<string, unknown> };

const holder = globalThis as { vigilDb?: unknown; vigilBoss?: Promise<{ stop(o: object): Promise<void> }> };

export async function stopBoss(): Promise<void> {
  const boss = await holder.vigilBoss?.catch(() => undefined);
  delete holder.vigilBoss;
  await boss?.stop({ graceful: false, wait: true });
}

/** Fresh modules (nothing cached from an earlier load) serving `db`; the job queue on `url`. */
export async function loadRoutes(db: Db, url: string, env: Record<string, string> = {}): Promise<Routes> {
  vi.resetModules();
  await stopBoss();
  vi.stubEnv("DATABASE_URL", url);
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  holder.vigilDb = db;
  return {
    metrics: (await import("@/app/api/ingest/metrics/route")).POST,
    logs: (await import("@/app/api/ingest/logs/route")).POST,
    changes: (await import("@/app/api/ingest/changes/route")).POST,
  };
}

export async function unloadRoutes(): Promise<void> {
  await stopBoss();
  delete holder.vigilDb;
  vi.unstubAllEnvs();
}

export async function newSecret(t: TestDb): Promise<string> {
  const admin = await createUser(
    t.db,
    { email: `${unique("admin")}@vigil.test`, password: "correct-horse-battery", role: "admin" },
    { type: "system" },
  );
  return (await createApiKey(t.db, { name: unique("key"), scopes: ["ingest:metrics", "ingest:logs", "ingest:changes"] }, admin.id)).secret;
}

export function sender(routes: () => Routes, secret: string) {
  return async (kind: IngestKind, body: unknown, headers: Record<string, string> = {}): Promise<Sent> => {
    const request = new Request(`http://vigil.test/api/ingest/${kind}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${secret}`, ...headers },
      body: JSON.stringify(body),
    });
    const response = await routes()[kind](request);
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  };
}

/** Deterministic noise, uniform in [-1, 1): bounded, so a normal series never crosses |z| = 2.5. */
export function noise(seed: number): () => number {
  const rand = seededRng(seed);
  return () => rand() * 2 - 1;
}

/** `n` points of `name` every `stepMs` from `start`: mean ± sd·√3 uniform (σ = sd). */
export function series(
  service: string,
  name: string,
  start: number,
  n: number,
  opts: { mean: number; sd: number; stepMs?: number; seed?: number; labels?: Record<string, string> },
) {
  const rand = noise(opts.seed ?? 1);
  const step = opts.stepMs ?? 10_000;
  return Array.from({ length: n }, (_, i) => ({
    service,
    name,
    value: opts.mean + rand() * opts.sd * Math.sqrt(3),
    labels: opts.labels ?? {},
    timestamp: new Date(start + i * step).toISOString(),
  }));
}
