// Reads a request body up to a byte limit, failing as soon as the limit is crossed —
// whether the sender declared a Content-Length or streams it chunked — so an oversized
// body is never buffered whole.
import { VigilError } from "@/lib/errors";

export async function readLimitedBody(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new VigilError("payload_too_large", `body of ${declared} bytes exceeds the limit of ${maxBytes} bytes`);
  }
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
      throw new VigilError("payload_too_large", `body exceeds the limit of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
