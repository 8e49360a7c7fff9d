// Alerts stored before redaction moved to the door (lib/alerts/redact.ts) may still hold the
// secrets they arrived with: their labels, annotations, raw copy and generator URL, and their
// incidents' common labels and annotations and title. `npm run db:redact-alerts` rewrites
// those rows once with the same redactor; identity (fingerprint, group key) is left as it
// was, so deduplication still matches. Idempotent: a second pass changes nothing. The audit
// trail is not rewritten (it is append-only, and records no label or annotation values).
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { sqlTransaction } from "@/lib/db/sql";
import { appendAudit } from "@/lib/audit/append";
import { redact } from "@/lib/evidence/redact";
import { redactValues } from "@/lib/alerts/redact";

const BATCH = 500;

type Values = Record<string, string>;
const asValues = (json: Prisma.JsonValue): Values => (json && typeof json === "object" && !Array.isArray(json) ? (json as Values) : {});

/** The redacted copy of a raw alert: its labels, annotations and generator URL, the rest as it was. */
function redactRaw(raw: Prisma.JsonValue): Prisma.JsonValue {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const out = { ...raw } as Record<string, Prisma.JsonValue>;
  if (raw.labels) out.labels = redactValues(asValues(raw.labels));
  if (raw.annotations) out.annotations = redactValues(asValues(raw.annotations));
  if (typeof raw.generatorURL === "string") out.generatorURL = redact(raw.generatorURL).text;
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export type RedactedRows = { alerts: number; incidents: number };

/** Rewrites each row, a page at a time in id order, whose redacted copy differs; returns how many. */
async function redactRows<R extends { id: string }, D extends object>(
  page: (cursor: string | undefined) => Promise<R[]>,
  redacted: (row: R) => D,
  save: (id: string, data: D) => Promise<unknown>,
): Promise<number> {
  let changed = 0;
  for (let cursor: string | undefined; ;) {
    const rows = await page(cursor);
    for (const row of rows) {
      const next = redacted(row);
      // Compared on the fields redaction may change, as they are stored.
      if (same(next, Object.fromEntries(Object.keys(next).map((k) => [k, row[k as keyof R]])))) continue;
      await save(row.id, next);
      changed += 1;
    }
    if (rows.length < BATCH) return changed;
    cursor = rows[rows.length - 1]!.id;
  }
}

const after = (cursor: string | undefined) => ({
  orderBy: { id: "asc" as const },
  take: BATCH,
  ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
});

export async function redactStoredAlerts(db: Db): Promise<RedactedRows> {
  const alerts = await redactRows(
    (cursor) =>
      db.alert.findMany({ select: { id: true, labels: true, annotations: true, generatorURL: true, raw: true }, ...after(cursor) }),
    (row) => ({
      labels: redactValues(asValues(row.labels)),
      annotations: redactValues(asValues(row.annotations)),
      generatorURL: row.generatorURL ? redact(row.generatorURL).text : row.generatorURL,
      raw: redactRaw(row.raw) ?? {},
    }),
    (id, data) => db.alert.update({ where: { id }, data }),
  );
  const incidents = await redactRows(
    (cursor) =>
      db.incident.findMany({
        select: { id: true, title: true, commonLabels: true, commonAnnotations: true, externalUrl: true },
        ...after(cursor),
      }),
    (row) => ({
      title: redact(row.title).text,
      commonLabels: redactValues(asValues(row.commonLabels)),
      commonAnnotations: redactValues(asValues(row.commonAnnotations)),
      externalUrl: row.externalUrl ? redact(row.externalUrl).text : row.externalUrl,
    }),
    (id, data) => db.incident.update({ where: { id }, data }),
  );
  const counts: RedactedRows = { alerts, incidents };
  if (counts.alerts || counts.incidents) {
    await sqlTransaction(db, (sql) => appendAudit(sql, [{ action: "alert.redacted_stored", actorType: "system", data: { ...counts } }]));
  }
  return counts;
}
