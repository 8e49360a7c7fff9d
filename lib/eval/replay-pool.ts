// Replays on worker threads, so a big eval uses every core: a replay is CPU-bound in one
// thread (the sandbox API server, the fake Prometheus and the client parsing their answers all
// share it). Each worker runs the same replayEvidence as in-process; the engines and the scoring
// stay on the main thread, in input order. Workers load the TypeScript through tsx, as the CLI
// does; under vitest, replay in-process instead.
import { Worker } from "node:worker_threads";
import type { Scenario } from "@/lib/scenarios/schema";
import type { Replay } from "@/lib/eval/replay";

export type ReplayRequest = { id: number; scenario: Scenario; budget?: number };
export type ReplayResponse = { id: number; replay: Replay } | { id: number; error: string };
export type ReplayPool = { replay: (scenario: Scenario, budget?: number) => Promise<Replay>; close: () => Promise<void> };

// Node 20 does not carry the main thread's module hooks (tsx: TypeScript, the "@/" paths) into a
// worker, so the worker registers them itself before it loads replay-worker.ts.
const bootstrap = () => `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
  .then((tsx) => tsx.register())
  .then(() => import(${JSON.stringify(new URL("./replay-worker.ts", import.meta.url).href)}));`;

type Waiting = { resolve: (r: Replay) => void; reject: (e: Error) => void; worker: number };

export function createReplayPool(size: number): ReplayPool {
  const waiting = new Map<number, Waiting>();
  const load: number[] = [];
  let nextId = 0;
  let dead: Error | undefined;
  const code = bootstrap();
  const workers = Array.from({ length: Math.max(1, size) }, (_, w) => {
    load.push(0);
    const worker = new Worker(code, { eval: true });
    worker.on("message", (m: ReplayResponse) => {
      const entry = waiting.get(m.id);
      if (!entry) return;
      waiting.delete(m.id);
      load[w]!--;
      if ("error" in m) entry.reject(new Error(`replay in worker ${w}: ${m.error}`));
      else entry.resolve(m.replay);
    });
    // A worker that dies takes its replays with it: fail them rather than wait forever, and
    // every later one too (the eval stops at the first failed replay anyway).
    const fail = (err: Error) => {
      dead ??= new Error(`replay worker ${w} stopped: ${err.message}`);
      for (const [id, entry] of waiting)
        if (entry.worker === w) {
          waiting.delete(id);
          entry.reject(new Error(`replay worker ${w} stopped: ${err.message}`));
        }
    };
    worker.on("error", fail);
    worker.on("exit", (exitCode) => fail(new Error(`exit code ${exitCode}`)));
    return worker;
  });

  return {
    replay(scenario, budget) {
      if (dead) return Promise.reject(dead);
      const w = load.indexOf(Math.min(...load));
      load[w]!++;
      const id = nextId++;
      return new Promise<Replay>((resolve, reject) => {
        waiting.set(id, { resolve, reject, worker: w });
        workers[w]!.postMessage({ id, scenario, budget } satisfies ReplayRequest);
      });
    },
    async close() {
      dead ??= new Error("replay pool closed");
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
