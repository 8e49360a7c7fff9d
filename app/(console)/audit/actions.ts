"use server";
// The audit page's server action: full verification of the hash chain, on an admin's demand.
// serverAction checks the session and the role (a server action is a public endpoint).
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { serverAction, type Failure } from "@/lib/auth/server-action";
import { serverCheckpointKey } from "@/lib/audit/checkpoint";
import { verifyAuditTrail, type AuditVerification } from "@/lib/audit/verification";

/** ok: the verification ran; whether the chain is intact is the verification's own `ok`. */
export type FullVerificationOutcome = { ok: true; message: string; verification: AuditVerification } | Failure;

export const verifyFullAuditChainAction = serverAction(
  { what: "verify the whole audit chain", role: "admin", input: z.undefined() },
  async (_input, user): Promise<FullVerificationOutcome> => {
    const verification = await verifyAuditTrail(getDb(), { mode: "full", by: { type: "user", id: user.id }, key: serverCheckpointKey() });
    const message = verification.ok
      ? `Verified all ${verification.checked} events: the chain is intact.`
      : `The chain is broken at event #${verification.brokenAt}: ${verification.reason}.`;
    return { ok: true, message, verification };
  },
);
