"use server";
// The runbook library's server actions: upload (responders and admins), delete and sync now
// (admins). serverAction checks the session and the role (a server action is a public
// endpoint); the domain function checks the role again.
import { z } from "zod";
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { serverAction } from "@/lib/auth/server-action";
import { deleteRunbook, uploadRunbook } from "@/lib/runbooks/library";
import { RUNBOOK_MAX_BYTES } from "@/lib/runbooks/limits";
import { embedderFromEnv, syncConfiguredFolder } from "@/lib/runbooks/runtime";

export type RunbookOutcome = { ok: true; message: string; id?: string } | { ok: false; message: string; code?: string; errorId?: string };

const chooseFile: RunbookOutcome = { ok: false, code: "malformed", message: "Choose a Markdown file (.md) to upload." };

export const uploadRunbookAction = serverAction(
  { what: "upload runbooks", role: "responder", input: z.instanceof(FormData), invalid: () => chooseFile },
  async (form, user): Promise<RunbookOutcome> => {
    const file = form.get("file");
    if (!(file instanceof File) || file.name === "") return chooseFile;
    // Refused before reading it: the size is known from the upload.
    if (file.size > RUNBOOK_MAX_BYTES) {
      return {
        ok: false,
        message: `${file.name} is ${Math.ceil(file.size / 1024)} KiB; a runbook may be at most ${RUNBOOK_MAX_BYTES / 1024} KiB.`,
      };
    }
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
  },
);

export const deleteRunbookAction = serverAction(
  {
    what: "delete runbooks",
    role: "admin",
    input: z.string().max(100),
    invalid: () => ({ ok: false, code: "not_found", message: "No such runbook." }),
  },
  async (id, user): Promise<RunbookOutcome> => {
    const deleted = await deleteRunbook(getDb(), id, user);
    revalidatePath("/runbooks");
    const back =
      deleted.source === "folder"
        ? ` It is still in the runbooks folder (${deleted.path}): the next sync brings it back unless the file is removed.`
        : "";
    return { ok: true, message: `Deleted ${deleted.title}.${back}` };
  },
);

export const syncRunbooksAction = serverAction(
  { what: "sync the runbooks folder", role: "admin", input: z.undefined() },
  async (_input, user): Promise<RunbookOutcome> => {
    const r = await syncConfiguredFolder({ type: "user", id: user.id });
    revalidatePath("/runbooks");
    const failed = r.failed.length
      ? ` Could not read ${r.failed.length}: ${r.failed.map((f) => `${f.path} (${f.error})`).join("; ")}.`
      : "";
    return {
      ok: r.failed.length === 0,
      message: `Synced: ${r.added} added, ${r.updated} updated, ${r.removed} removed, ${r.unchanged} unchanged.${failed}`,
    } as RunbookOutcome;
  },
);
