// A Kubernetes API server in miniature, for the demo and tests: serves a scenario's cluster
// state over the same REST paths a real API server uses, behind a bearer token, so the real
// @kubernetes/client-node code (lib/cluster/kubernetes.ts) reads and patches it unchanged.
// Tests can inject failures and see what was sent. Runs in the Next server, CLI scripts and
// tests alike, so it has no `server-only` marker.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { bearerToken, tokenMatches } from "@/lib/http/bearer";
import { answerGet, statusAnswer, type ApiAnswer } from "@/lib/cluster/sandbox/api";
import type { ControllerOptions } from "@/lib/cluster/sandbox/controller";
import { createFaults, faultStatus, type Fault } from "@/lib/cluster/sandbox/faults";
import { answerPatch } from "@/lib/cluster/sandbox/patch-api";
import { failure, methodNotAllowed, requestEntityTooLarge, unauthorized } from "@/lib/cluster/sandbox/status";
import { createClusterStore, type ClusterStore, type LogSource, type SandboxLogs, type SandboxState } from "@/lib/cluster/sandbox/store";

export type SandboxOptions = {
  state: SandboxState;
  logs?: SandboxLogs;
  logSource?: LogSource;
  port?: number;
  token?: string;
  /** How the built-in controllers bring pods up (all Ready by default) and what time they stamp. */
  controller?: ControllerOptions;
};

/**
 * What a request asked for; never its headers' secrets. Tests use it to see what the client
 * sent. Writes also keep their content type, query and body (parsed when it is JSON).
 */
export type RecordedRequest = {
  method: string;
  path: string;
  userAgent: string | undefined;
  contentType?: string;
  query?: Record<string, string>;
  body?: unknown;
};

export type SandboxCluster = {
  url: string;
  token: string;
  store: ClusterStore;
  /** Requests served so far, oldest first (the last 1,000). */
  requests: RecordedRequest[];
  setState(state: SandboxState, logs?: SandboxLogs): void;
  /** Makes the next matching request(s) fail with a Status or hang; see Fault. */
  injectFault(fault: Fault): void;
  clearFaults(): void;
  stop(): Promise<void>;
};

const keptRequests = 1000;
const maxBodyBytes = 3 * 1024 * 1024; // the API server's limit on a request body

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > maxBodyBytes ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parsedBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

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
  const store = createClusterStore(options.state, options.logs, options.logSource);
  const requests: RecordedRequest[] = [];

  const faults = createFaults();

  function record(entry: RecordedRequest) {
    requests.push(entry);
    if (requests.length > keptRequests) requests.shift();
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    const method = req.method ?? "GET";
    const userAgent = req.headers["user-agent"];
    const reading = method === "GET" || method === "HEAD";
    const body = reading ? "" : await readBody(req);
    record({
      method,
      path: url.pathname + url.search,
      userAgent,
      ...(reading
        ? {}
        : {
            contentType: req.headers["content-type"],
            query: Object.fromEntries(url.searchParams),
            body: body === null ? undefined : parsedBody(body),
          }),
    });
    // Authenticate before looking at anything else, as the API server does.
    if (!tokenMatches(bearerToken(req.headers.authorization ?? null), token)) return send(res, statusAnswer(unauthorized()));
    const fault = faults.take(method, url.pathname + url.search);
    if (fault?.hang) return; // no answer; stop() closes the connection
    if (fault) return send(res, statusAnswer(faultStatus(fault.status!)));
    if (body === null) return send(res, statusAnswer(requestEntityTooLarge(`limit is ${maxBodyBytes} bytes`)));
    if (method === "GET") return send(res, answerGet(store, url));
    if (method === "PATCH") {
      const contentType = req.headers["content-type"];
      return send(res, answerPatch(store, url, { contentType, body, userAgent }, options.controller));
    }
    send(res, statusAnswer(methodNotAllowed()));
  }

  function serve(req: IncomingMessage, res: ServerResponse) {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, statusAnswer(failure(500, "InternalError", `sandbox cluster: ${(err as Error).message}`)));
    });
  }

  const server = createServer(serve);
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
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Idle keep-alive connections would hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}
