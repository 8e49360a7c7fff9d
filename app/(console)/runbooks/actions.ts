"use server";
// The runbook library's server actions: upload (responders and admins), delete and sync now
// (admins). Each checks the session and the role itself — a server action is a public
// endpoint — and calls the domain function, which checks the role again.
import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { VigilError, newErrorId } from "@/lib/errors";
import { log } from "@/lib/log";
import { deleteRunbook, uploadRunbook } from "@/lib/runbooks/library";
import { RUNBOOK_MAX_BYTES } from "@/lib/runbooks/limits";
import { embedderFromEnv, syncConfiguredFolder } from "@/lib/runbooks/runtime";

export type RunbookOutcome = { ok: true; message: string; id?: string } | { ok: false; message: string };

async function guarded(what: string, work: () => Promise<RunbookOutcome>): Promise<RunbookOutcome> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof VigilError) return { ok: false, message: err.message };
    const errorId = newErrorId();
    log.error({ err, errorId, what }, "runbook action failed");
    return { ok: false, message: `Could not ${what}: an unexpected error (id ${errorId}). Nothing was changed.` };
  }
}

export async function uploadRunbookAction(form: FormData): Promise<RunbookOutcome> {
  return guarded("upload the runbook", async () => {
    const user = await requireUser("responder");
    const file = form.get("file");
    if (!(file instanceof File) || file.name === "") return { ok: false, message: "Choose a Markdown file (.md) to upload." };
    // Refused before reading it: the size is known from the upload.
    if (file.size > RUNBOOK_MAX_BYTES)
      return {
        ok: false,
        message: `${file.name} is ${Math.ceil(file.size / 1024)} KiB; a runbook may be at most ${RUNBOOK_MAX_BYTES / 1024} KiB.`,
      };
    const result = await uploadRunbook(getDb(), { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, user, {
      embedder: embedderFromEnv(),
    });
    revalidatePath("/runbooks");
    const { title, chunks } = result.runbook;
    const message =
      result.outcome === "unchanged"
        ? `${title} is already in the library, unchanged.`
        : `${result.outcome === "created" ? "Added" : "Updated"} ${title} (${chunks} ${chunks === 1 ? "chunk" : "chunks"}).`;
    return { ok: true, message, id: result.runbook.id };
  });
}

export async function deleteRunbookAction(id: string): Promise<RunbookOutcome> {
  return guarded("delete the runbook", async () => {
    const user = await requireUser("admin");
    if (typeof id !== "string" || id.length > 100) return { ok: false, message: "No such runbook." };
    const deleted = await deleteRunbook(getDb(), id, user);
    revalidatePath("/runbooks");
    const back =
      deleted.source === "folder"
        ? ` It is still in the runbooks folder (${deleted.path}): the next sync brings it back unless the file is removed.`
        : "";
    return { ok: true, message: `Deleted ${deleted.title}.${back}` };
  });
}

export async function syncRunbooksAction(): Promise<RunbookOutcome> {
  return guarded("sync the runbooks folder", async () => {
    const user = await requireUser("admin");
    const r = await syncConfiguredFolder({ type: "user", id: user.id });
    revalidatePath("/runbooks");
    const failed = r.failed.length
      ? ` Could not read ${r.failed.length}: ${r.failed.map((f) => `${f.path} (${f.error})`).join("; ")}.`
      : "";
    return {
      ok: r.failed.length === 0,
      message: `Synced: ${r.added} added, ${r.updated} updated, ${r.removed} removed, ${r.unchanged} unchanged.${failed}`,
    };
  });
}
