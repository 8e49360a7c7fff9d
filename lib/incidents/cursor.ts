// Opaque keyset cursor for the incident list: the sort it was made for and the last row's
// sort key (lib/incidents/sort.ts). A cursor of another sort is refused, never misread.
import { VigilError } from "@/lib/errors";
import { severities } from "@/lib/incidents/model";
import type { Severity } from "@/lib/generated/prisma/enums";
import type { Cursor, IncidentSort } from "@/lib/incidents/sort";

export type { Cursor };

function toArray(c: Cursor): string[] {
  switch (c.sort) {
    case "newest":
    case "oldest":
      return [c.sort, c.openedAt.toISOString(), c.id];
    case "updated":
      return [c.sort, c.updatedAt.toISOString(), c.id];
    case "severity":
      return [c.sort, c.severity, c.openedAt.toISOString(), c.id];
  }
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(toArray(c))).toString("base64url");
}

function date(value: unknown): Date {
  const d = typeof value === "string" ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime())) throw new Error("bad date");
  return d;
}

function id(value: unknown): string {
  if (typeof value !== "string" || !value) throw new Error("bad id");
  return value;
}

function fromArray(parts: unknown[]): Cursor {
  const [sort, ...rest] = parts;
  if ((sort === "newest" || sort === "oldest") && rest.length === 2) return { sort, openedAt: date(rest[0]), id: id(rest[1]) };
  if (sort === "updated" && rest.length === 2) return { sort, updatedAt: date(rest[0]), id: id(rest[1]) };
  if (sort === "severity" && rest.length === 3 && severities.includes(rest[0] as Severity)) {
    return { sort, severity: rest[0] as Severity, openedAt: date(rest[1]), id: id(rest[2]) };
  }
  throw new Error("bad cursor");
}

/** The cursor, if it was made for `sort`; a bad_request otherwise (a forged or stale link). */
export function decodeCursor(value: string, sort: IncidentSort): Cursor {
  let cursor: Cursor;
  try {
    const parts: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (!Array.isArray(parts)) throw new Error("bad cursor");
    cursor = fromArray(parts);
  } catch {
    throw new VigilError("bad_request", "cursor is not valid; start again from the first page");
  }
  if (cursor.sort !== sort)
    throw new VigilError("bad_request", `cursor is for the ${cursor.sort} order, not ${sort}; start again from the first page`);
  return cursor;
}
