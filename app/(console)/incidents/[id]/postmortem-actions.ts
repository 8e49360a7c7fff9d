"use server";
// The post-mortem's server actions: draft (from the records, by the model when one is
// configured) and save (an edit). Each checks the session and role itself — a server action
// is a public endpoint — and the domain checks the role again.
import { currentUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { portsFromEnv } from "@/lib/investigation/runtime";
import { draftInput, saveInput } from "@/lib/postmortem/schemas";
import { draftPostmortem, savePostmortem, type Editor, type PostmortemRefusal, type PostmortemResult, type PostmortemState } from "@/lib/postmortem/store";
import { log } from "@/lib/log";
import { newErrorId } from "@/lib/errors";

export type PostmortemOutcome = { ok: boolean; message: string; code?: PostmortemRefusal | "signed_out" | "malformed" | "error"; postmortem?: PostmortemState };

async function editor(): Promise<Editor | PostmortemOutcome> {
  const user = await currentUser();
  if (!user) return { ok: false, code: "signed_out", message: "Your session has ended: sign in again." };
  if (!hasRole(user.role, "responder")) return { ok: false, code: "forbidden", message: `You are a ${user.role}: only responders and admins can draft or edit the post-mortem.` };
  return user;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function describe(result: PostmortemResult, done: (p: PostmortemState) => string): PostmortemOutcome {
  return result.ok ? { ok: true, message: done(result.postmortem), postmortem: result.postmortem } : { ok: false, code: result.code, message: `${capitalise(result.message)}.` };
}

async function guarded(what: string, work: () => Promise<PostmortemOutcome>): Promise<PostmortemOutcome> {
  try {
    return await work();
  } catch (err) {
    const errorId = newErrorId();
    log.error({ err, errorId, what }, "post-mortem action failed");
    return { ok: false, code: "error", message: `Could not ${what}: an unexpected error (id ${errorId}). Nothing was changed.` };
  }
}

export async function draftPostmortemAction(input: { incidentId: string; replace?: boolean }): Promise<PostmortemOutcome> {
  const user = await editor();
  if ("message" in user) return user;
  const parsed = draftInput.safeParse(input);
  if (!parsed.success) return { ok: false, code: "malformed", message: "The request was malformed: reload the page." };
  return guarded("draft the post-mortem", async () =>
    describe(await draftPostmortem(getDb(), parsed.data, user, { model: portsFromEnv().model, now: () => new Date() }), (p) =>
      p.engine === "model" ? `Drafted with the model${p.model ? ` ${p.model}` : ""} and stored.` : `Drafted by the template engine${p.fallbackReason ? " (the model was not used)" : ""} and stored.`,
    ),
  );
}

export async function savePostmortemAction(input: { incidentId: string; markdown: string; baseUpdatedAt: string | null }): Promise<PostmortemOutcome> {
  const user = await editor();
  if ("message" in user) return user;
  const parsed = saveInput.safeParse(input);
  if (!parsed.success) {
    const tooLong = parsed.error.issues.some((i) => i.path[0] === "markdown" && i.code === "too_big");
    return { ok: false, code: tooLong ? "too_large" : "malformed", message: tooLong ? "The post-mortem is over the 100 KB limit: shorten it." : "The request was malformed: reload the page." };
  }
  return guarded("save the post-mortem", async () => describe(await savePostmortem(getDb(), parsed.data, user, () => new Date()), () => "Saved."));
}
