// A Kubernetes API server in miniature, for the demo and tests: serves a scenario's cluster
// state over the same REST paths a real API server uses, behind a bearer token, so the real
// @kubernetes/client-node code (lib/cluster/kubernetes.ts) reads it unchanged. Runs in the
// Next server, CLI scripts and tests alike, so it has no `server-only` marker.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { bearerToken, tokenMatches } from "@/lib/http/bearer";
import { answerGet, statusAnswer, type ApiAnswer } from "@/lib/cluster/sandbox/api";
import { failure, methodNotAllowed, unauthorized } from "@/lib/cluster/sandbox/status";
import { createClusterStore, type ClusterStore, type SandboxLogs, type SandboxState } from "@/lib/cluster/sandbox/store";

export type SandboxOptions = { state: SandboxState; logs?: SandboxLogs; port?: number; token?: string };

/** What a request asked for; never its headers' secrets. Tests use it to see what the client sent. */
export type RecordedRequest = { method: string; path: string; userAgent: string | undefined };

export type SandboxCluster = {
  url: string;
  token: string;
  store: ClusterStore;
  /** Requests served so far, oldest first (the last 1,000). */
  requests: RecordedRequest[];
  setState(state: SandboxState, logs?: SandboxLogs): void;
  stop(): Promise<void>;
};

const keptRequests = 1000;

function send(res: ServerResponse, answer: ApiAnswer) {
  res.writeHead(answer.code, {
    "Content-Type": answer.contentType,
    "Content-Length": Buffer.byteLength(answer.body),
    "Cache-Control": "no-cache, private",
  });
  res.end(answer.body);
}

export async function startSandboxCluster(options: SandboxOptions): Promise<SandboxCluster> {
  const token = options.token ?? randomBytes(24).toString("base64url");
  const store = createClusterStore(options.state, options.logs);
  const requests: RecordedRequest[] = [];

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    requests.push({ method: req.method ?? "GET", path: url.pathname + url.search, userAgent: req.headers["user-agent"] });
    if (requests.length > keptRequests) requests.shift();
    // Authenticate before looking at anything else, as the API server does.
    if (!tokenMatches(bearerToken(req.headers.authorization ?? null), token)) return send(res, statusAnswer(unauthorized()));
    if (req.method !== "GET") return send(res, statusAnswer(methodNotAllowed()));
    try {
      send(res, answerGet(store, url));
    } catch (err) {
      send(res, statusAnswer(failure(500, "InternalError", `sandbox cluster: ${(err as Error).message}`)));
    }
  }

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    store,
    requests,
    setState: (state, logs) => store.replace(state, logs),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Idle keep-alive connections would hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}
