// The tuning export as an HTTP body: one JSON line per exportable incident, pulled from the
// database a page at a time as the client reads, and audited once it ends (or is cut off)
// with how many lines left and why the others did not.
import "server-only";
import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { emptySummary, tally, tuningEntries, type TuningOptions, type TuningSummary } from "@/lib/export/tuning";

export type ExportActor = { type: "user" | "system"; id: string };

export async function auditTuningExport(db: Db, actor: ExportActor, summary: TuningSummary, complete: boolean): Promise<void> {
  await db.$transaction(async (tx) => {
    await appendAudit(prismaSql(tx), [
      {
        action: "export.tuning",
        actorType: actor.type,
        actorId: actor.id,
        targetType: "Export",
        targetId: "tuning",
        data: { lines: summary.written, skipped: summary.skipped, complete },
      },
    ]);
  });
}

export function exportTuningStream(db: Db, actor: ExportActor, options: TuningOptions = {}): ReadableStream<Uint8Array> {
  const entries = tuningEntries(db, options);
  const summary = emptySummary();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const next = await entries.next();
        if (next.done) {
          await auditTuningExport(db, actor, summary, true);
          controller.close();
          return;
        }
        tally(summary, next.value);
        if (next.value.kind === "line") {
          controller.enqueue(encoder.encode(`${next.value.line}\n`));
          return;
        }
      }
    },
    async cancel() {
      await entries.return(undefined);
      await auditTuningExport(db, actor, summary, false);
    },
  });
}
