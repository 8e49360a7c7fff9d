// Deletes what retention says is expired, in bounded batches: each batch is its own short
// statement, so pruning millions of rows never holds a long lock or a huge transaction
// against ingest. One audit event records what a pass removed.
import "server-only";
import type { Db } from "@/lib/db/client";
import { sqlTransaction } from "@/lib/db/sql";
import { appendAudit } from "@/lib/audit/append";
import type { RetentionRule } from "@/lib/retention/policy";

export const PRUNE_BATCH = 10_000;

export type PruneResult = Record<string, number>;

export async function pruneExpired(db: Db, rules: RetentionRule[], now = new Date(), batch = PRUNE_BATCH): Promise<PruneResult> {
  const removed: PruneResult = {};
  for (const rule of rules) {
    const cutoff = new Date(now.getTime() - rule.keepMs);
    // Table and column names come from code (policy.ts), never from input.
    const expired = `"${rule.column}" < $1${rule.keep ? ` AND NOT (${rule.keep})` : ""}`;
    // By physical row id: every table qualifies, whatever its key.
    const statement = `DELETE FROM "${rule.table}" WHERE ctid = ANY(ARRAY(SELECT ctid FROM "${rule.table}" WHERE ${expired} LIMIT ${batch}))`;
    let total = 0;
    for (;;) {
      const n = await sqlTransaction(db, (sql) => sql.run(statement, [cutoff.toISOString()]));
      total += n;
      if (n < batch) break;
    }
    if (total > 0) removed[rule.table] = total;
  }
  if (Object.keys(removed).length > 0) {
    await sqlTransaction(db, (sql) =>
      appendAudit(sql, [
        {
          action: "retention.pruned",
          actorType: "system",
          data: { removed, rules: rules.map((r) => ({ table: r.table, keepDays: r.keepMs / 86_400_000 })) },
        },
      ]),
    );
  }
  return removed;
}
