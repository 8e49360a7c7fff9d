// The demo's control API, for the console's Demo page (through Vigil's own authenticated
// /api/demo route) and for scripts: the workloads as they are now, the active faults, and
// injecting or clearing one. Bearer-token protected; bound to the loopback interface.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { bearerToken, tokenMatches } from "@/lib/http/bearer";
import { readNodeBody } from "@/lib/http/node-body";
import { faultKinds, faultTitles, type Simulator } from "@/lib/demo/simulator";
import { demoWorkloads } from "@/lib/demo/app";

export type DemoControl = { url: string; token: string; stop(): Promise<void> };

const injectSchema = z.object({ kind: z.enum(faultKinds), namespace: z.string().min(1).max(63), name: z.string().min(1).max(253) });

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}

export async function startDemoControl(simulator: Simulator, options: { port?: number; token?: string } = {}): Promise<DemoControl> {
  const token = options.token ?? randomBytes(24).toString("base64url");
  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => send(res, 500, { error: err.message }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (!tokenMatches(bearerToken(req.headers.authorization ?? null), token))
      return send(res, 401, { error: "a bearer token is required" });
    const url = new URL(req.url ?? "/", "http://demo.invalid");
    if (req.method === "GET" && url.pathname === "/state") {
      return send(res, 200, {
        workloads: simulator.state().map((s) => ({
          ...s,
          dependsOn: demoWorkloads.find((w) => w.namespace === s.namespace && w.name === s.name)?.dependsOn ?? null,
        })),
        faults: simulator.faults(),
        kinds: faultKinds.map((kind) => ({ kind, title: faultTitles[kind] })),
      });
    }
    if (req.method === "POST" && url.pathname === "/faults") {
      let body: unknown;
      try {
        body = JSON.parse(await readNodeBody(req));
      } catch {
        return send(res, 400, { error: "the body is not JSON" });
      }
      const parsed = injectSchema.safeParse(body);
      if (!parsed.success) return send(res, 400, { error: `invalid fault: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}` });
      try {
        return send(res, 201, simulator.inject(parsed.data.kind, parsed.data));
      } catch (err) {
        return send(res, 409, { error: (err as Error).message });
      }
    }
    const clear = /^\/faults\/([\w.-]+)$/.exec(url.pathname);
    if (req.method === "DELETE" && clear) {
      try {
        return send(res, 200, simulator.clear(clear[1]!));
      } catch (err) {
        return send(res, 404, { error: (err as Error).message });
      }
    }
    return send(res, 404, { error: "not found" });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
