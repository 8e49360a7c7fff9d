import { describe, expect, it } from "vitest";
import { withoutReadyForQuery } from "@/lib/db/embedded";

/** A backend message: type byte, Int32 length (itself included), body. */
function message(type: string, body: string): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(4 + Buffer.byteLength(body), 1);
  return Buffer.concat([header, Buffer.from(body)]);
}

function passThrough(chunks: Buffer[]): Buffer {
  const out: Uint8Array[] = [];
  const filter = withoutReadyForQuery((data) => out.push(Uint8Array.from(data)));
  for (const chunk of chunks) filter(chunk);
  return Buffer.concat(out);
}

describe("withoutReadyForQuery", () => {
  const error = message("E", "SERROR\0C23505\0Mduplicate key\0\0");
  const rows = [message("T", "one column"), message("D", "x".repeat(300)), message("C", "SELECT 1\0")];
  const ready = message("Z", "E");

  it("drops the ReadyForQuery PGlite puts after a failed extended-protocol message", () => {
    expect(passThrough([Buffer.concat([error, ready])])).toEqual(error);
  });

  it("keeps every other message whole, however the answer is cut into chunks", () => {
    const answer = Buffer.concat([...rows, ready, error, ready]);
    const kept = Buffer.concat([...rows, error]);
    // Every cut point, headers split included, and one byte at a time.
    for (let cut = 1; cut < answer.length; cut++) {
      expect(passThrough([answer.subarray(0, cut), answer.subarray(cut)])).toEqual(kept);
    }
    expect(passThrough([...answer].map((byte) => Buffer.from([byte])))).toEqual(kept);
  });
});
