// Regressions a release ships, per runtime: the exception a request now hits (with the change
// that caused it), the crash at start of a broken build, and the slow path a change introduced.
import { phrase, say, type Phrase } from "./phrase";
import type { Gen } from "./rng";
import type { Runtime } from "./runtimes";

export type Regression = Phrase & { summary: string };

const reg = (lines: Phrase["lines"], ev: string, summary: string): Regression => ({ ...phrase(lines, ev), summary });

export function requestError(g: Gen, rt: Runtime, app: string): Regression {
  const field = g.pick(["currency", "discount", "region", "locale", "tier", "address"]);
  switch (rt) {
    case "node":
      return reg(
        [
          say("error", `Cannot read properties of undefined (reading '${field}')`, {
            stack: [
              `TypeError: Cannot read properties of undefined (reading '${field}')`,
              `    at compute${field[0]?.toUpperCase()}${field.slice(1)} (/app/dist/${field}/index.js:${g.int(20, 140)}:${g.int(5, 40)})`,
              "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
            ],
          }),
        ],
        `Cannot read properties of undefined (reading '${field}')`,
        `${app}: ${field} now read from the nested pricing object`,
      );
    case "java": {
      const cls = `${field[0]?.toUpperCase()}${field.slice(1)}Resolver`;
      return reg(
        [
          say(
            "error",
            `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: java.lang.NullPointerException: Cannot invoke "String.length()" because the return value of "${cls}.resolve()" is null] with root cause`,
            {
              logger: "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
              stack: [
                'java.lang.NullPointerException: Cannot invoke "String.length()"',
                `\tat com.acme.${app.split("-")[0]}.${cls}.apply(${cls}.java:${g.int(30, 200)})`,
              ],
            },
          ),
        ],
        "java.lang.NullPointerException: Cannot invoke",
        `${app}: introduce ${cls} for ${field} resolution`,
      );
    }
    case "go":
      return g.chance(0.5)
        ? reg(
            [
              say("error", `panic recovered: runtime error: index out of range [${g.int(1, 4)}] with length ${g.int(0, 1)}`, {
                fields: { path: "/api/v1/orders", stack: `goroutine ${g.int(100, 9000)} [running]` },
              }),
            ],
            "runtime error: index out of range",
            `${app}: split ${field} lookups into shards`,
          )
        : reg(
            [
              say(
                "error",
                `handler error: json: cannot unmarshal string into Go struct field ${field[0]?.toUpperCase()}${field.slice(1)}Request.amount of type int64`,
              ),
            ],
            "json: cannot unmarshal string into Go struct field",
            `${app}: amount fields switched to int64 minor units`,
          );
    case "python":
      return g.chance(0.5)
        ? reg(
            [
              say("error", "Exception in ASGI application", {
                stack: [
                  "Traceback (most recent call last):",
                  `  File "/app/${app.split("-")[0]}/views.py", line ${g.int(40, 300)}, in handler`,
                  `    total = order["${field}"]["amount"]`,
                  `KeyError: '${field}'`,
                ],
              }),
              say("error", `KeyError: '${field}'`),
            ],
            `KeyError: '${field}'`,
            `${app}: read ${field} from the new order schema`,
          )
        : reg(
            [say("error", `AttributeError: 'NoneType' object has no attribute '${field}'`)],
            `'NoneType' object has no attribute '${field}'`,
            `${app}: lazy-load ${field} settings`,
          );
    case "dotnet":
    case "nginx":
      return reg(
        [
          say("error", "An unhandled exception has occurred while executing the request.", {
            logger: "Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware",
            stack: [
              "System.NullReferenceException: Object reference not set to an instance of an object.",
              `   at ${app.split("-")[0]}.Services.${field[0]?.toUpperCase()}${field.slice(1)}Service.Calculate() in /src/Services/${field}.cs:line ${g.int(20, 200)}`,
            ],
          }),
          say("error", "System.NullReferenceException: Object reference not set to an instance of an object."),
        ],
        "System.NullReferenceException: Object reference not set to an instance of an object",
        `${app}: move ${field} calculation into ${field[0]?.toUpperCase()}${field.slice(1)}Service`,
      );
  }
}

export type StartCrash = Regression & { exitCode: number };

export function startCrash(g: Gen, rt: Runtime, app: string): StartCrash {
  const pkg = app.split("-")[0] ?? "app";
  switch (rt) {
    case "go":
      return {
        ...reg(
          [
            say("error", "panic: runtime error: invalid memory address or nil pointer dereference", {
              raw: true,
              stack: [
                `[signal SIGSEGV: segmentation violation code=0x1 addr=0x${g.int(8, 90).toString(16)} pc=0x${g.hex(6)}]`,
                "",
                "goroutine 1 [running]:",
                `main.(*server).registerRoutes(0x0)`,
                `\t/src/cmd/${pkg}/routes.go:${g.int(20, 120)} +0x${g.hex(2)}`,
                "main.main()",
                `\t/src/cmd/${pkg}/main.go:${g.int(30, 90)} +0x${g.hex(3)}`,
              ],
            }),
          ],
          "invalid memory address or nil pointer dereference",
          `${app}: refactor route registration behind feature router`,
        ),
        exitCode: 2,
      };
    case "java":
      return {
        ...reg(
          [
            say("error", "Application run failed", {
              logger: "org.springframework.boot.SpringApplication",
              stack: [
                `java.lang.NoSuchMethodError: 'com.fasterxml.jackson.databind.ObjectMapper com.acme.${pkg}.config.JsonConfig.mapper(boolean)'`,
                `\tat com.acme.${pkg}.Application.main(Application.java:${g.int(12, 40)})`,
              ],
            }),
            say("error", `java.lang.NoSuchMethodError: com.acme.${pkg}.config.JsonConfig.mapper(boolean)`),
          ],
          "java.lang.NoSuchMethodError",
          `${app}: bump shared-json 3.x, drop legacy mapper`,
        ),
        exitCode: 1,
      };
    case "node":
      return {
        ...reg(
          [
            say("error", `Error: Cannot find module './routes/v2/${pkg}'`, {
              raw: true,
              stack: [
                "Require stack:",
                "- /app/dist/server.js",
                "    at Module._resolveFilename (node:internal/modules/cjs/loader:1145:15)",
                "    at Module._load (node:internal/modules/cjs/loader:986:27)",
                "  code: 'MODULE_NOT_FOUND',",
              ],
            }),
          ],
          `Cannot find module './routes/v2/${pkg}'`,
          `${app}: move routes to v2 layout`,
        ),
        exitCode: 1,
      };
    case "python":
      return {
        ...reg(
          [
            say("error", "Traceback (most recent call last):", {
              raw: true,
              stack: [
                '  File "/app/main.py", line 4, in <module>',
                `    from ${pkg}.serializers import fast_dumps`,
                `ImportError: cannot import name 'fast_dumps' from '${pkg}.serializers' (/app/${pkg}/serializers.py)`,
              ],
            }),
            say("error", `ImportError: cannot import name 'fast_dumps' from '${pkg}.serializers'`, { raw: true }),
          ],
          "ImportError: cannot import name 'fast_dumps'",
          `${app}: switch serializer to orjson fast path`,
        ),
        exitCode: 1,
      };
    case "dotnet":
    case "nginx":
      return {
        ...reg(
          [
            say(
              "error",
              `Unhandled exception. System.IO.FileNotFoundException: Could not load file or assembly 'Acme.${pkg}.Contracts, Version=4.0.0.0, Culture=neutral, PublicKeyToken=null'. The system cannot find the file specified.`,
              { raw: true },
            ),
          ],
          "System.IO.FileNotFoundException: Could not load file or assembly",
          `${app}: upgrade to Contracts 4.0`,
        ),
        exitCode: 134,
      };
  }
}

/** A slow path shipped by a release: the info line with the number. */
export function slowPath(g: Gen, rt: Runtime, app: string): Regression & { ms: number } {
  const ms = g.int(900, 4800);
  const q = g.int(120, 900);
  switch (rt) {
    case "java":
      return {
        ...reg(
          [
            say(
              "info",
              `Session Metrics { ${g.int(1000000, 9000000)} nanoseconds spent executing ${q} JDBC statements; ${q - 1} JDBC batches }`,
              { logger: "o.h.e.internal.StatisticalLoggingSessionEventListener" },
            ),
          ],
          `spent executing ${q} JDBC statements`,
          `${app}: order lines fetched lazily per item`,
        ),
        ms,
      };
    case "python":
      return {
        ...reg(
          [say("info", `GET /api/v1/orders took ${ms}ms (${q} queries)`, { logger: "django.request" })],
          `(${q} queries)`,
          `${app}: serializer expands related items`,
        ),
        ms,
      };
    case "go":
      return {
        ...reg(
          [
            say("warn", `slow request: path=/api/v1/search duration=${ms}ms db_queries=${q}`, {
              fields: { regex_compiles: g.int(100, 900) },
            }),
          ],
          `db_queries=${q}`,
          `${app}: per-item permission check on search results`,
        ),
        ms,
      };
    case "node":
      return {
        ...reg(
          [say("warn", `slow handler GET /api/cart: ${ms}ms, ${q} downstream calls`)],
          `${q} downstream calls`,
          `${app}: fetch price per cart line instead of batch`,
        ),
        ms,
      };
    case "dotnet":
    case "nginx":
      return {
        ...reg(
          [
            say(
              "warn",
              `Executed DbCommand (${ms}ms) [Parameters=[@__p_0='?' (DbType = Int32)], CommandType='Text', CommandTimeout='30'] SELECT ... ${q} rows without index`,
              { logger: "Microsoft.EntityFrameworkCore.Database.Command", fields: { eventId: 20101 } },
            ),
          ],
          `Executed DbCommand (${ms}ms)`,
          `${app}: filter orders by customer email (new query)`,
        ),
        ms,
      };
  }
}
