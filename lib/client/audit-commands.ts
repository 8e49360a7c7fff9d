// The audit page's command: full verification of the hash chain (a server action), run
// through useServerCommand. Its verdict replaces the shown one, so the panel reads the same
// whichever check ran last.
"use client";

import { useCallback } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { verifyFullAuditChainAction, type FullVerificationOutcome } from "@/app/(console)/audit/actions";
import { auditKeys } from "@/lib/client/queries";
import { useServerCommand } from "@/lib/client/server-command";

const nothingToRefresh = () => undefined;

export function useFullAuditVerification() {
  const queryClient = useQueryClient();
  const { run, pending, outcome } = useServerCommand<FullVerificationOutcome>(nothingToRefresh);
  const verify = useCallback(
    () =>
      run(
        "verify",
        () => verifyFullAuditChainAction(),
        (result) => result.ok && queryClient.setQueryData(auditKeys.verify(), result.verification),
      ),
    [queryClient, run],
  );
  return { verify, pending: pending !== null, failure: outcome && !outcome.ok ? outcome.message : null };
}
