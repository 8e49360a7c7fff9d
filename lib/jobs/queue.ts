// The process's job queue handle: one pg-boss per process, shared through globalThis because
// Next.js may load this module in several bundles. What the request paths need (the webhook
// queues investigations and wakes the worker) lives here, apart from what starts the
// workers (lib/jobs/runtime.ts), which in turn reaches the alert path: no import circle.
import "server-only";
import type PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { startBoss } from "@/lib/jobs/boss";

const holder = globalThis as unknown as { vigilBoss?: Promise<PgBoss>; vigilWorkerId?: string };

export function getBoss(): Promise<PgBoss> {
  if (!env.DATABASE_URL) return Promise.reject(new Error("DATABASE_URL is not set"));
  holder.vigilBoss ??= startBoss(env.DATABASE_URL).catch((err) => {
    holder.vigilBoss = undefined;
    throw err;
  });
  return holder.vigilBoss;
}

/** Records this instance's investigation worker, so the webhook can wake it. */
export function setWorker(id: string): void {
  holder.vigilWorkerId = id;
}

/** Wakes this instance's worker now, instead of at its next poll: an investigation queued
 * here starts within milliseconds. Other instances pick jobs up at their next poll. */
export async function wakeWorker(): Promise<void> {
  if (!holder.vigilWorkerId) return;
  (await getBoss()).notifyWorker(holder.vigilWorkerId);
}
