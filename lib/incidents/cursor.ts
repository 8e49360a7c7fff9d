// Opaque keyset cursor for the incident list (newest first): the last row's openedAt and id.
import { VigilError } from "@/lib/errors";

export type Cursor = { openedAt: Date; id: string };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.openedAt.toISOString(), c.id])).toString("base64url");
}

export function decodeCursor(value: string): Cursor {
  try {
    const [openedAt, id] = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as [string, string];
    const date = new Date(openedAt);
    if (typeof id !== "string" || Number.isNaN(date.getTime())) throw new Error("bad cursor");
    return { openedAt: date, id };
  } catch {
    throw new VigilError("bad_request", "cursor is not valid; start again from the first page");
  }
}
