"use server";
// The audit page's server actions, on an admin's demand: full verification of the hash chain,
// verification against a head exported earlier (pasted from the log aggregator), and exporting
// the chain's head now. serverAction checks the session and the role (a server action is a
// public endpoint). Each verification is held to an exported head: the given one, else the
// head file's last.
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { serverAction, type Failure } from "@/lib/auth/server-action";
import { describeIssues } from "@/lib/validation";
import { serverCheckpointKey } from "@/lib/audit/checkpoint";
import { verifyAuditTrail, type AuditVerification } from "@/lib/audit/verification";
import { expectedHead } from "@/lib/audit/head-file";
import { givenHeadSchema } from "@/lib/audit/head-schemas";
import { exportAuditHead, headOutputsFromEnv, type AuditHead, type HeadExport } from "@/lib/audit/head";

/** ok: the verification ran; whether the chain is intact is the verification's own `ok`. */
export type FullVerificationOutcome = { ok: true; message: string; verification: AuditVerification } | Failure;
export type HeadExportOutcome = { ok: true; message: string; head: AuditHead } | (Failure & { verification?: AuditVerification });

function verdictMessage(verification: AuditVerification, intact: string): string {
  return verification.ok ? intact : `The chain is broken at event #${verification.brokenAt}: ${verification.reason}.`;
}

export const verifyFullAuditChainAction = serverAction(
  { what: "verify the whole audit chain", role: "admin", input: z.undefined() },
  async (_input, user): Promise<FullVerificationOutcome> => {
    const by = { type: "user" as const, id: user.id };
    const verification = await verifyAuditTrail(getDb(), { mode: "full", by, key: serverCheckpointKey(), head: await expectedHead() });
    return {
      ok: true,
      message: verdictMessage(verification, `Verified all ${verification.checked} events: the chain is intact.`),
      verification,
    };
  },
);

export const verifyAgainstExportedHeadAction = serverAction(
  {
    what: "verify the audit chain against an exported head",
    role: "admin",
    input: givenHeadSchema,
    // Typed or pasted by a person: say what to fix, not "reload the page".
    invalid: (error) => ({ ok: false, code: "malformed", message: `Check the head: ${describeIssues(error)}.` }),
  },
  async (given, user): Promise<FullVerificationOutcome> => {
    const by = { type: "user" as const, id: user.id };
    const verification = await verifyAuditTrail(getDb(), {
      mode: "incremental",
      by,
      key: serverCheckpointKey(),
      head: await expectedHead(given),
    });
    return {
      ok: true,
      message: verdictMessage(verification, `Event #${given.seq} still has the exported hash: the chain is intact.`),
      verification,
    };
  },
);

export const exportAuditHeadAction = serverAction(
  { what: "export the audit chain's head", role: "admin", input: z.undefined() },
  async (_input, user): Promise<HeadExportOutcome> => {
    const exported: HeadExport = await exportAuditHead(getDb(), {
      by: { type: "user", id: user.id },
      key: serverCheckpointKey(),
      outputs: headOutputsFromEnv(),
    });
    if (!exported.ok)
      return { ok: false, code: "not_exported", message: `Not exported: ${exported.reason}.`, verification: exported.verification };
    const { head, outputs } = exported;
    const failed = (["file", "webhook"] as const).filter((o) => outputs[o] === "failed");
    const went = (["file", "log", "webhook"] as const).filter((o) => outputs[o] === "written").join(", ");
    // The hash in full: an admin may keep it elsewhere, and paste it back below to verify against.
    const message = `Exported event #${head.seq} with hash ${head.hash} (${went})${failed.length ? `; the ${failed.join(" and ")} failed: see the server log` : ""}.`;
    return { ok: true, message, head };
  },
);
