import { describe, expect, it } from "vitest";
import { readLimitedBody } from "@/lib/http/read-body";
import { VigilError } from "@/lib/errors";

function streamed(chunks: string[]): Request {
  const encoder = new TextEncoder();
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled < chunks.length) controller.enqueue(encoder.encode(chunks[pulled++]));
      else controller.close();
    },
  });
  return new Request("http://x/", { method: "POST", body, duplex: "half" } as RequestInit);
}

describe("readLimitedBody", () => {
  it("reads a body within the limit", async () => {
    expect(await readLimitedBody(new Request("http://x/", { method: "POST", body: "hello" }), 10)).toBe("hello");
  });

  it("refuses a declared Content-Length over the limit before reading", async () => {
    const request = new Request("http://x/", { method: "POST", body: "x".repeat(20), headers: { "content-length": "20" } });
    await expect(readLimitedBody(request, 10)).rejects.toMatchObject({ code: "payload_too_large" });
    expect(request.bodyUsed).toBe(false);
  });

  it("stops a chunked body as soon as it crosses the limit", async () => {
    const err = await readLimitedBody(streamed(["aaaa", "bbbb", "cccc", "dddd"]), 10).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VigilError);
    expect((err as VigilError).status).toBe(413);
  });
});
