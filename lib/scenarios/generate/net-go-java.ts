// How Go (net, pgx, go-sql-driver, go-redis, sarama/franz-go, net/http) and Java (pgjdbc,
// Connector/J, Lettuce, kafka-clients, Spring RestClient/WebClient) report a peer that refuses,
// times out, does not resolve, or presents an expired certificate.
import { phrase, say, type NetCtx, type NetMode, type Peer, type Phrase } from "./phrase";
import type { Gen } from "./rng";
import { isoMs } from "./time";

const at = (p: Peer) => `${p.ip}:${p.port}`;
const goTime = (ms: number) => isoMs(ms).replace(/\.\d+Z$/, "Z");
const javaDate = (ms: number) => new Date(ms).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, "$1 $3 $2 $5 UTC $4");

export function goNet(g: Gen, p: Peer, mode: NetMode, c: NetCtx): Phrase {
  const op = { postgres: "query orders", mysql: "load account", redis: "cache get", kafka: "produce event", http: `call ${p.name}` }[
    p.kind
  ];
  const wrap = (inner: string) =>
    p.kind === "postgres"
      ? `failed to connect to \`host=${p.host} user=app database=${p.db ?? "app"}\`: dial error (${inner})`
      : p.kind === "kafka"
        ? `kafka: client has run out of available brokers to talk to: ${inner}`
        : p.kind === "http"
          ? `Get "https://${p.host}${p.path ?? "/"}": ${inner}`
          : inner;
  let inner: string;
  let ev: string;
  switch (mode) {
    case "refused":
      inner = `dial tcp ${at(p)}: connect: connection refused`;
      ev = inner;
      break;
    case "timeout":
      inner = g.chance(0.5) ? `dial tcp ${at(p)}: i/o timeout` : `dial tcp ${at(p)}: connect: connection timed out`;
      ev = inner;
      break;
    case "dns": {
      const err = g.pick(["no such host", "server misbehaving"]);
      inner = `dial tcp: lookup ${p.host} on ${c.dnsIp}:53: ${err}`;
      ev = `lookup ${p.host} on ${c.dnsIp}:53: ${err}`;
      break;
    }
    case "tls-expired":
      inner = `tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time ${goTime(c.now)} is after ${goTime(c.notAfter)}`;
      ev = g.chance(0.5) ? "x509: certificate has expired or is not yet valid" : `is after ${goTime(c.notAfter)}`;
      break;
  }
  const msg = g.pick([`${op} failed`, `request failed`, `upstream error`, `${p.kind} unavailable`]);
  return phrase([say("error", `${msg}: ${wrap(inner)}`, { fields: { peer: p.host, attempt: g.int(1, 5) } })], ev);
}

export function javaNet(g: Gen, p: Peer, mode: NetMode, c: NetCtx): Phrase {
  const tls = () => {
    const lines = [
      say(
        "error",
        `I/O error on GET request for "https://${p.host}${p.path ?? "/"}": PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed`,
        {
          logger: `com.${g.pick(["acme", "corp"])}.client.${p.name.replace(/-/g, "")}.RestClient`,
          stack: [
            "javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed",
            "\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:130)",
            "\tat java.base/sun.security.ssl.TransportContext.fatal(TransportContext.java:378)",
            `Caused by: java.security.cert.CertificateExpiredException: NotAfter: ${javaDate(c.notAfter)}`,
            "\tat java.base/sun.security.x509.CertificateValidity.valid(CertificateValidity.java:182)",
          ],
        },
      ),
    ];
    return phrase(lines, "PKIX path validation failed");
  };
  if (mode === "tls-expired") return tls();
  if (mode === "dns") {
    const m = `java.net.UnknownHostException: ${p.host}: ${g.pick(["Name or service not known", "Temporary failure in name resolution"])}`;
    return phrase(
      [
        say("error", p.kind === "postgres" ? `HikariPool-1 - Exception during pool initialization.` : `Request to ${p.name} failed`, {
          logger: p.kind === "postgres" ? "com.zaxxer.hikari.pool.HikariPool" : undefined,
          stack: [m, "\tat java.base/java.net.InetAddress$CachedLookup.get(InetAddress.java:988)"],
        }),
        say("error", m),
      ],
      `java.net.UnknownHostException: ${p.host}`,
    );
  }
  switch (p.kind) {
    case "postgres":
      return mode === "refused"
        ? phrase(
            [
              say(
                "error",
                `HikariPool-1 - Connection is not available: org.postgresql.util.PSQLException: Connection to ${p.host}:${p.port} refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.`,
                { logger: "com.zaxxer.hikari.pool.HikariPool" },
              ),
            ],
            `Connection to ${p.host}:${p.port} refused`,
          )
        : phrase(
            [
              say("error", "Failed to obtain JDBC Connection", {
                logger: "o.s.jdbc.support.JdbcTransactionManager",
                stack: [
                  "org.postgresql.util.PSQLException: The connection attempt failed.",
                  "Caused by: java.net.SocketTimeoutException: Connect timed out",
                  "\tat java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:546)",
                ],
              }),
              say(
                "warn",
                `HikariPool-1 - Failed to validate connection org.postgresql.jdbc.PgConnection@${g.hex(8)} (This connection has been closed.). Possibly consider using a shorter maxLifetime value.`,
                { logger: "com.zaxxer.hikari.pool.PoolBase" },
              ),
            ],
            "Failed to obtain JDBC Connection",
          );
    case "mysql":
      return phrase(
        [
          say("error", "com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure", {
            logger: "com.zaxxer.hikari.pool.HikariPool",
            stack: [
              "The last packet sent successfully to the server was 0 milliseconds ago. The driver has not received any packets from the server.",
              mode === "refused"
                ? "Caused by: java.net.ConnectException: Connection refused"
                : "Caused by: java.net.SocketTimeoutException: Connect timed out",
            ],
          }),
        ],
        "Communications link failure",
      );
    case "redis":
      return phrase(
        [
          say("error", `Redis health check failed: Unable to connect to ${p.host}/<unresolved>:${p.port}`, {
            logger: "o.s.b.a.data.redis.RedisReactiveHealthIndicator",
            stack: [
              `io.lettuce.core.RedisConnectionException: Unable to connect to ${p.host}/<unresolved>:${p.port}`,
              mode === "refused"
                ? `Caused by: io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: ${p.host}/${at(p)}`
                : `Caused by: io.netty.channel.ConnectTimeoutException: connection timed out after 10000 ms: ${p.host}/${at(p)}`,
            ],
          }),
        ],
        `Unable to connect to ${p.host}`,
      );
    case "kafka":
      return phrase(
        [
          say(
            "warn",
            `[Producer clientId=producer-1] Connection to node ${g.int(0, 2)} (${p.host}/${at(p)}) could not be established. Broker may not be available.`,
            { logger: "org.apache.kafka.clients.NetworkClient", fields: { thread: "kafka-producer-network-thread | producer-1" } },
          ),
        ],
        "could not be established. Broker may not be available",
      );
    case "http":
      return mode === "refused"
        ? phrase(
            [
              say(
                "error",
                `${p.name} call failed: I/O error on POST request for https://${p.host}${p.path ?? "/"}: java.net.ConnectException: Connection refused`,
                {
                  stack: [
                    "org.springframework.web.client.ResourceAccessException: I/O error",
                    "Caused by: java.net.ConnectException: Connection refused",
                  ],
                },
              ),
            ],
            "java.net.ConnectException: Connection refused",
          )
        : phrase(
            [
              say(
                "error",
                `${p.name} call failed: io.netty.channel.ConnectTimeoutException: connection timed out after ${g.pick([3000, 5000, 10000])} ms: ${p.host}/${at(p)}`,
                { logger: "reactor.netty.http.client.HttpClientConnect" },
              ),
            ],
            `connection timed out after`,
          );
  }
}
