// The everyday lines of a healthy service: start-up banners and request logs per framework, so
// the decisive line has ordinary company.
import { say, write, type Say } from "./phrase";
import { parts, SEC } from "./time";
import type { App, PodPlan, World } from "./types";

// One runtime version per app (a Deployment's pods all run the same image).
const javaVersion = (app: App) => ["17.0.12", "21.0.4", "21.0.5"][app.name.length % 3];
const nodeVersion = (app: App) => ["v20.17.0", "v22.9.0", "v18.20.4"][app.name.length % 3];
const goVersion = (app: App) => ["go1.22.6", "go1.23.2", "go1.21.13"][app.name.length % 3];

const cap = (s: string) =>
  s
    .split("-")
    .map((x) => x.charAt(0).toUpperCase() + x.slice(1))
    .join("");

export function startupLines(w: World, app: App, version: string): Say[] {
  const { g } = w;
  const main = { fields: { thread: "main" } };
  const started = g.float(4, 25);
  switch (app.runtime) {
    case "java":
      return [
        say(
          "info",
          `Starting ${cap(app.name)}Application ${/^v?\d/.test(version) ? `v${version.replace(/^v/, "")}` : version} using Java ${javaVersion(app)} with PID 1 (/app/app.jar started by app in /app)`,
          main,
        ),
        say("info", `Tomcat initialized with port ${app.port} (http)`, { logger: "o.s.b.w.embedded.tomcat.TomcatWebServer", ...main }),
        say("info", "HikariPool-1 - Starting...", { logger: "com.zaxxer.hikari.HikariDataSource", ...main }),
        say("info", "HikariPool-1 - Start completed.", { logger: "com.zaxxer.hikari.HikariDataSource", ...main }),
        say("info", `Exposing ${g.int(2, 5)} endpoints beneath base path '/actuator'`, {
          logger: "o.s.b.a.e.web.EndpointLinksResolver",
          ...main,
        }),
        say("info", `Tomcat started on port ${app.port} (http) with context path '/'`, {
          logger: "o.s.b.w.embedded.tomcat.TomcatWebServer",
          ...main,
        }),
        say(
          "info",
          `Started ${cap(app.name)}Application in ${started.toFixed(3)} seconds (process running for ${(started + g.float(0.4, 1.5)).toFixed(3)})`,
          main,
        ),
      ];
    case "go":
      return [
        say("info", "starting", { fields: { service: app.name, version, go: goVersion(app) as string } }),
        say("info", "connected to dependencies", { fields: { took: `${g.int(12, 900)}ms` } }),
        say("info", "http server listening", { fields: { addr: `:${app.port}` } }),
      ];
    case "node":
      return app.framework === "NestJS"
        ? [
            say("info", "Starting Nest application...", { logger: "NestFactory" }),
            say("info", "AppModule dependencies initialized", { logger: "InstanceLoader" }),
            say("info", "Nest application successfully started", { logger: "NestApplication" }),
          ]
        : [
            say("info", `${app.name}@${version.replace(/^v/, "")} starting`, { fields: { node: nodeVersion(app) as string } }),
            say("info", `Server listening at http://0.0.0.0:${app.port}`),
          ];
    case "python":
      // Django and Flask run under gunicorn; FastAPI under uvicorn.
      return app.framework !== "FastAPI"
        ? [
            say("info", `Starting gunicorn ${g.pick(["21.2.0", "22.0.0", "23.0.0"])}`, { logger: "gunicorn.error" }),
            say("info", `Listening at: http://0.0.0.0:${app.port} (1)`, { logger: "gunicorn.error" }),
            say("info", "Using worker: sync", { logger: "gunicorn.error" }),
            say("info", `Booting worker with pid: ${g.int(7, 12)}`, { logger: "gunicorn.error" }),
          ]
        : [
            say("info", "Started server process [1]", { logger: "uvicorn.error" }),
            say("info", "Waiting for application startup.", { logger: "uvicorn.error" }),
            say("info", "Application startup complete.", { logger: "uvicorn.error" }),
            say("info", `Uvicorn running on http://0.0.0.0:${app.port} (Press CTRL+C to quit)`, { logger: "uvicorn.error" }),
          ];
    case "dotnet":
      return [
        say("info", `Now listening on: http://[::]:${app.port}`, { logger: "Microsoft.Hosting.Lifetime", fields: { eventId: 14 } }),
        say("info", "Application started. Press Ctrl+C to shut down.", { logger: "Microsoft.Hosting.Lifetime" }),
        say("info", "Hosting environment: Production", { logger: "Microsoft.Hosting.Lifetime" }),
        say("info", "Content root path: /app", { logger: "Microsoft.Hosting.Lifetime" }),
      ];
    case "nginx":
      return [
        say("info", `using the "epoll" event method`),
        say("info", `nginx/${g.pick(["1.25.4", "1.27.1", "1.26.2"])}`),
        say("info", "start worker processes"),
        say("info", `start worker process ${g.int(20, 40)}`),
      ];
  }
}

const PATHS = [
  "/api/v1/orders",
  "/api/v1/items",
  "/api/cart",
  "/v2/quotes",
  "/api/accounts/me",
  "/graphql",
  "/api/v1/search",
  "/api/payments",
  "/internal/sync",
  "/api/v1/reports",
];

/** One access/request log line as the framework writes it. */
export function requestLine(w: World, app: App, status = 200, ms?: number, path?: string): Say {
  const { g } = w;
  const p = path ?? g.pick(PATHS);
  const m = p.includes("payments") || p.includes("orders") ? g.pick(["GET", "POST"]) : "GET";
  const dur = ms ?? g.float(3, 180);
  const client = `10.${g.int(0, 9)}.${g.int(0, 250)}.${g.int(2, 250)}`;
  const level = status >= 500 ? "error" : "info";
  switch (app.runtime) {
    case "go":
      return say(level, "request", { fields: { method: m, path: p, status, duration: `${dur.toFixed(1)}ms`, remote: client } });
    case "java":
      return say(level, `${m} ${p} -> ${status} in ${Math.round(dur)} ms`, { logger: `com.${w.cluster.domain}.web.RequestLoggingFilter` });
    case "node":
      // pino-http logs the request as fields; winston/Nest print a morgan-style line.
      return app.logger.style === "pino"
        ? say(level, "request completed", { fields: { method: m, url: p, statusCode: status, responseTime: Math.round(dur) } })
        : say(level, `${m} ${p} ${status} ${Math.round(dur)} ms`);
    case "python":
      return app.framework === "FastAPI"
        ? say(level, `${client}:${g.int(30000, 60000)} - "${m} ${p} HTTP/1.1" ${status}`, { logger: "uvicorn.access" })
        : say(level, `"${m} ${p} HTTP/1.1" ${status} ${g.int(90, 9000)} ${Math.round(dur)}ms`, {
            logger: app.framework === "Django" ? "django.server" : "werkzeug",
          });
    case "dotnet":
      return say(
        level,
        `Request finished HTTP/1.1 ${m} http://${app.name}:${app.port}${p} - ${status} - application/json ${dur.toFixed(4)}ms`,
        { logger: "Microsoft.AspNetCore.Hosting.Diagnostics", fields: { eventId: 2 } },
      );
    case "nginx":
      return accessLine(w, p, m, status, dur, client);
  }
}

/** nginx's combined log format with the upstream response time appended. */
export function accessLine(w: World, path: string, method: string, status: number, ms: number, client: string): Say {
  const ua = w.g.pick(["okhttp/4.12.0", "Mozilla/5.0 (X11; Linux x86_64)", "Go-http-client/1.1", "python-requests/2.32.3"]);
  const bytes = w.g.int(90, 9000);
  const msg = `"${method} ${path} HTTP/1.1" ${status} ${bytes}`;
  return say(status >= 500 ? "error" : "info", msg, {
    at: (t) => {
      const p = parts(t);
      return `${client} - - [${p.d}/${p.mon}/${p.y}:${p.h}:${p.mi}:${p.s} +0000] ${msg} "-" "${ua}" rt=${(ms / 1000).toFixed(3)}`;
    },
  });
}

/** Start-up banner, then the tail of ordinary traffic before `until`: a healthy container's log. */
export function healthyLog(
  w: World,
  pod: PodPlan,
  app: App,
  from: number,
  until: number,
  o: { container?: string; previous?: boolean; version?: string } = {},
): void {
  const t = write(w, pod, app, from, startupLines(w, app, o.version ?? "1.0.0"), { ...o, gapMs: w.g.int(50, 900) });
  const n = w.g.int(2, 6);
  const tail = Math.max(t + SEC, until - w.g.int(10, 40) * 60 * SEC);
  for (let i = 0; i < n; i++) write(w, pod, app, tail + ((until - tail) * (i + w.g.next())) / n, [requestLine(w, app)], o);
}
