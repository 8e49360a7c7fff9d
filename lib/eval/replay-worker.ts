// A worker thread that replays scenarios for the eval (replay-pool.ts): the same replayEvidence
// as in-process, on another core. It answers each request by id, as many at once as it is sent.
import { parentPort } from "node:worker_threads";
import { replayEvidence } from "@/lib/eval/replay";
import type { ReplayRequest, ReplayResponse } from "@/lib/eval/replay-pool";

const port = parentPort;
if (!port) throw new Error("replay-worker.ts runs as a worker thread (see replay-pool.ts)");
port.on("message", ({ id, scenario, budget }: ReplayRequest) => {
  replayEvidence(scenario, budget).then(
    (replay) => port.postMessage({ id, replay } satisfies ReplayResponse),
    (err: Error) => port.postMessage({ id, error: err.stack ?? String(err) } satisfies ReplayResponse),
  );
});
