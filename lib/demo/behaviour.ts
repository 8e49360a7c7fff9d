// How the demo's pods behave, from their template alone: the pod status the sandbox's
// controller gives them, and the log lines they write — the same symptoms real runtimes
// show (a Node.js TypeError, a Go config error, a heap OOM, an image that cannot be pulled).
import type { PodHealth, PodTemplate } from "@/lib/cluster/sandbox/pods";
import { behaviourOf, type DemoWorkload } from "@/lib/demo/app";

export function podHealth(template: PodTemplate): PodHealth {
  const image = template.spec?.containers?.[0]?.image ?? "";
  switch (behaviourOf(template)) {
    case "image-pull":
      return {
        waiting: "ImagePullBackOff",
        message: `Back-off pulling image "${image}": failed to pull and unpack image "${image}": manifest unknown`,
      };
    case "bad-config":
      return { crashloop: { exitCode: 1 } };
    case "oom":
      return { crashloop: { exitCode: 137 } };
    default:
      return "ready";
  }
}

const iso = (t: number) => new Date(t).toISOString();

function json(t: number, level: string, msg: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({ time: iso(t), level, msg, ...extra });
}

/** The last `lines` lines a container of `w` would have written by `now`. */
export function podLog(
  w: DemoWorkload,
  behaviour: ReturnType<typeof behaviourOf>,
  options: { previous: boolean; upstreamDown: boolean; now: number; env: Record<string, string> },
): string | undefined {
  const { now } = options;
  const lines: string[] = [];
  const at = (i: number) => now - (40 - i) * 1500;
  switch (behaviour) {
    case "image-pull":
      return undefined; // the container never started
    case "bad-config":
      if (!options.previous) return undefined;
      return [
        json(at(0), "info", `starting ${w.name}`, { version: options.env.VERSION }),
        json(at(1), "info", "loading configuration from environment"),
        json(at(2), "fatal", `invalid configuration: CACHE_TTL is not a valid duration: "${options.env.CACHE_TTL ?? "?"}"`),
      ].join("\n");
    case "oom":
      if (!options.previous) return undefined;
      for (let i = 0; i < 12; i++)
        lines.push(json(at(i), "info", "rendering thumbnail batch", { batch: 4000 + i, heapUsedMb: 60 + i * 3 }));
      lines.push(
        "<--- Last few GCs --->",
        "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
        " 1: 0xb7c4a0 node::Abort() [node]",
      );
      return lines.join("\n");
    default:
      break;
  }
  for (let i = 0; i < 40; i++) {
    const path = ["/api/cart", "/api/checkout", "/api/items", "/healthz"][i % 4];
    if (behaviour === "errors" && i % 3 === 0) {
      lines.push(
        json(at(i), "error", `unhandled exception in POST ${path}`, {
          err: {
            type: "TypeError",
            message: "Cannot read properties of undefined (reading 'currency')",
            stack: `TypeError: Cannot read properties of undefined (reading 'currency')\n    at computeTotals (/app/dist/pricing/totals.js:48:37)\n    at Array.reduce (<anonymous>)`,
          },
        }),
      );
    } else if (options.upstreamDown && w.dependsOn && i % 2 === 0) {
      lines.push(
        json(at(i), "error", `POST ${options.env.UPSTREAM_URL ?? w.dependsOn}/v1/charge failed: connect ECONNREFUSED 10.96.41.7:8080`, {
          attempt: 3,
        }),
      );
    } else lines.push(json(at(i), "info", "request completed", { method: "GET", path, status: 200, durationMs: 20 + ((i * 37) % 60) }));
  }
  return lines.join("\n");
}
