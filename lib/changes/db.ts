// The change feed of the running app: deploys, config changes, flags and scaling that
// services pushed to POST /api/ingest/changes. A service names itself `namespace/name` or
// just `name`; a bare name has no namespace (""), and matches a workload of that name in any.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { Change, ChangeFeed } from "@/lib/changes/port";

// A window around an incident holds a handful of changes; a runaway pusher must not make
// evidence collection read thousands.
const MAX_CHANGES = 200;

type Row = {
  service: string;
  kind: Change["kind"];
  version: string | null;
  commit: string | null;
  actor: string | null;
  summary: string;
  at: Date;
};

export function dbChangeFeed(db: Db): ChangeFeed {
  return {
    async recentChanges(since, until) {
      const rows: Row[] = (await db.changeEvent.findMany({
        where: { at: { gte: since, lte: until } },
        orderBy: { at: "desc" },
        take: MAX_CHANGES,
        select: { service: true, kind: true, version: true, commit: true, actor: true, summary: true, at: true },
      })) as Row[];
      return rows.map(toChange);
    },
  };
}

export function toChange(row: Row): Change {
  const [namespace, name] = splitService(row.service);
  const by = [row.commit ? `commit ${row.commit.slice(0, 12)}` : null, row.actor ? `by ${row.actor}` : null].filter(Boolean).join(" ");
  return {
    at: row.at.toISOString(),
    kind: row.kind,
    namespace,
    name,
    summary: by ? `${row.summary} (${by})` : row.summary,
    ...(row.version ? { version: row.version } : {}),
  };
}

/** `shop/checkout` → ["shop", "checkout"]; `checkout` → ["", "checkout"]. */
export function splitService(service: string): [string, string] {
  const slash = service.indexOf("/");
  return slash > 0 ? [service.slice(0, slash), service.slice(slash + 1)] : ["", service];
}
