// How .NET (Npgsql, MySqlConnector, StackExchange.Redis, Confluent.Kafka, HttpClient) and nginx
// (upstream errors, resolver errors) report a peer that refuses, times out, does not resolve, or
// presents an expired certificate.
import { phrase, say, type NetCtx, type NetMode, type Peer, type Phrase } from "./phrase";
import type { Gen } from "./rng";

const at = (p: Peer) => `${p.ip}:${p.port}`;

export function dotnetNet(g: Gen, p: Peer, mode: NetMode, c: NetCtx): Phrase {
  const cat = {
    postgres: "Microsoft.EntityFrameworkCore.Database.Connection",
    mysql: "Microsoft.EntityFrameworkCore.Database.Connection",
    redis: "StackExchange.Redis.ConnectionMultiplexer",
    kafka: "Confluent.Kafka.Producer",
    http: "System.Net.Http.HttpClient.Default.LogicalHandler",
  }[p.kind];
  if (mode === "dns") {
    const m = g.pick(["Name or service not known", "Resource temporarily unavailable", "No such host is known."]);
    return phrase(
      [
        say(
          "error",
          `An error occurred using the connection to ${p.kind === "http" ? `https://${p.host}` : `database '${p.db ?? "app"}' on server 'tcp://${p.host}:${p.port}'`}.`,
          {
            logger: cat,
            fields: { eventId: 20004 },
            stack: [
              `System.Net.Sockets.SocketException (00000005, 0xFFFDFFFF): ${m}`,
              `   at System.Net.Dns.GetHostEntryOrAddressesCore(String hostName, Boolean justAddresses, AddressFamily addressFamily, Int64 startingTimestamp)`,
            ],
          },
        ),
        say("error", `System.Net.Http.HttpRequestException: ${m} (${p.host}:${p.port})`),
      ],
      `${m} (${p.host}:${p.port})`,
    );
  }
  if (mode === "tls-expired") {
    return phrase(
      [
        say(
          "error",
          `The SSL connection could not be established, see inner exception. The remote certificate is invalid because of errors in the certificate chain: NotTimeValid`,
          {
            logger: cat,
            stack: [
              "System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception.",
              " ---> System.Security.Authentication.AuthenticationException: The remote certificate is invalid because of errors in the certificate chain: NotTimeValid",
            ],
          },
        ),
      ],
      "errors in the certificate chain: NotTimeValid",
    );
  }
  const refused = mode === "refused";
  switch (p.kind) {
    case "postgres":
      return refused
        ? phrase(
            [
              say("error", `Npgsql.NpgsqlException (0x80004005): Failed to connect to ${at(p)}`, {
                logger: cat,
                fields: { eventId: 20004 },
                stack: [
                  " ---> System.Net.Sockets.SocketException (111): Connection refused",
                  "   at Npgsql.Internal.NpgsqlConnector.Connect(NpgsqlTimeout timeout)",
                ],
              }),
            ],
            `Failed to connect to ${at(p)}`,
          )
        : phrase(
            [
              say("error", "Npgsql.NpgsqlException (0x80004005): Exception while connecting", {
                logger: cat,
                fields: { eventId: 20004 },
                stack: [
                  " ---> System.TimeoutException: Timeout during connection attempt",
                  "   at Npgsql.Internal.NpgsqlConnector.Connect(NpgsqlTimeout timeout)",
                ],
              }),
            ],
            "Npgsql.NpgsqlException (0x80004005): Exception while connecting",
          );
    case "mysql":
      return phrase(
        [
          say("error", "MySqlConnector.MySqlException (0x80004005): Unable to connect to any of the specified MySQL hosts.", {
            logger: cat,
            fields: { eventId: 20004 },
          }),
        ],
        "Unable to connect to any of the specified MySQL hosts",
      );
    case "redis":
      return phrase(
        [
          say(
            "error",
            `StackExchange.Redis.RedisConnectionException: It was not possible to connect to the redis server(s). ${refused ? "UnableToConnect" : "ConnectTimeout"} on ${p.host}:${p.port}/Interactive`,
            { logger: cat },
          ),
        ],
        `It was not possible to connect to the redis server(s)`,
      );
    case "kafka": {
      const line = `%3|${(c.now / 1000 - g.int(1, 30)).toFixed(3)}|FAIL|rdkafka#producer-1| [thrd:${p.host}:${p.port}/bootstrap]: ${p.host}:${p.port}/bootstrap: Connect to ipv4#${at(p)} failed: ${refused ? "Connection refused" : "Connection timed out"} (after ${refused ? 1 : 30004}ms in state CONNECT)`;
      return phrase([say("error", line, { raw: true })], `Connect to ipv4#${at(p)} failed`);
    }
    case "http":
      return refused
        ? phrase(
            [say("error", `System.Net.Http.HttpRequestException: Connection refused (${p.host}:${p.port})`, { logger: cat })],
            `Connection refused (${p.host}:${p.port})`,
          )
        : phrase(
            [
              say(
                "error",
                `System.Threading.Tasks.TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout of ${g.pick([10, 30, 100])} seconds elapsing.`,
                { logger: cat },
              ),
            ],
            "due to the configured HttpClient.Timeout",
          );
  }
}

/** nginx only proxies HTTP: every peer is an upstream. */
export function nginxNet(g: Gen, p: Peer, mode: NetMode): Phrase {
  const conn = g.int(100, 99999);
  const client = `10.${g.int(0, 9)}.${g.int(0, 250)}.${g.int(2, 250)}`;
  const req = `client: ${client}, server: _, request: "${g.pick(["GET", "POST"])} ${p.path ?? "/api/"} HTTP/1.1", upstream: "http://${at(p)}${p.path ?? "/api/"}", host: "${g.pick(["www", "api", "shop"])}.example.com"`;
  switch (mode) {
    case "refused":
      return phrase(
        [say("error", `*${conn} connect() failed (111: Connection refused) while connecting to upstream, ${req}`)],
        "connect() failed (111: Connection refused) while connecting to upstream",
      );
    case "timeout":
      return g.chance(0.5)
        ? phrase(
            [say("error", `*${conn} upstream timed out (110: Connection timed out) while reading response header from upstream, ${req}`)],
            "upstream timed out (110: Connection timed out)",
          )
        : phrase(
            [say("error", `*${conn} upstream timed out (110: Connection timed out) while connecting to upstream, ${req}`)],
            "upstream timed out (110: Connection timed out) while connecting to upstream",
          );
    case "dns": {
      const why = g.pick(["3: Host not found", "110: Operation timed out", "2: Server failure"]);
      return phrase(
        [say("error", `*${conn} ${p.host} could not be resolved (${why}), ${req.replace(/, upstream: "[^"]+"/, "")}`)],
        `${p.host} could not be resolved (${why})`,
      );
    }
    case "tls-expired":
      return phrase(
        [
          say(
            "error",
            `*${conn} upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream, ${req}`,
          ),
        ],
        "upstream SSL certificate verify error: (10:certificate has expired)",
      );
  }
}
