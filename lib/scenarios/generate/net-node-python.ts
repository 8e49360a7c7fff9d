// How Node (pg, mysql2, ioredis, kafkajs, undici/axios) and Python (psycopg2, PyMySQL, redis-py,
// librdkafka, requests/httpx) report a peer that refuses, times out, does not resolve, or
// presents an expired certificate.
import { phrase, say, type NetCtx, type NetMode, type Peer, type Phrase } from "./phrase";
import type { Gen } from "./rng";

const at = (p: Peer) => `${p.ip}:${p.port}`;

export function nodeNet(g: Gen, p: Peer, mode: NetMode): Phrase {
  if (mode === "dns") {
    const code = g.pick(["ENOTFOUND", "EAI_AGAIN"]);
    return phrase(
      [say("error", `getaddrinfo ${code} ${p.host}`, { fields: { code, syscall: "getaddrinfo", hostname: p.host } })],
      `getaddrinfo ${code} ${p.host}`,
    );
  }
  if (mode === "tls-expired") {
    return phrase(
      [
        say("error", `request to https://${p.host}${p.path ?? "/"} failed, reason: certificate has expired`, {
          fields: { code: "CERT_HAS_EXPIRED", type: "system" },
        }),
      ],
      "reason: certificate has expired",
    );
  }
  const refused = mode === "refused";
  switch (p.kind) {
    case "postgres":
      return refused
        ? phrase(
            [
              say("error", `connect ECONNREFUSED ${at(p)}`, {
                fields: { errno: -111, code: "ECONNREFUSED", syscall: "connect", address: p.ip, port: p.port },
              }),
            ],
            `connect ECONNREFUSED ${at(p)}`,
          )
        : phrase(
            [
              say("error", "Connection terminated due to connection timeout", {
                stack: [
                  "Error: Connection terminated due to connection timeout",
                  "    at Client._handleErrorEvent (/app/node_modules/pg/lib/client.js:96:26)",
                  "    at Connection.<anonymous> (/app/node_modules/pg/lib/client.js:160:14)",
                ],
              }),
            ],
            "Connection terminated due to connection timeout",
          );
    case "mysql":
      return phrase(
        [
          say("error", `${refused ? "connect ECONNREFUSED" : "connect ETIMEDOUT"} ${at(p)}`, {
            fields: { code: refused ? "ECONNREFUSED" : "ETIMEDOUT", fatal: true },
          }),
        ],
        `${refused ? "connect ECONNREFUSED" : "connect ETIMEDOUT"} ${at(p)}`,
      );
    case "redis":
      return phrase(
        [say("error", `[ioredis] Unhandled error event: Error: ${refused ? "connect ECONNREFUSED" : "connect ETIMEDOUT"} ${at(p)}`)],
        `${refused ? "connect ECONNREFUSED" : "connect ETIMEDOUT"} ${at(p)}`,
      );
    case "kafka":
      return phrase(
        [
          say(
            "error",
            `[Connection] Connection error: ${refused ? "connect ECONNREFUSED" : "Connection timeout"} ${refused ? at(p) : ""}`.trim(),
            { fields: { broker: `${p.host}:${p.port}`, clientId: p.name } },
          ),
          say(
            "error",
            "[BrokerPool] Failed to connect to seed broker, trying another broker from the list: KafkaJSNumberOfRetriesExceeded",
          ),
        ],
        refused ? `connect ECONNREFUSED ${at(p)}` : "Failed to connect to seed broker",
      );
    case "http":
      return refused
        ? phrase(
            [
              say("error", `${p.name} request failed: fetch failed`, { fields: { cause: `connect ECONNREFUSED ${at(p)}` } }),
              say("error", `TypeError: fetch failed (cause: Error: connect ECONNREFUSED ${at(p)})`),
            ],
            `connect ECONNREFUSED ${at(p)}`,
          )
        : ((ms) =>
            phrase(
              [
                say("error", `${p.name} request failed: timeout of ${ms}ms exceeded`, {
                  fields: { code: "ECONNABORTED", url: `https://${p.host}${p.path ?? "/"}` },
                }),
              ],
              `timeout of ${ms}ms exceeded`,
            ))(g.pick([5000, 10000, 15000]));
  }
}

export function pythonNet(g: Gen, p: Peer, mode: NetMode, c: NetCtx): Phrase {
  if (mode === "dns") {
    const err = g.pick(["[Errno -2] Name or service not known", "[Errno -3] Temporary failure in name resolution"]);
    if (p.kind === "http")
      return phrase(
        [
          say(
            "error",
            `HTTPSConnectionPool(host='${p.host}', port=443): Max retries exceeded with url: ${p.path ?? "/"} (Caused by NameResolutionError(Failed to resolve '${p.host}' (${err})))`,
          ),
        ],
        `Failed to resolve '${p.host}'`,
      );
    if (p.kind === "postgres")
      return phrase(
        [
          say(
            "error",
            `(psycopg2.OperationalError) could not translate host name '${p.host}' to address: ${err.replace(/\[Errno -\d\] /, "")}`,
          ),
        ],
        `could not translate host name '${p.host}' to address`,
      );
    return phrase(
      [
        say("error", `Error connecting to ${p.host}:${p.port}. socket.gaierror: ${err}.`, {
          stack: [
            "Traceback (most recent call last):",
            '  File "/usr/local/lib/python3.12/socket.py", line 963, in getaddrinfo',
            "    for res in _socket.getaddrinfo(host, port, family, type, proto, flags):",
            `socket.gaierror: ${err}`,
          ],
        }),
      ],
      `socket.gaierror: ${err}`,
    );
  }
  if (mode === "tls-expired") {
    return phrase(
      [
        say(
          "error",
          `HTTPSConnectionPool(host='${p.host}', port=443): Max retries exceeded with url: ${p.path ?? "/"} (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)')))`,
        ),
      ],
      "certificate verify failed: certificate has expired",
    );
  }
  const refused = mode === "refused";
  switch (p.kind) {
    case "postgres":
      return phrase(
        [
          say(
            "error",
            `(psycopg2.OperationalError) connection to server at '${p.host}' (${p.ip}), port ${p.port} failed: ${refused ? "Connection refused" : "timeout expired"}`,
            { logger: "sqlalchemy.pool.impl.QueuePool" },
          ),
        ],
        `port ${p.port} failed: ${refused ? "Connection refused" : "timeout expired"}`,
      );
    case "mysql":
      return phrase(
        [
          say(
            "error",
            `(pymysql.err.OperationalError) (2003, Can't connect to MySQL server on '${p.host}' (${refused ? "[Errno 111] Connection refused" : "timed out"}))`,
          ),
        ],
        `Can't connect to MySQL server on '${p.host}'`,
      );
    case "redis":
      return refused
        ? phrase(
            [say("error", `redis.exceptions.ConnectionError: Error 111 connecting to ${p.host}:${p.port}. Connection refused.`)],
            `Error 111 connecting to ${p.host}:${p.port}. Connection refused.`,
          )
        : phrase([say("error", "redis.exceptions.TimeoutError: Timeout connecting to server")], "Timeout connecting to server");
    case "kafka": {
      const ts = (c.now / 1000 - g.int(1, 30)).toFixed(3);
      const line = `%3|${ts}|FAIL|rdkafka#producer-1| [thrd:${p.host}:${p.port}/bootstrap]: ${p.host}:${p.port}/bootstrap: Connect to ipv4#${at(p)} failed: ${refused ? "Connection refused" : "Connection timed out"} (after ${refused ? 0 : 30012}ms in state CONNECT)`;
      return phrase([say("error", line, { raw: true })], `Connect to ipv4#${at(p)} failed`);
    }
    case "http":
      return refused
        ? phrase(
            [
              say(
                "error",
                `HTTPSConnectionPool(host='${p.host}', port=443): Max retries exceeded with url: ${p.path ?? "/"} (Caused by NewConnectionError(Failed to establish a new connection: [Errno 111] Connection refused))`,
              ),
            ],
            "[Errno 111] Connection refused",
          )
        : phrase(
            [say("error", `httpx.ConnectTimeout: timed out while calling ${p.name} (https://${p.host}${p.path ?? "/"})`)],
            "httpx.ConnectTimeout: timed out",
          );
  }
}
