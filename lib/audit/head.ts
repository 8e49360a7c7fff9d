// Exporting the audit chain's head (its newest event's seq and hash) outside the database,
// hourly (lib/jobs/audit-head.ts) and on an admin's demand. Someone who owns the database can
// disable the append-only triggers, rewrite history, hash it afresh and delete the
// checkpoints; they cannot reach a file on the server's disk, a log aggregator or a webhook's
// receiver, and verification holds the chain to the last head exported there.
import "server-only";
import { hostname } from "node:os";
import type { Db } from "@/lib/db/client";
import { flushWal, sqlTransaction } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { appendAudit } from "@/lib/audit/append";
import type { CheckpointKey, VerifiedBy } from "@/lib/audit/checkpoint";
import { verifyAuditTrail, type AuditVerification } from "@/lib/audit/verification";
import { appendHeadLine, headFileFromEnv, readLastHead } from "@/lib/audit/head-file";

/**
 * The fixed key of the warn-level log line that carries each exported head, and of the
 * webhook's body: `{"vigil_audit_head":{"seq":…,"hash":…,"events":…,"at":…,"instance":…}}`.
 * Operators search and alert on it in their log aggregator.
 */
export const HEAD_LOG_KEY = "vigil_audit_head";
const WEBHOOK_TIMEOUT_MS = 5_000;

export type AuditHead = {
  seq: string;
  hash: string;
  /** Events of the chain up to and including `seq`. */
  events: number;
  /** When it was exported. */
  at: string;
  /** The server that exported it: each instance exports on its own. */
  instance: string;
};

export type HeadOutputs = {
  /** The head file; null: off. */
  file: string | null;
  webhook: { url: string; token?: string } | null;
  instance: string;
};

export type Delivery = "written" | "failed" | "off";

export type HeadExport =
  | { ok: true; head: AuditHead; outputs: { file: Delivery; log: "written"; webhook: Delivery }; verification: AuditVerification }
  | { ok: false; reason: string; verification: AuditVerification };

export function headOutputsFromEnv(): HeadOutputs {
  const url = env.VIGIL_AUDIT_HEAD_WEBHOOK_URL;
  return { file: headFileFromEnv(), webhook: url ? { url, token: env.VIGIL_AUDIT_HEAD_WEBHOOK_TOKEN } : null, instance: hostname() };
}

async function toFile(file: string | null, head: AuditHead): Promise<Delivery> {
  if (!file) return "off";
  try {
    await appendHeadLine(file, head);
    return "written";
  } catch (err) {
    log.error({ file, err: (err as Error).message }, "could not write the audit chain head to its file");
    return "failed";
  }
}

async function toWebhook(webhook: HeadOutputs["webhook"], head: AuditHead): Promise<Delivery> {
  if (!webhook) return "off";
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (webhook.token) headers.Authorization = `Bearer ${webhook.token}`;
  // Only the origin is logged: the URL's path or query may carry a receiver's secret, as the token does.
  const origin = new URL(webhook.url).origin;
  try {
    const response = await fetch(webhook.url, {
      method: "POST",
      headers,
      body: JSON.stringify({ [HEAD_LOG_KEY]: head }),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.ok) return "written";
    log.error({ origin, status: response.status }, "the audit chain head's webhook refused it");
  } catch (err) {
    log.error({ origin, err: (err as Error).message }, "could not send the audit chain head to its webhook");
  }
  return "failed";
}

/** The newest event the check walked, or why nothing may be exported. */
function verifiedHead(v: AuditVerification): Pick<AuditHead, "seq" | "hash" | "events"> | string {
  if (!v.ok) return `the chain is broken at event #${v.brokenAt}: ${v.reason}`;
  // The last anchor cannot be checked (a garbled head file): anchoring afresh would paper over it.
  if (v.exportedHead && !v.exportedHead.ok) return `the last exported head cannot be checked: ${v.exportedHead.reason}`;
  if (v.headSeq === null) return "the audit trail has no events yet";
  return { seq: v.headSeq, hash: v.head, events: v.checked };
}

/**
 * Verifies the chain (incrementally, and held to the last exported head) and exports its head
 * to each output. A broken chain is never anchored: nothing is exported and the verdict comes
 * back. An output that fails is logged and reported; the others still go out.
 */
export async function exportAuditHead(
  db: Db,
  request: { by: VerifiedBy; key: CheckpointKey | null; outputs: HeadOutputs },
): Promise<HeadExport> {
  const { by, key, outputs } = request;
  // Held to the last head in the file: with the checkpoints deleted, the incremental check
  // walks from the first event, and a history rewritten since must not be anchored afresh.
  const last = outputs.file ? await readLastHead(outputs.file) : null;
  const verification = await verifyAuditTrail(db, { mode: "incremental", by, key, head: last });
  const verified = verifiedHead(verification);
  if (typeof verified === "string") {
    log.error({ reason: verified }, "audit chain head not exported");
    return { ok: false, reason: verified, verification };
  }
  // The head may have been committed without waiting for its flush (the webhook's
  // transactions): made durable first, so a crash of PostgreSQL cannot lose an event that was
  // already anchored outside, which would read as tampering.
  await flushWal(db);
  // Events appended since the check walked the chain go out with the next export.
  const head: AuditHead = { ...verified, at: new Date().toISOString(), instance: outputs.instance };
  const file = await toFile(outputs.file, head);
  log.warn({ [HEAD_LOG_KEY]: head }, "audit chain head");
  const webhook = await toWebhook(outputs.webhook, head);
  // Recorded only after the head went out, because this event moves the head on: the head
  // exported is the event before it (or before any appended in between), never this one.
  const exported = { file, log: "written" as const, webhook };
  await sqlTransaction(db, (sql) =>
    appendAudit(sql, [
      {
        action: "audit.head_exported",
        actorType: by.type,
        actorId: by.id,
        targetType: "AuditEvent",
        targetId: head.seq,
        data: { seq: head.seq, hash: head.hash, events: head.events, instance: head.instance, outputs: exported },
      },
    ]),
  );
  return { ok: true, head, outputs: exported, verification };
}
