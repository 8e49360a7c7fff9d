import { describe, expect, it } from "vitest";
import { compactLine, lineTemplate, selectLogLines } from "@/lib/evidence/log-lines";

describe("log lines", () => {
  it("compacts a pino error line to its message and top stack frames", () => {
    const raw = JSON.stringify({
      level: 50,
      time: 1,
      msg: "request failed",
      err: {
        type: "TypeError",
        message: "Cannot read properties of undefined (reading 'currency')",
        stack:
          "TypeError: Cannot read properties of undefined (reading 'currency')\n    at computeTotals (/app/totals.js:48:37)\n    at Array.reduce (<anonymous>)\n    at deep (/app/x.js:1:1)",
      },
    });
    const { text, level } = compactLine(raw);
    expect(level).toBe("error");
    expect(text).toBe(
      "request failed | TypeError: Cannot read properties of undefined (reading 'currency') | at computeTotals (/app/totals.js:48:37) | at Array.reduce (<anonymous>)",
    );
  });

  it("reads levels from logback JSON and plain text", () => {
    expect(compactLine('{"message":"pool busy","level":"WARN"}')).toEqual({ text: "pool busy", level: "warn" });
    expect(compactLine("2025-01-01 ERROR [main] boom").level).toBe("error");
    expect(compactLine('INFO:     10.0.0.1:1 - "GET /healthz HTTP/1.1" 200 OK').level).toBe("info");
  });

  it("collapses repeats into one line with a count, keeping the newest wording (where a figure stands now)", () => {
    expect(lineTemplate("timeout after 30000ms on 10.0.0.1:5432")).toBe(lineTemplate("timeout after 1200ms on 10.2.3.4:5432"));
    const log = ["ERROR timeout after 30000ms", "INFO ok", "ERROR timeout after 30001ms", "ERROR timeout after 30002ms"].join("\n");
    const lines = selectLogLines(log, { previous: false, max: 5 });
    expect(lines[0]).toMatchObject({ text: "ERROR timeout after 30002ms", count: 3 });
  });

  it("keeps a crashed container's last words even at info level", () => {
    const log = ["INFO starting", "INFO loading config", "INFO model download in progress 10%", "INFO model download in progress 90%"].join(
      "\n",
    );
    const lines = selectLogLines(log, { previous: true, max: 3 });
    expect(lines.map((l) => l.text)).toContain("INFO model download in progress 90%");
  });

  it("keeps info lines that carry the decisive figure: a call's duration, a pool's state, memory", () => {
    const log = [
      "INFO request served",
      "INFO Database call completed in 8.01 seconds.",
      "INFO cache warm",
      "INFO HikariPool-1 - Pool stats (total=10, active=10, idle=0, waiting=37)",
      "INFO retrying in 5s",
    ].join("\n");
    const lines = selectLogLines(log, { previous: false, max: 5 });
    expect(lines.filter((l) => l.figure).map((l) => l.text)).toEqual([
      "INFO Database call completed in 8.01 seconds.",
      "INFO HikariPool-1 - Pool stats (total=10, active=10, idle=0, waiting=37)",
    ]);
  });

  it("keeps a Java stack's root cause (the last Caused by)", () => {
    const raw = JSON.stringify({
      message: "request failed",
      level: "ERROR",
      stack_trace:
        "a.TxException: Could not open\n\tat a.b(C.java:1)\nCaused by: b.JdbcException: Unable\n\t... 9 common frames omitted\nCaused by: c.Timeout: Connection is not available, request timed out after 30000ms\n\tat d.e(F.java:2)",
    });
    expect(compactLine(raw).text).toBe(
      "request failed | a.TxException: Could not open | Caused by: c.Timeout: Connection is not available, request timed out after 30000ms | at a.b(C.java:1)",
    );
  });

  it("joins Java stack continuation lines to their exception", () => {
    const log = "ERROR boom\njava.lang.IllegalStateException: bad\n\tat a.b.C.d(C.java:1)\n\tat e.f(G.java:2)\n\tat h.i(J.java:3)";
    const texts = selectLogLines(log, { previous: false, max: 5 }).map((l) => l.text);
    expect(texts).toContain("java.lang.IllegalStateException: bad | at a.b.C.d(C.java:1) | at e.f(G.java:2)");
  });
});

describe("log levels by runtime", () => {
  const ESC = String.fromCharCode(27);
  // [runtime or library, line, level]
  const cases: [string, string, "error" | "warn" | "info"][] = [
    [
      "librdkafka err (Confluent.Kafka)",
      "%3|1733563097.123|FAIL|rdkafka#producer-1| [thrd:kafka-0.kafka:9092/bootstrap]: kafka-0.kafka:9092/bootstrap: Connect to ipv4#10.20.172.158:9092 failed: Connection timed out (after 30004ms in state CONNECT)",
      "error",
    ],
    [
      "librdkafka warning",
      "%4|1733563097.456|OFFSET|rdkafka#consumer-1| [thrd:main]: orders [0]: offset reset (at offset 12) to END",
      "warn",
    ],
    [
      "librdkafka notice",
      "%5|1733563098.001|CONFWARN|rdkafka#producer-1| [thrd:app]: Configuration property foo is a consumer property",
      "info",
    ],
    ["librdkafka info", "%6|1733563098.002|GETPID|rdkafka#producer-1| [thrd:main]: Acquired PID", "info"],
    ["librdkafka debug", "%7|1733563098.003|BROKER|rdkafka#producer-1| [thrd:app]: kafka-0:9092/bootstrap: Added new broker", "info"],
    ["librdkafka crit", "%2|1733563098.004|FATAL|rdkafka#producer-1| [thrd:main]: Fatal error: Broker: Producer fenced", "error"],
    ["Serilog WRN", "[09:18:17 WRN] Retrying request to payments after 2000 ms (attempt 2 of 5)", "warn"],
    ["Serilog ERR", "[09:18:17 ERR] Failed executing DbCommand (30,012ms)", "error"],
    ["Serilog FTL", "[09:18:17 FTL] Host terminated unexpectedly", "error"],
    ["Serilog INF", "[09:18:17 INF] Now listening on: http://[::]:8080", "info"],
    ["Serilog DBG", "[09:18:17 DBG] Hosting starting", "info"],
    ["Serilog VRB", "[09:18:17 VRB] Cache hit for key tenant:42", "info"],
    ["Serilog u4", "[09:18:17 WARN] Slow response from inventory", "warn"],
    ["Serilog u4 error", "[09:18:17 EROR] Unhandled failure in OrderWorker", "error"],
    ["Serilog full level", "[09:18:17 Warning] Slow response from inventory", "warn"],
    ["Serilog lower case", "[09:18:17 ftl] Host terminated unexpectedly", "error"],
    ["Serilog with ms", "[09:18:17.123 ERR] Connection refused (payments:443)", "error"],
    ["Serilog with date", "[2026-12-07 09:18:17 WRN] Pool nearly exhausted", "warn"],
    ["Serilog [hh:mm:ss INFO]", "[09:18:17 INFO] Application started", "info"],
    ["Serilog file sink", "2026-12-07 09:18:17.123 +00:00 [WRN] Slow response from inventory", "warn"],
    [".NET console fail", "fail: Orders.Api.Controllers.OrdersController[0] | Unhandled failure processing order 42", "error"],
    [".NET console crit", "crit: Microsoft.AspNetCore.Hosting.Diagnostics[6] | Application startup exception", "error"],
    [
      ".NET console warn",
      "warn: Microsoft.AspNetCore.HttpsPolicy.HttpsRedirectionMiddleware[3] | Failed to determine the https port for redirect.",
      "warn",
    ],
    [".NET console info", "info: Microsoft.Hosting.Lifetime[14] | Now listening on: http://[::]:8080", "info"],
    [".NET systemd", "<3>Orders.Api.OrderService[0] Order 42 failed", "error"],
    [".NET systemd info", "<6>Microsoft.Hosting.Lifetime[0] Application started.", "info"],
    ["klog E", 'E1207 09:18:17.123456       1 reflector.go:147] "Failed to watch" err="connection refused"', "error"],
    ["klog F", "F1207 09:18:17.123456       1 main.go:42] cannot create client: open /var/run/secrets/token: no such file", "error"],
    ["klog W", "W1207 09:18:17.123456       1 warnings.go:70] v1 Endpoints is deprecated in v1.33+", "warn"],
    ["klog I", 'I1207 09:18:17.123456       1 leaderelection.go:250] "attempting to acquire leader lease"', "info"],
    ["zerolog console", "9:18AM WRN pool saturated active=50 max=50", "warn"],
    ["zerolog console RFC3339", '2026-12-07T09:18:17Z ERR upstream call failed error="dial tcp: i/o timeout"', "error"],
    ["zerolog console fatal", "9:18AM FTL cannot start server", "error"],
    [
      "logrus TTY",
      'ERRO[0003] could not reach database                   error="dial tcp 10.0.0.5:5432: connect: connection refused"',
      "error",
    ],
    ["logrus TTY warn", "WARN[0000] falling back to default region", "warn"],
    ["logrus TTY fatal", "FATA[0001] config file not found", "error"],
    [
      "zap console (controller-runtime)",
      '2026-12-07T09:18:17.123Z\tERROR\tReconciler error\t{"controller": "widget", "error": "timeout"}',
      "error",
    ],
    ["zap console epoch", '1.7335631e+09\tINFO\tStarting workers\t{"worker count": 1}', "info"],
    ["Istio agent", "2026-12-07T09:18:17.123456Z\twarn\txdsproxy\tupstream terminated with unexpected error", "warn"],
    ["Python basicConfig error", "ERROR:root:payment provider unreachable", "error"],
    ["Python basicConfig warning", "WARNING:urllib3.connectionpool:Retrying (Retry(total=2)) after connection broken", "warn"],
    ["Python basicConfig critical", "CRITICAL:app.main:cannot bind 0.0.0.0:8000", "error"],
    ["uvicorn", "WARNING:  Invalid HTTP request received.", "warn"],
    ["Ruby Logger error", "E, [2026-12-07T09:18:17.123456 #1] ERROR -- : PG::ConnectionBad: could not connect to server", "error"],
    ["Ruby Logger warn", "W, [2026-12-07T09:18:17.123456 #1]  WARN -- : slow query (2.1s)", "warn"],
    ["Ruby Logger fatal", "F, [2026-12-07T09:18:17.123456 #1] FATAL -- : boot failed", "error"],
    ["Ruby Logger info", "I, [2026-12-07T09:18:17.123456 #1]  INFO -- : Completed 200 OK in 12ms", "info"],
    ["Rust env_logger", "[2026-12-07T09:18:17Z ERROR app::db] connection pool timed out", "error"],
    ["Rust env_logger warn", "[2026-12-07T09:18:17Z WARN  hyper::proto] connection reset", "warn"],
    ["Rust env_logger no time", "[INFO  app] listening on 0.0.0.0:8080", "info"],
    ["Rust tracing", "2026-12-07T09:18:17.123456Z ERROR app::db: connection pool timed out", "error"],
    [
      "nginx error",
      "2026/12/07 09:18:17 [error] 29#29: *1 connect() failed (111: Connection refused) while connecting to upstream",
      "error",
    ],
    ["nginx warn", "2026/12/07 09:18:17 [warn] 29#29: *7 an upstream response is buffered to a temporary file", "warn"],
    ["nginx emerg", '2026/12/07 09:18:17 [emerg] 1#1: host not found in upstream "api:8080" in /etc/nginx/conf.d/default.conf:12', "error"],
    ["nginx notice", '2026/12/07 09:18:17 [notice] 1#1: using the "epoll" event method', "info"],
    [
      "Apache httpd",
      "[Mon Dec 07 09:18:17.123456 2026] [proxy:error] [pid 12:tid 140] (111)Connection refused: AH00957: failed to make connection",
      "error",
    ],
    [
      "Apache httpd warn",
      "[Mon Dec 07 09:18:17.123456 2026] [mpm_event:warn] [pid 1:tid 1] AH00489: server reached MaxRequestWorkers",
      "warn",
    ],
    [
      "Envoy",
      "[2026-12-07 09:18:17.123][15][warning][config] [source/common/config/grpc_stream.h:201] StreamAggregatedResources gRPC config stream closed",
      "warn",
    ],
    [
      "Envoy critical",
      "[2026-12-07 09:18:17.123][1][critical][main] [source/server/server.cc:117] error initializing configuration",
      "error",
    ],
    ["PostgreSQL FATAL", "2026-12-07 09:18:17.123 UTC [29] FATAL:  sorry, too many clients already", "error"],
    ["PostgreSQL ERROR", '2026-12-07 09:18:17.123 UTC [31] ERROR:  relation "orders" does not exist at character 15', "error"],
    [
      "PostgreSQL PANIC",
      '2026-12-07 09:18:17.123 UTC [1] PANIC:  could not write to file "pg_wal/xlogtemp.1": No space left on device',
      "error",
    ],
    ["PostgreSQL WARNING", "2026-12-07 09:18:17.123 UTC [40] WARNING:  there is no transaction in progress", "warn"],
    ["PostgreSQL LOG", "2026-12-07 09:18:17.123 UTC [1] LOG:  database system is ready to accept connections", "info"],
    ["MySQL Warning", "2026-12-07T09:18:17.123456Z 0 [Warning] [MY-010068] [Server] CA certificate ca.pem is self signed.", "warn"],
    ["MySQL ERROR", "2026-12-07T09:18:17.123456Z 0 [ERROR] [MY-010119] [Server] Aborting", "error"],
    ["MariaDB Note", "2026-12-07  9:18:17 0 [Note] InnoDB: Buffer pool(s) load completed", "info"],
    ["RabbitMQ", "2026-12-07 09:18:17.123456+00:00 [error] <0.230.0> Error on AMQP connection <0.1.0>: access refused", "error"],
    [
      "RabbitMQ warning",
      "2026-12-07 09:18:17.123456+00:00 [warning] <0.230.0> memory resource limit alarm set on node rabbit@rabbitmq-0",
      "warn",
    ],
    ["Elixir Logger", "09:18:17.123 request_id=F7a2 [error] GenServer MyApp.Worker terminating", "error"],
    ["Elixir Logger warning", "09:18:17.123 [warning] retrying connection to postgres in 1000ms", "warn"],
    ["Redis warning", "1:M 07 Dec 2026 09:18:17.123 # Can't save in background: fork: Cannot allocate memory", "warn"],
    ["Redis notice", "1:M 07 Dec 2026 09:18:17.123 * Ready to accept connections tcp", "info"],
    ["logfmt (log15)", 't=2026-12-07T09:18:17+0000 lvl=eror msg="Failed to query datasource" logger=tsdb', "error"],
    ["colored logrus", `${ESC}[31mERRO${ESC}[0m[0003] could not reach database`, "error"],
    ["colored zerolog", `${ESC}[90m9:18AM${ESC}[0m ${ESC}[31mWRN${ESC}[0m pool saturated`, "warn"],
  ];
  it.each(cases)("%s", (_, line, level) => {
    expect(compactLine(line).level).toBe(level);
  });

  // [where, JSON line, level]
  const json: [string, string, "error" | "warn" | "info"][] = [
    ["pino fatal", '{"level":60,"time":1,"msg":"cannot start"}', "error"],
    ["pino warn", '{"level":40,"time":1,"msg":"slow"}', "warn"],
    ["zap dpanic", '{"level":"dpanic","ts":1.7,"msg":"invariant broken"}', "error"],
    ["log15", '{"lvl":"eror","msg":"query failed","t":"2026-12-07T09:18:17Z"}', "error"],
    ["GCP severity", '{"severity":"WARNING","message":"quota at 95%"}', "warn"],
    ["GCP emergency", '{"severity":"EMERGENCY","message":"disk gone"}', "error"],
    [
      "ECS dotted key",
      '{"@timestamp":"2026-12-07T09:18:17Z","log.level":"error","message":"payment failed","ecs.version":"1.6.0"}',
      "error",
    ],
    ["ECS nested", '{"log":{"level":"warn"},"message":"retrying"}', "warn"],
    ["python-json-logger", '{"asctime":"2026-12-07 09:18:17","levelname":"ERROR","name":"app","message":"db down"}', "error"],
    ["Serilog CLEF fatal", '{"@t":"2026-12-07T09:18:17Z","@mt":"Host terminated","@l":"Fatal"}', "error"],
    [
      "MongoDB",
      '{"t":{"$date":"2026-12-07T09:18:17.123Z"},"s":"E","c":"NETWORK","id":23729,"ctx":"conn1","msg":"Error receiving request"}',
      "error",
    ],
    [
      "MongoDB warning",
      '{"t":{"$date":"2026-12-07T09:18:17.123Z"},"s":"W","c":"CONTROL","id":22120,"ctx":"main","msg":"Access control is not enabled"}',
      "warn",
    ],
    [
      "MongoDB info",
      '{"t":{"$date":"2026-12-07T09:18:17.123Z"},"s":"I","c":"NETWORK","id":23016,"ctx":"listener","msg":"Waiting for connections"}',
      "info",
    ],
  ];
  it.each(json)("%s", (_, line, level) => {
    expect(compactLine(line).level).toBe(level);
  });

  it("reads .NET's JSON console formatter: its level, message and exception", () => {
    const line = JSON.stringify({
      EventId: 0,
      LogLevel: "Error",
      Category: "Orders.Api.OrderService",
      Message: "Order 42 failed",
      Exception:
        "System.TimeoutException: The operation has timed out.\n   at Orders.Api.OrderService.Place() in /src/OrderService.cs:line 42",
      State: { Message: "Order 42 failed" },
    });
    const { text, level } = compactLine(line);
    expect(level).toBe("error");
    expect(text).toMatch(/^Order 42 failed \| System\.TimeoutException: The operation has timed out\./);
  });

  it("takes a recognized head's level over words in the message", () => {
    expect(compactLine("[09:18:17 INF] Retry policy caught HttpRequestException, ERROR count 0").level).toBe("info");
    expect(compactLine("[09:18:17 WRN] upstream replied ERR max number of clients reached").level).toBe("warn");
    expect(compactLine("%6|1733563098.002|GETPID|rdkafka#producer-1| [thrd:main]: ERROR counters reset").level).toBe("info");
  });

  it("ignores markers quoted inside a message", () => {
    // Not at the head: the marker is part of the message, and the level is what it was before.
    expect(compactLine("2026-12-07 09:18:17 INFO consumer log said %3|1733563097.123|FAIL|rdkafka#producer-1| earlier").level).toBe("info");
    expect(compactLine("2026-12-07 09:18:17 INFO user typed [09:18:17 FTL] into the search box").level).toBe("info");
    expect(compactLine("2026-12-07 09:18:17 INFO parsed record WRN=0 FTL=0").level).toBe("info");
    expect(compactLine("INFO tenant note: 'fail: Foo[0]' is a valid label").level).toBe("info");
    expect(compactLine("INFO config value 9:18AM WRN is not a level").level).toBe("info");
    // A timestamp-like bracket that is not Serilog's head.
    expect(compactLine("[09:18:17] INFO Application started").level).toBe("info");
    expect(compactLine("[09:18:17 INFOS] Application started").level).toBe("info");
  });

  it("ends an error record's block at a head it knows, so the next record keeps its own level", () => {
    // Lines that start no record inherit the level of the record above; a librdkafka or
    // .NET debug line starts its own.
    const log = [
      "2026-12-07 09:18:17 ERROR boom",
      "%6|1733563098.002|GETPID|rdkafka#producer-1| [thrd:main]: producer id request will retry on the coordinator",
      "dbug: Orders.Api.Worker[0]",
      "      heartbeat ok, queue depth 0 and nothing to report",
    ].join("\n");
    const levels = selectLogLines(log, { previous: false, max: 5 }).map((l) => [l.text.slice(0, 6), l.level]);
    expect(levels).toEqual([
      ["2026-1", "error"],
      ["%6|173", "info"],
      ["dbug: ", "info"],
    ]);
  });
});
