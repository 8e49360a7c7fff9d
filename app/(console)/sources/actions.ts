"use server";
// The sources page's server actions: create and revoke an ingestion API key, for admins.
// serverAction checks the session and the role (a server action is a public endpoint).
import { z } from "zod";
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { serverAction } from "@/lib/auth/server-action";
import { createApiKey, revokeApiKey } from "@/lib/ingest/keys";
import { createApiKeySchema } from "@/lib/ingest/schemas";
import { describeIssues } from "@/lib/validation";

export type KeyOutcome =
  { ok: true; message: string; secret?: string; prefix?: string } | { ok: false; message: string; code?: string; errorId?: string };

export const createApiKeyAction = serverAction(
  // What a person typed: the issues in their own terms, not "reload the page".
  {
    what: "create API keys",
    role: "admin",
    input: createApiKeySchema,
    invalid: (error) => ({ ok: false, code: "malformed", message: describeIssues(error) }),
  },
  async (input, user): Promise<KeyOutcome> => {
    const { key, secret } = await createApiKey(getDb(), input, user.id);
    revalidatePath("/sources");
    return { ok: true, message: `Created ${key.name}.`, secret, prefix: key.prefix };
  },
);

export const revokeApiKeyAction = serverAction(
  { what: "revoke API keys", role: "admin", input: z.string().min(1).max(64) },
  async (id, user): Promise<KeyOutcome> => {
    const key = await revokeApiKey(getDb(), id, user.id);
    revalidatePath("/sources");
    return { ok: true, message: `Revoked ${key.name}.` };
  },
);
