// Drafting and saving an incident's post-mortem. Responders and admins only. Each write is
// a conditional update on the version the person started from (postmortemUpdatedAt), so a
// draft or save never silently overwrites someone else's newer text, and it is audited in
// the same transaction, with the text's SHA-256, so the trail shows exactly what was stored.
import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import type { ModelPort } from "@/lib/investigation/ports";
import { hasRole } from "@/lib/auth/roles";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { traceparent } from "@/lib/tracing/trace-context";
import { loadPostmortemFacts } from "@/lib/postmortem/load";
import { composePostmortem } from "@/lib/postmortem/compose";
import { byteLength, MAX_POSTMORTEM_BYTES } from "@/lib/postmortem/limits";
import type { PostmortemEngine } from "@/lib/postmortem/types";

export type Editor = { id: string; email: string; role: Role };

export type PostmortemState = {
  markdown: string;
  updatedAt: string;
  updatedBy: string;
  engine: PostmortemEngine | null;
  model: string | null;
  fallbackReason: string | null;
};

export type PostmortemRefusal = "forbidden" | "not_found" | "exists" | "conflict" | "too_large" | "empty";

export type PostmortemResult = { ok: true; postmortem: PostmortemState } | { ok: false; code: PostmortemRefusal; message: string };

const refuse = (code: PostmortemRefusal, message: string): PostmortemResult => ({ ok: false, code, message });
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function canEdit(user: Editor): boolean {
  return hasRole(user.role, "responder");
}

export type DraftDeps = { model: ModelPort | null; now: () => Date; signal?: AbortSignal };

/** Drafts the post-mortem from the records and stores it; `replace` must confirm replacing one. */
export async function draftPostmortem(
  db: Db,
  input: { incidentId: string; replace: boolean },
  user: Editor,
  deps: DraftDeps,
): Promise<PostmortemResult> {
  if (!canEdit(user)) return refuse("forbidden", `a ${user.role} cannot draft the post-mortem; responders and admins can`);
  const incident = await db.incident.findUnique({
    where: { id: input.incidentId },
    select: { id: true, traceId: true, postmortem: true, postmortemUpdatedAt: true },
  });
  if (!incident) return refuse("not_found", "no such incident");
  if (incident.postmortem !== null && !input.replace)
    return refuse("exists", "a post-mortem exists already: confirm to replace it with a new draft");

  const now = deps.now();
  const facts = (await loadPostmortemFacts(db, incident.id, now))!;
  const { markdown, meta } = await composePostmortem(facts, deps.model, {
    now,
    traceparent: traceparent(incident.traceId),
    signal: deps.signal,
  });
  const stored = deps.now();
  const written = await db.$transaction(async (tx) => {
    // Someone saved while the draft was written: theirs stays, this draft is not stored.
    const m = await tx.incident.updateMany({
      where: { id: incident.id, postmortemUpdatedAt: incident.postmortemUpdatedAt },
      data: {
        postmortem: markdown,
        postmortemUpdatedAt: stored,
        postmortemUpdatedBy: user.email,
        postmortemEngine: meta.engine,
        postmortemModel: meta.model,
        postmortemFallback: meta.fallbackReason,
      },
    });
    if (m.count !== 1) return false;
    await appendAudit(prismaSql(tx), [
      {
        action: "postmortem.drafted",
        actorType: "user",
        actorId: user.id,
        incidentId: incident.id,
        traceId: incident.traceId,
        targetType: "Incident",
        targetId: incident.id,
        data: {
          engine: meta.engine,
          model: meta.model,
          fallbackReason: meta.fallbackReason,
          replaced: incident.postmortem !== null,
          bytes: byteLength(markdown),
          sha256: sha256(markdown),
        },
      },
    ]);
    return true;
  });
  if (!written) return refuse("conflict", "the post-mortem was changed by someone else while this draft was written; reload to see it");
  return {
    ok: true,
    postmortem: {
      markdown,
      updatedAt: stored.toISOString(),
      updatedBy: user.email,
      engine: meta.engine,
      model: meta.model,
      fallbackReason: meta.fallbackReason,
    },
  };
}

/** Stores an edited post-mortem, if it is still the version the editor started from. */
export async function savePostmortem(
  db: Db,
  input: { incidentId: string; markdown: string; baseUpdatedAt: string | null },
  user: Editor,
  now: () => Date,
): Promise<PostmortemResult> {
  if (!canEdit(user)) return refuse("forbidden", `a ${user.role} cannot edit the post-mortem; responders and admins can`);
  const markdown = input.markdown.replace(/\r\n?/g, "\n");
  if (markdown.trim() === "") return refuse("empty", "the post-mortem is empty: write it, or draft it again");
  const bytes = byteLength(markdown);
  if (bytes > MAX_POSTMORTEM_BYTES)
    return refuse("too_large", `the post-mortem is ${Math.ceil(bytes / 1024)} KB; the limit is ${MAX_POSTMORTEM_BYTES / 1024} KB`);

  const at = now();
  const base = input.baseUpdatedAt === null ? null : new Date(input.baseUpdatedAt);
  const result = await db.$transaction(async (tx) => {
    const m = await tx.incident.updateMany({
      where: { id: input.incidentId, postmortemUpdatedAt: base },
      data: { postmortem: markdown, postmortemUpdatedAt: at, postmortemUpdatedBy: user.email },
    });
    if (m.count !== 1) return null;
    const incident = await tx.incident.findUniqueOrThrow({
      where: { id: input.incidentId },
      select: { traceId: true, postmortemEngine: true, postmortemModel: true, postmortemFallback: true },
    });
    await appendAudit(prismaSql(tx), [
      {
        action: "postmortem.saved",
        actorType: "user",
        actorId: user.id,
        incidentId: input.incidentId,
        traceId: incident.traceId,
        targetType: "Incident",
        targetId: input.incidentId,
        data: { bytes, sha256: sha256(markdown) },
      },
    ]);
    return incident;
  });
  if (!result) {
    const exists = await db.incident.count({ where: { id: input.incidentId } });
    return exists
      ? refuse("conflict", "someone else changed the post-mortem since you opened it: copy your text, reload, and apply it again")
      : refuse("not_found", "no such incident");
  }
  return {
    ok: true,
    postmortem: {
      markdown,
      updatedAt: at.toISOString(),
      updatedBy: user.email,
      engine: (result.postmortemEngine as PostmortemEngine | null) ?? null,
      model: result.postmortemModel,
      fallbackReason: result.postmortemFallback,
    },
  };
}
