// Reads a whole node:http request body as text (for the local fakes and test servers,
// whose callers are this repository's own code).
import type { IncomingMessage } from "node:http";

export function readNodeBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
