"use server";
// The sources page's server actions: create and revoke an ingestion API key. Each checks the
// session and the admin role itself — a server action is a public endpoint.
import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { VigilError, newErrorId } from "@/lib/errors";
import { createApiKey, revokeApiKey } from "@/lib/ingest/keys";
import { createApiKeySchema } from "@/lib/ingest/schemas";
import { describeIssues } from "@/lib/validation";
import { log } from "@/lib/log";

export type KeyOutcome = { ok: true; message: string; secret?: string; prefix?: string } | { ok: false; message: string };

async function guarded(what: string, work: () => Promise<KeyOutcome>): Promise<KeyOutcome> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof VigilError) return { ok: false, message: err.message };
    const errorId = newErrorId();
    log.error({ err, errorId, what }, "API key action failed");
    return { ok: false, message: `Could not ${what}: an unexpected error (id ${errorId}). Nothing was changed.` };
  }
}

export async function createApiKeyAction(input: { name: string; scopes: string[] }): Promise<KeyOutcome> {
  return guarded("create the key", async () => {
    const user = await requireUser("admin");
    const parsed = createApiKeySchema.safeParse(input);
    if (!parsed.success) return { ok: false, message: describeIssues(parsed.error) };
    const { key, secret } = await createApiKey(getDb(), parsed.data, user.id);
    revalidatePath("/sources");
    return { ok: true, message: `Created ${key.name}.`, secret, prefix: key.prefix };
  });
}

export async function revokeApiKeyAction(id: string): Promise<KeyOutcome> {
  return guarded("revoke the key", async () => {
    const user = await requireUser("admin");
    const key = await revokeApiKey(getDb(), id, user.id);
    revalidatePath("/sources");
    return { ok: true, message: `Revoked ${key.name}.` };
  });
}
