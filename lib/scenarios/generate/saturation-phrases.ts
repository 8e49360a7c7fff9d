// What CPU starvation looks like from inside each runtime: Hikari's housekeeper noticing thread
// starvation, Tomcat at maxThreads, Kestrel's heartbeat warning, gunicorn worker timeouts, an
// event loop that lags, a Go service's request queue.
import { phrase, say, type Phrase } from "./phrase";
import type { Gen } from "./rng";
import type { Runtime } from "./runtimes";
import { parts } from "./time";

export function saturation(g: Gen, rt: Runtime): Phrase[] {
  switch (rt) {
    case "java": {
      const a = `Thread starvation or clock leap detected (housekeeper delta=${g.int(20, 90)}s${g.int(100, 999)}ms).`;
      const b = `Maximum number of threads (200) created for connector with address [null] and port [8080]`;
      return [
        phrase(
          [
            say("warn", `HikariPool-1 - ${a}`, {
              logger: "com.zaxxer.hikari.pool.HikariPool",
              fields: { thread: "HikariPool-1 housekeeper" },
            }),
          ],
          "Thread starvation or clock leap detected",
        ),
        phrase([say("info", b, { logger: "org.apache.tomcat.util.net.NioEndpoint" })], "Maximum number of threads (200) created"),
      ];
    }
    case "go": {
      const q = g.int(150, 900);
      return [
        phrase(
          [
            say("warn", `request queue saturated: in_flight=${g.int(256, 1024)} queued=${q} wait_p99=${g.float(1.2, 6).toFixed(1)}s`, {
              fields: { gomaxprocs: g.pick([1, 2]) },
            }),
          ],
          `queued=${q}`,
        ),
        phrase(
          [say("info", `batch processed in ${g.float(4, 12).toFixed(2)}s (p50 ${g.float(0.3, 1).toFixed(2)}s)`)],
          "batch processed in",
        ),
      ];
    }
    case "node": {
      const d = g.int(400, 2500);
      return [
        phrase(
          [
            say("warn", `event loop delay ${d}ms exceeds 200ms, rejecting request with 503`, {
              fields: { eventLoopUtilization: Number(g.float(0.95, 1).toFixed(3)) },
            }),
          ],
          `event loop delay ${d}ms`,
        ),
      ];
    }
    case "python": {
      const pid = g.int(18, 90);
      const timeout = (t: number) => {
        const p = parts(t);
        return `[${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s} +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:${pid})`;
      };
      return [
        phrase([say("error", `WORKER TIMEOUT (pid:${pid})`, { at: timeout })], "WORKER TIMEOUT"),
        phrase([say("info", `request handled in ${g.float(8, 29).toFixed(2)}s (queue wait ${g.float(5, 25).toFixed(2)}s)`)], "queue wait"),
      ];
    }
    case "dotnet":
    case "nginx": {
      const lag = `00:00:0${g.int(1, 9)}.${g.int(1000000, 9999999)}`;
      return [
        phrase(
          [
            say(
              "warn",
              `The heartbeat has been running for "${lag}" which is longer than "00:00:01". This could be caused by thread pool starvation.`,
              { logger: "Microsoft.AspNetCore.Server.Kestrel", fields: { eventId: 22 } },
            ),
          ],
          "This could be caused by thread pool starvation",
        ),
      ];
    }
  }
}
