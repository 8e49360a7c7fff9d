// Reads a request body up to a byte limit, failing as soon as the limit is crossed —
// whether the sender declared a Content-Length or streams it chunked — so an oversized
// body is never buffered whole. For a Fetch API Request (route handlers) and for Node's
// IncomingMessage (lib/alerts/ingest-listener.ts) alike.
import type { IncomingMessage } from "node:http";
import { VigilError } from "@/lib/errors";

function refuseDeclared(contentLength: string | null | undefined, maxBytes: number): number {
  const declared = Number(contentLength ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new VigilError("payload_too_large", `body of ${declared} bytes exceeds the limit of ${maxBytes} bytes`);
  }
  return declared;
}

const tooLarge = (maxBytes: number) => new VigilError("payload_too_large", `body exceeds the limit of ${maxBytes} bytes`);

export async function readLimitedBody(request: Request, maxBytes: number): Promise<string> {
  const declared = refuseDeclared(request.headers.get("content-length"), maxBytes);
  if (!request.body) return "";
  // A declared length within the limit bounds the body already (the HTTP parser reads no more
  // than Content-Length): read it whole, skipping the per-chunk stream reads.
  if (Number.isFinite(declared) && request.headers.get("transfer-encoding") === null) return request.text();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The same for Node's request. Past the limit it stops reading but keeps the socket, so the
 * caller can still answer 413 (and close), which Alertmanager does not retry. */
export function readLimitedNodeBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  refuseDeclared(request.headers["content-length"], maxBytes);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) return void chunks.push(chunk);
      request.off("data", onData);
      request.pause();
      reject(tooLarge(maxBytes));
    };
    request.on("data", onData);
    request.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.once("error", reject);
  });
}
