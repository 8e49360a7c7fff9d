// Connection-pool exhaustion as each client reports it (HikariCP, SQLAlchemy QueuePool, pg-pool,
// knex, Prisma, database/sql, Npgsql, SqlClient), the signs of a leak, and the server refusing
// clients (PostgreSQL "too many clients", MySQL 1040).
import { phrase, say, type Phrase } from "./phrase";
import type { Gen } from "./rng";
import type { Runtime } from "./runtimes";

export type Pool = { size: number; waiting: number; timeoutMs: number };

export function poolTimeout(g: Gen, rt: Runtime, p: Pool): Phrase {
  switch (rt) {
    case "java":
      return phrase(
        [
          say(
            "error",
            `HikariPool-1 - Connection is not available, request timed out after ${p.timeoutMs}ms (total=${p.size}, active=${p.size}, idle=0, waiting=${p.waiting})`,
            { logger: "com.zaxxer.hikari.pool.HikariPool" },
          ),
        ],
        `Connection is not available, request timed out after ${p.timeoutMs}ms`,
      );
    case "python":
      return phrase(
        [
          say(
            "error",
            `sqlalchemy.exc.TimeoutError: QueuePool limit of size ${p.size} overflow ${Math.round(p.size / 2)} reached, connection timed out, timeout ${(p.timeoutMs / 1000).toFixed(2)} (Background on this error at: https://sqlalche.me/e/20/3o7r)`,
          ),
        ],
        `QueuePool limit of size ${p.size} overflow ${Math.round(p.size / 2)} reached`,
      );
    case "node":
      return g.chance(0.5)
        ? phrase(
            [
              say("error", "Error: timeout exceeded when trying to connect", {
                fields: { pool: "pg", totalCount: p.size, idleCount: 0, waitingCount: p.waiting },
              }),
            ],
            "timeout exceeded when trying to connect",
          )
        : phrase(
            [
              say(
                "error",
                `Timed out fetching a new connection from the connection pool. More info: http://pris.ly/d/connection-pool (Current connection pool timeout: ${p.timeoutMs / 1000}, connection limit: ${p.size})`,
                { fields: { code: "P2024" } },
              ),
            ],
            "Timed out fetching a new connection from the connection pool",
          );
    case "go":
      return phrase(
        [
          say("error", "query failed: failed to acquire connection: context deadline exceeded", {
            fields: { pool_max: p.size, waiting: p.waiting },
          }),
        ],
        "failed to acquire connection: context deadline exceeded",
      );
    case "dotnet":
    case "nginx":
      return g.chance(0.5)
        ? phrase(
            [
              say(
                "error",
                `Npgsql.NpgsqlException (0x80004005): The connection pool has been exhausted, either raise 'Max Pool Size' (currently ${p.size}) or 'Timeout' (currently ${p.timeoutMs / 1000} seconds) in your connection string.`,
                { logger: "Microsoft.EntityFrameworkCore.Database.Connection", fields: { eventId: 20004 } },
              ),
            ],
            "The connection pool has been exhausted",
          )
        : phrase(
            [
              say(
                "error",
                "System.InvalidOperationException: Timeout expired.  The timeout period elapsed prior to obtaining a connection from the pool.  This may have occurred because all pooled connections were in use and max pool size was reached.",
                { logger: "Microsoft.EntityFrameworkCore.Database.Connection" },
              ),
            ],
            "all pooled connections were in use and max pool size was reached",
          );
  }
}

/** The periodic info line with the decisive numbers. */
export function poolStats(rt: Runtime, size: number, active: number, waiting: number): Phrase {
  const idle = Math.max(0, size - active);
  switch (rt) {
    case "java":
      return phrase(
        [
          say("info", `HikariPool-1 - Pool stats (total=${size}, active=${active}, idle=${idle}, waiting=${waiting})`, {
            logger: "com.zaxxer.hikari.pool.HikariPool",
            fields: { thread: "HikariPool-1 housekeeper" },
          }),
        ],
        `active=${active}, idle=${idle}, waiting=${waiting}`,
      );
    case "go":
      return phrase(
        [say("info", `db stats: max_open=${size} open=${size} in_use=${active} idle=${idle} wait_count=${waiting * 40}`)],
        `in_use=${active} idle=${idle}`,
      );
    case "node":
      return phrase(
        [say("info", `pg pool stats: totalCount=${size} idleCount=${idle} waitingCount=${waiting}`)],
        `idleCount=${idle} waitingCount=${waiting}`,
      );
    case "python":
      return phrase(
        [
          say(
            "info",
            `Pool size: ${size}  Connections in pool: ${idle} Current Overflow: ${Math.round(size / 2)} Current Checked out connections: ${active}`,
            { logger: "sqlalchemy.pool.impl.QueuePool" },
          ),
        ],
        `Current Checked out connections: ${active}`,
      );
    case "dotnet":
    case "nginx":
      return phrase(
        [say("info", `Npgsql pool stats: busy=${active} idle=${idle} max=${size} waiting=${waiting}`)],
        `busy=${active} idle=${idle}`,
      );
  }
}

/** The workload itself holds connections it never returns. */
export function leakSign(g: Gen, rt: Runtime): Phrase {
  switch (rt) {
    case "java":
      return phrase(
        [
          say(
            "warn",
            `Connection leak detection triggered for org.postgresql.jdbc.PgConnection@${g.hex(8)} on thread http-nio-8080-exec-${g.int(1, 200)}, stack trace follows`,
            {
              logger: "com.zaxxer.hikari.pool.ProxyLeakTask",
              stack: [
                "java.lang.Exception: Apparent connection leak detected",
                `\tat com.acme.export.ExportService.stream(ExportService.java:${g.int(40, 200)})`,
              ],
            },
          ),
        ],
        "Connection leak detection triggered",
      );
    case "python":
      return phrase(
        [
          say(
            "warn",
            `SAWarning: The garbage collector is trying to clean up non-checked-in connection <AdaptedConnection <asyncpg.connection.Connection object at 0x7f${g.hex(10)}>>, which will be dropped, as it cannot be safely terminated. Please ensure that SQLAlchemy pooled connections are returned to the pool explicitly, please make use of context managers or try/finally blocks.`,
            { raw: true },
          ),
        ],
        "non-checked-in connection",
      );
    case "node":
      return phrase(
        [
          say(
            "error",
            "KnexTimeoutError: Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?",
          ),
        ],
        "Are you missing a .transacting(trx) call?",
      );
    case "go":
      return phrase(
        [
          say("warn", "transaction not closed after handler returned", {
            fields: { handler: "ExportCSV", held_for: `${g.int(60, 900)}s` },
          }),
        ],
        "transaction not closed after handler returned",
      );
    case "dotnet":
    case "nginx":
      return phrase(
        [say("warn", `DbContext of type 'AppDbContext' was not disposed; connection held for ${g.int(60, 900)}s by request /api/export`)],
        "was not disposed; connection held for",
      );
  }
}

/** The database server refuses new clients: its connection limit is reached. */
export function tooManyClients(g: Gen, rt: Runtime, mysql: boolean, host: string): Phrase {
  if (mysql) {
    const m = {
      java: "Data source rejected establishment of connection,  message from server: Too many connections",
      go: "Error 1040 (08004): Too many connections",
      node: "Error: Too many connections (ER_CON_COUNT_ERROR)",
      python: "(pymysql.err.OperationalError) (1040, 'Too many connections')",
      dotnet: "MySqlConnector.MySqlException (0x80004005): Too many connections",
      nginx: "Too many connections",
    }[rt];
    return phrase([say("error", m)], "Too many connections");
  }
  const m = {
    java: "org.postgresql.util.PSQLException: FATAL: sorry, too many clients already",
    go: "FATAL: sorry, too many clients already (SQLSTATE 53300)",
    node: "error: sorry, too many clients already",
    python: `(psycopg2.OperationalError) connection to server at '${host}', port 5432 failed: FATAL:  sorry, too many clients already`,
    dotnet: "Npgsql.PostgresException (0x80004005): 53300: sorry, too many clients already",
    nginx: "sorry, too many clients already",
  }[rt];
  return phrase([say("error", m, { fields: g.chance(0.3) ? { sqlstate: "53300" } : undefined })], "too many clients already");
}
