// The embedded database when a statement fails mid-query while other connections are busy:
// the failing client gets its 23505, its ROLLBACK gets ROLLBACK's own answer, and every
// connection keeps getting its own rows — as on a real server. Runs its own embedded server
// whatever VIGIL_TEST_DB says.
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDeploy } from "@/lib/db/migrate";
import { unique } from "@/lib/testing/database";

const READY_FOR_QUERY = "Z".charCodeAt(0);

/**
 * A TCP hop that hands the client the server's answers one response (up to each
 * ReadyForQuery) at a time, a few ms apart — what a client in another process or on a busy
 * machine sees. In one process a client otherwise reads back-to-back writes in one go.
 */
async function responsesApart(port: number): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const hop = net.createServer((client) => {
    const upstream = net.connect(port, "127.0.0.1");
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(a);
      a.on("close", () => (sockets.delete(a), b.destroy()));
      a.on("error", () => a.destroy());
    }
    client.on("data", (data) => upstream.write(data));
    let buffered = Buffer.alloc(0);
    let sent = Promise.resolve();
    upstream.on("data", (data: Buffer) => {
      buffered = Buffer.concat([buffered, data]);
      // Cut after each whole ReadyForQuery; anything after the last one waits for more.
      for (let at = 0; buffered.length - at >= 5;) {
        const end = at + 1 + buffered.readInt32BE(at + 1);
        if (end > buffered.length) break;
        if (buffered[at] === READY_FOR_QUERY) {
          const response = buffered.subarray(0, end);
          sent = sent.then(async () => void client.write(response)).then(() => sleep(15));
          buffered = buffered.subarray(end);
          at = 0;
        } else at = end;
      }
    });
  });
  await new Promise<void>((resolve) => hop.listen(0, "127.0.0.1", resolve));
  const { port: hopPort } = hop.address() as net.AddressInfo;
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${hopPort}/postgres?sslmode=disable`,
    close: () => new Promise((resolve) => (sockets.forEach((s) => s.destroy()), hop.close(() => resolve()))),
  };
}

let server: EmbeddedPostgres;
let hop: Awaited<ReturnType<typeof responsesApart>>;
const clients: pg.Client[] = [];
const connectionErrors: string[] = [];

async function connect(url: string): Promise<pg.Client> {
  // A hang is the failure mode being tested: fail the query fast instead.
  const client = new pg.Client({ connectionString: url, query_timeout: 8_000 });
  client.on("error", (err) => connectionErrors.push(err.message));
  clients.push(client);
  await client.connect();
  return client;
}

/** Clients querying in a loop and checking their rows until stop(), which rethrows a failure. */
function busy(others: pg.Client[]): { stop: () => Promise<number[]> } {
  let stopped = false;
  const loops = others.map(async (client) => {
    let rounds = 0;
    try {
      for (; !stopped; rounds++) {
        expect((await client.query("SELECT v FROM probe WHERE id = $1", [1])).rows).toEqual([{ v: "one" }]);
        expect((await client.query("SELECT id FROM probe WHERE v = 'one'")).rows).toEqual([{ id: 1 }]);
      }
      return { rounds };
    } catch (error) {
      stopped = true; // the test fails at stop(); meanwhile, no more queries
      return { error };
    }
  });
  return {
    stop: async () => {
      stopped = true;
      return (await Promise.all(loops)).map((loop) => {
        if ("error" in loop) throw loop.error;
        return loop.rounds;
      });
    },
  };
}

const failingInsert = {
  extended: (client: pg.Client) => client.query("INSERT INTO probe VALUES ($1, $2)", [1, "dup"]),
  simple: (client: pg.Client) => client.query("INSERT INTO probe VALUES (1, 'dup')"),
};

async function expectUniqueViolation(query: Promise<unknown>) {
  await expect(query).rejects.toMatchObject({ code: "23505" });
}

beforeAll(async () => {
  server = await startEmbeddedPostgres();
  await migrateDeploy(server.url, { quiet: true });
  hop = await responsesApart(server.port);
  const setup = await connect(server.url);
  await setup.query("CREATE TABLE probe (id int PRIMARY KEY, v text NOT NULL); INSERT INTO probe VALUES (1, 'one')");
}, 60_000);

beforeEach(() => {
  connectionErrors.length = 0;
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end()));
  await hop?.close();
  await server?.stop();
});

describe("embedded database: a statement that fails mid-query", () => {
  it.each(["extended", "simple"] as const)(
    "rolls back a transaction after a %s-protocol unique violation while others query",
    async (protocol) => {
      const [failing, b, c] = [await connect(hop.url), await connect(server.url), await connect(server.url)];
      const others = busy([b, c]);
      for (let round = 0; round < 4; round++) {
        await failing.query("BEGIN");
        await failing.query("INSERT INTO probe VALUES ($1, $2)", [1000 + round, "rolled back"]);
        await expectUniqueViolation(failingInsert[protocol](failing));
        expect((await failing.query("ROLLBACK")).command).toBe("ROLLBACK");
        // Pipelined: the ROLLBACK is queued in the client before the error comes back.
        await failing.query("BEGIN");
        const [dup, rollback] = [failingInsert[protocol](failing), failing.query("ROLLBACK")];
        await expectUniqueViolation(dup);
        expect((await rollback).command).toBe("ROLLBACK");
      }
      expect((await others.stop()).every((rounds) => rounds > 0)).toBe(true);
      expect((await failing.query("SELECT id, v FROM probe ORDER BY id")).rows).toEqual([{ id: 1, v: "one" }]);
      expect(connectionErrors).toEqual([]);
    },
  );

  it("answers the query after a failed one outside a transaction with its own rows", async () => {
    const [failing, b] = [await connect(hop.url), await connect(server.url)];
    const others = busy([b]);
    for (let round = 0; round < 4; round++) {
      // A bind error (not an int) and an execute error, each followed at once by a good query.
      const [badBind, afterBind] = [failing.query("SELECT $1::int AS n", ["one"]), failing.query("SELECT $1::int AS n", [round])];
      await expect(badBind).rejects.toMatchObject({ code: "22P02" });
      expect((await afterBind).rows).toEqual([{ n: round }]);
      await expectUniqueViolation(failingInsert.extended(failing));
      expect((await failing.query("SELECT v FROM probe WHERE id = $1", [1])).rows).toEqual([{ v: "one" }]);
    }
    await others.stop();
    expect(connectionErrors).toEqual([]);
  });

  it("passes a large result of the extended protocol on whole", async () => {
    const client = await connect(server.url);
    const { rows } = await client.query("SELECT g AS n, repeat('x', $2::int) AS pad FROM generate_series(1, $1::int) g", [5000, 100]);
    expect(rows).toHaveLength(5000);
    expect(rows.every((row: { n: number; pad: string }, i) => row.n === i + 1 && row.pad.length === 100)).toBe(true);
  });

  it("keeps two transactions on different connections apart when one fails", async () => {
    const [failing, committing, c] = [await connect(hop.url), await connect(hop.url), await connect(server.url)];
    const others = busy([c]);
    const ids = [2000, 2001, 2002, 2003];
    await Promise.all([
      (async () => {
        for (const id of ids) {
          await failing.query("BEGIN");
          await failing.query("INSERT INTO probe VALUES ($1, $2)", [id + 100, "rolled back"]);
          await expectUniqueViolation(failingInsert.extended(failing));
          expect((await failing.query("ROLLBACK")).command).toBe("ROLLBACK");
        }
      })(),
      (async () => {
        for (const id of ids) {
          await committing.query("BEGIN");
          await committing.query("INSERT INTO probe VALUES ($1, $2)", [id, "committed"]);
          expect((await committing.query("COMMIT")).command).toBe("COMMIT");
        }
      })(),
    ]);
    await others.stop();
    const { rows } = await c.query("SELECT id FROM probe WHERE id >= $1 ORDER BY id", [2000]);
    expect(rows.map((r: { id: number }) => r.id)).toEqual(ids);
    await c.query("DELETE FROM probe WHERE id >= $1", [2000]);
    expect(connectionErrors).toEqual([]);
  });

  it("rolls back a Prisma interactive transaction that hits P2002, and every client can query after", async () => {
    const { db, pool } = createDb(hop.url, 3);
    const elsewhere = createDb(server.url, 2);
    const email = `${unique("taken")}@example.com`;
    await elsewhere.db.user.create({ data: { email, passwordHash: "x" } });
    const others = busy([await connect(server.url)]);
    try {
      for (let round = 0; round < 3; round++) {
        const [failed, seen] = await Promise.all([
          db
            .$transaction(async (tx) => {
              await tx.user.create({ data: { email: `${unique("rolled-back")}@example.com`, passwordHash: "x" } });
              await tx.user.create({ data: { email, passwordHash: "x" } });
            })
            .then(
              () => null,
              (err: unknown) => err,
            ),
          elsewhere.db.user.findUnique({ where: { email } }),
        ]);
        expect(failed).toMatchObject({ code: "P2002" });
        expect(seen?.email).toBe(email);
        expect(await db.user.count({ where: { email: { startsWith: "rolled-back-" } } })).toBe(0);
      }
      await others.stop();
      expect(await db.user.count({ where: { email } })).toBe(1);
      expect(connectionErrors).toEqual([]);
    } finally {
      await Promise.all([db.$disconnect(), elsewhere.db.$disconnect()]);
      await Promise.all([pool.end(), elsewhere.pool.end()]);
    }
  });
});
