// Embedded PostgreSQL for running Vigil with no database server: PGlite (Postgres 17
// compiled to wasm) behind a Postgres wire-protocol socket, so the app, Prisma's CLI and
// `pg` connect to it exactly as they would to a real server. It executes one query at a
// time; a connection waits while another holds a transaction open or is mid-query.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { isProcessAlive } from "@/lib/process";

export type EmbeddedPostgres = {
  url: string;
  port: number;
  dataDir: string | null;
  /** The data directory as a tarball, for `startEmbeddedPostgres({ from })`. */
  dump: () => Promise<Blob>;
  stop: () => Promise<void>;
};

export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Refuses a second process on the same data directory: two writers would corrupt it. */
function takeLock(dataDir: string): () => void {
  const lockFile = path.join(dataDir, "vigil.lock");
  try {
    const holder = Number(readFileSync(lockFile, "utf8"));
    if (holder && holder !== process.pid && isProcessAlive(holder)) {
      throw new Error(`the embedded database in ${dataDir} is in use by process ${holder}; stop it or use --ephemeral`);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

// Extended-protocol messages after which the connection's query is not over until its Sync.
const MID_QUERY = new Set(["P", "B", "D", "E", "C", "H"].map((c) => c.charCodeAt(0)));
const READY_FOR_QUERY = "Z".charCodeAt(0);

/**
 * Passes a response on without its ReadyForQuery messages. The response comes in chunks
 * that need not end on a message boundary, so a header cut in two waits for the next chunk.
 */
export function withoutReadyForQuery(forward: (data: Uint8Array) => void): (data: Uint8Array) => void {
  let held = Buffer.alloc(0); // the start of a message whose 5-byte header is not all here yet
  let left = 0; // bytes of the current message still to come
  let keep = true;
  return (chunk) => {
    const data = held.length ? Buffer.concat([held, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    held = Buffer.alloc(0);
    const kept: Buffer[] = [];
    for (let at = 0; at < data.length;) {
      if (left === 0) {
        if (data.length - at < 5) {
          held = Buffer.from(data.subarray(at));
          break;
        }
        keep = data[at] !== READY_FOR_QUERY;
        left = 1 + data.readInt32BE(at + 1);
      }
      const end = Math.min(at + left, data.length);
      if (keep) kept.push(data.subarray(at, end));
      left -= end - at;
      at = end;
    }
    if (kept.length) forward(kept.length === 1 ? kept[0]! : Buffer.concat(kept));
  };
}

/**
 * PGlite is a single session, which pglite-socket shares between connections, keeping one
 * connection's messages together only while a transaction is open (electric-sql/pglite#1046).
 * A query is Parse, Bind, Describe, Execute, Sync — several messages — so two connections'
 * queries interleaved: one bound the other's unnamed statement, and failed or read the wrong
 * rows. Reporting "in a transaction" from a query's first message to its Sync makes the
 * socket's queue keep that connection's messages together, as a real server would.
 *
 * And a failed query got two ReadyForQuery: PGlite (given one message at a time by
 * pglite-socket) ends its answer to a Parse, Bind or Execute that fails with a ReadyForQuery,
 * where Postgres sends none until the Sync, which gets its own. A client whose next query
 * (the ROLLBACK after a unique violation) was out when the second one came took it as that
 * query's answer, then got the real answer with no query waiting ("unexpected
 * commandComplete"): the connection became unusable, left its session in the aborted
 * transaction, and every other connection waited for it. Whether both arrive in one read is
 * timing, so it showed only under load or from another process. ReadyForQuery answers Sync,
 * never the extended-protocol messages before it, so it is dropped from those answers.
 */
function oneQueryAtATime(db: PGlite): PGlite {
  let midQuery = false;
  const execProtocolRawStream: PGlite["execProtocolRawStream"] = async (message, options) => {
    const type = message[0] ?? 0;
    try {
      const onRawData = MID_QUERY.has(type) ? withoutReadyForQuery(options.onRawData) : options.onRawData;
      return await db.execProtocolRawStream(message, { ...options, onRawData });
    } finally {
      midQuery = MID_QUERY.has(type);
    }
  };
  // The queue's ROLLBACK for a connection that went away in the middle: it holds nothing now.
  const exec: PGlite["exec"] = (query, options) => {
    midQuery = false;
    return db.exec(query, options);
  };
  const isInTransaction = () => midQuery || db.isInTransaction();
  const overrides: Record<PropertyKey, unknown> = { execProtocolRawStream, exec, isInTransaction };
  return new Proxy(db, {
    get(target, property) {
      if (property in overrides) return overrides[property];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export type EmbeddedOptions = {
  dataDir?: string;
  port?: number;
  /** A `dump()` of another server: this one starts in memory as a copy of it (no initdb). */
  from?: Blob;
  /** PGlite's wasm, compiled once by a caller that starts many servers: they share its code. */
  wasmModule?: WebAssembly.Module;
};

export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : null;
  let release = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    release = takeLock(dataDir);
  }
  // PGlite keeps its files in a sub-folder so the lock file never mixes with them.
  const db = new PGlite({
    dataDir: dataDir ? path.join(dataDir, "pgdata") : undefined,
    loadDataDir: options.from,
    pgliteWasmModule: options.wasmModule,
  });
  await db.waitReady;
  const port = options.port ?? (await freePort());
  const server = new PGLiteSocketServer({ db: oneQueryAtATime(db), port, host: "127.0.0.1", maxConnections: 100 });
  await server.start();
  let stopped = false;
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    port,
    dataDir,
    dump: () => db.dumpDataDir("none"),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
      release();
    },
  };
}
