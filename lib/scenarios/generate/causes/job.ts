// A Job that fails: one pod per attempt (restartPolicy Never), each terminated the same way,
// until the backoff limit is reached, with the job-controller's events and KubeJobFailed.
import { alerts } from "../alerts";
import { event, startEvents } from "../k8s-events";
import { terminated } from "../k8s-pod";
import { current, spawnPods } from "../k8s-workloads";
import type { Target } from "../scaffold";
import { MIN, SEC } from "../time";
import type { PodPlan, World } from "../types";

export type Attempt = { pod: PodPlan; start: number; end: number };

export function failJob(
  w: World,
  t: Target,
  o: { reason: string; exitCode: number; runMs: () => number; message?: string; container?: string; log: (a: Attempt) => void },
): Attempt[] {
  const { g } = w;
  const job = t.wl.job;
  if (!job) throw new Error("failJob on a workload that is not a Job");
  const container = o.container ?? t.app.container;
  const attempts: Attempt[] = [];
  let at = job.startTime;
  for (let i = 0; i <= job.backoffLimit; i++) {
    let run = o.runMs();
    const pod = i === 0 ? (t.pods[0] as PodPlan) : (spawnPods(w, t.wl, current(t.wl), { count: 1, at: () => at })[0] as PodPlan);
    const start = pod.createdAt + g.int(2, 6) * SEC;
    // The first attempt always ends before now (shortened if the job started only just now).
    if (i === 0) run = Math.max(5 * SEC, Math.min(run, w.now - 20 * SEC - start));
    if (start + run > w.now - 20 * SEC) {
      t.wl.pods = t.wl.pods.filter((p) => p !== pod);
      job.backoffLimit = i - 1;
      break;
    }
    pod.phase = "Failed";
    for (const c of pod.containers) {
      c.status = {
        restartCount: 0,
        ready: false,
        started: false,
        state:
          c.spec.name === container
            ? terminated(o.reason, o.exitCode, start, start + run, o.message)
            : terminated("Completed", 0, start, start + run + SEC),
        lastState: {},
      };
    }
    attempts.push({ pod, start, end: start + run });
    startEvents(w, pod);
    event(
      w,
      { kind: "Job", name: t.wl.name, uid: t.wl.uid },
      { reason: "SuccessfulCreate", message: `Created pod: ${pod.name}`, first: pod.createdAt, component: "job-controller" },
    );
    o.log({ pod, start, end: start + run });
    at = start + run + Math.min(10 * SEC * 2 ** i, 360 * SEC) + g.int(1, 4) * SEC;
  }
  const last = attempts[attempts.length - 1] as Attempt;
  job.failed = { reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit", at: last.end + 2 * SEC };
  event(
    w,
    { kind: "Job", name: t.wl.name, uid: t.wl.uid },
    {
      reason: "BackoffLimitExceeded",
      type: "Warning",
      message: "Job has reached the specified backoff limit",
      first: last.end + 2 * SEC,
      component: "job-controller",
    },
  );
  alerts.jobFailed(w, t.wl.name, Math.min(last.end + g.int(1, 4) * MIN, w.now - 30 * SEC));
  if (t.wl.cron)
    event(
      w,
      { kind: "CronJob", name: t.wl.cron.name, uid: t.wl.cron.uid },
      {
        reason: "SawCompletedJob",
        message: `Saw completed job: ${t.wl.name}, condition: Failed`,
        first: last.end + 3 * SEC,
        component: "cronjob-controller",
      },
    );
  return attempts;
}
