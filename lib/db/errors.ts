// Which database failures a caller may retry: the database is down, restarting, out of
// connections, or a transaction lost a serialization race. Everything else is a bug or
// bad data, and retrying would fail the same way.
const TRANSIENT_SQLSTATE = /^(08|53|57P0|40001|40P01)/;
const TRANSIENT_NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);
// "Client has encountered a connection error": pg, for a query on a connection that dropped
// (the database restarting) within a transaction.
const TRANSIENT_MESSAGES =
  /Connection terminated|Can't reach database|timeout exceeded when trying to connect|Timed out fetching a new connection|DatabaseNotReachable|connection (is )?closed|Client has encountered a connection error/i;
const RACE_SQLSTATE = /^(40001|40P01)$/;

function* causes(err: unknown): Generator<Record<string, unknown>> {
  let current: unknown = err;
  for (let depth = 0; current && typeof current === "object" && depth < 6; depth++) {
    yield current as Record<string, unknown>;
    const c = current as { cause?: unknown; originalError?: unknown };
    current = c.cause ?? c.originalError;
  }
}

function sqlState(e: Record<string, unknown>): string | undefined {
  const code = e.code ?? e.originalCode ?? (e.meta as Record<string, unknown> | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

export function isTransientDbError(err: unknown): boolean {
  for (const e of causes(err)) {
    const code = sqlState(e);
    if (code && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE_CODES.has(code))) return true;
    if (code === "P1001" || code === "P1017" || code === "P2024" || code === "P2034") return true;
    if (typeof e.message === "string" && TRANSIENT_MESSAGES.test(e.message)) return true;
    if (e.kind === "TransactionWriteConflict" || e.kind === "DatabaseNotReachable") return true;
  }
  return false;
}

/** Serialization failures and deadlocks: the transaction itself can simply run again. */
export function isRetryableRace(err: unknown): boolean {
  for (const e of causes(err)) {
    const code = sqlState(e);
    if (code && (RACE_SQLSTATE.test(code) || code === "P2034")) return true;
    if (e.kind === "TransactionWriteConflict") return true;
  }
  return false;
}
