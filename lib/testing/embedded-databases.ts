// A database per integration test file on the embedded PostgreSQL. A PGlite instance is one
// session on one database, so each file gets an instance of its own: a copy of one migrated
// template, loaded from its dump (no initdb, no migrations), all sharing one compiled wasm.
// They live in a process of their own (lib/testing/embedded-database-host.ts), not in
// vitest's main process: loading one blocks its thread for a few hundred ms, and the main
// process serves the workers' module imports. The next file's instance is loaded when a file
// gives its own back, while the next worker starts, so a file rarely waits for one.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../db/embedded";
import { migrateDeploy } from "../db/migrate";

export type EmbeddedDatabases = {
  /** POST `${url}` opens a database ({ id, url }); DELETE `${url}/<id>` stops it. */
  url: string;
  stop: () => Promise<void>;
};

async function compiledPglite(): Promise<WebAssembly.Module> {
  const dist = path.dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  return WebAssembly.compile(await readFile(path.join(dist, "pglite.wasm")));
}

export async function startEmbeddedDatabases(): Promise<EmbeddedDatabases> {
  const wasmModule = await compiledPglite();
  const template = await startEmbeddedPostgres({ wasmModule });
  let dump: Blob;
  try {
    await migrateDeploy(template.url, { quiet: true });
    dump = await template.dump();
  } finally {
    await template.stop();
  }

  const open = new Map<string, EmbeddedPostgres>();
  const prepare = () => {
    const next = startEmbeddedPostgres({ from: dump, wasmModule });
    next.catch(() => {}); // a failed start is reported to the file that asks for this one
    return next;
  };
  let spare: Promise<EmbeddedPostgres> | null = prepare();

  async function handle(req: IncomingMessage, res: ServerResponse, base: string) {
    if (req.method === "POST" && req.url === base) {
      const next = spare ?? prepare();
      spare = null;
      const db = await next;
      open.set(String(db.port), db);
      return res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ id: String(db.port), url: db.url }));
    }
    const id = req.url?.startsWith(`${base}/`) ? req.url.slice(base.length + 1) : null;
    if (req.method === "DELETE" && id !== null) {
      await open.get(id)?.stop();
      open.delete(id);
      // Not before: loading blocks this process, and with it the database of the file running.
      if (open.size === 0) spare ??= prepare();
      return res.writeHead(204).end();
    }
    res.writeHead(404).end();
  }

  // The path is a secret so that only this run's test files open databases.
  const base = `/${randomBytes(12).toString("hex")}/databases`;
  const server = createServer((req, res) => {
    handle(req, res, base).catch((err: Error) => res.writeHead(500, { "Content-Type": "text/plain" }).end(err.message));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const unused = await spare?.catch(() => null);
      await Promise.all([...open.values(), ...(unused ? [unused] : [])].map((db) => db.stop()));
      open.clear();
    },
  };
}
