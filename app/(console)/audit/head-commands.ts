// The audit page's commands on the exported chain head (server actions), one hook each, run
// through useServerCommand: exporting it now, and verifying against one an admin pasted.
"use client";

import { useCallback } from "react";
import { useQueryClient } from "@tanstack/react-query";
import {
  exportAuditHeadAction,
  verifyAgainstExportedHeadAction,
  type FullVerificationOutcome,
  type HeadExportOutcome,
} from "@/app/(console)/audit/actions";
import { auditKeys } from "@/lib/client/queries";
import { useServerCommand } from "@/lib/client/server-command";

const nothingToRefresh = () => undefined;

export function useExportAuditHead() {
  const queryClient = useQueryClient();
  // The export is an audit event, and the head file's last line moved: both the verdict
  // (held to that line) and the log are stale.
  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: auditKeys.all }), [queryClient]);
  const { run, pending, outcome } = useServerCommand<HeadExportOutcome>(refresh);
  const exportHead = useCallback(() => run("export", () => exportAuditHeadAction()), [run]);
  return { exportHead, pending: pending !== null, outcome };
}

export function useVerifyAgainstHead() {
  const queryClient = useQueryClient();
  const { run, pending, outcome } = useServerCommand<FullVerificationOutcome>(nothingToRefresh);
  // Its verdict replaces the shown one, as full verification's does (lib/client/audit-commands.ts).
  const verify = useCallback(
    (head: { seq: string; hash: string }) =>
      run(
        "verify-head",
        () => verifyAgainstExportedHeadAction(head),
        (result) => result.ok && queryClient.setQueryData(auditKeys.verify(), result.verification),
      ),
    [queryClient, run],
  );
  return { verify, pending: pending !== null, outcome };
}
