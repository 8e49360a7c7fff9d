// image_pull: the image cannot be pulled: a tag that does not exist, registry credentials missing
// (401/403), a registry host that does not resolve from the node, Docker Hub's rate limit. Often
// right after a rollout (the deploy is the trigger, not the cause), or in a sidecar/init image.
import { podEvent, startEvents } from "../k8s-events";
import { waiting } from "../k8s-pod";
import { current } from "../k8s-workloads";
import { bump } from "../names";
import { main, scaffold } from "../scaffold";
import { MIN, SEC } from "../time";
import type { Built } from "../expected";
import type { ContainerSpec, PodPlan, World } from "../types";
import { tag } from "../world";
import { statusAlert } from "./common";
import { rollout, rolloutChange } from "./rollout";

type Failure = { why: string; ev: string };

function failure(w: World, image: string, mode: string): Failure {
  const { g } = w;
  const host = image.split("/")[0] ?? "docker.io";
  const ref = `failed to resolve reference "${image}"`;
  const path = image.slice(host.length + 1).replace(/:([^:]+)$/, "/manifests/$1");
  switch (mode) {
    case "notfound":
      return {
        why: `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": ${ref}: ${image}: not found`,
        ev: `${image}: not found`,
      };
    case "401":
      return host.includes(".dkr.ecr.")
        ? {
            why: `rpc error: code = Unknown desc = failed to pull and unpack image "${image}": ${ref}: pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials`,
            ev: "no basic auth credentials",
          }
        : {
            why: `rpc error: code = Unknown desc = failed to pull and unpack image "${image}": ${ref}: failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://${host}/service/token?scope=repository%3A${encodeURIComponent(path.split("/manifests")[0] ?? "")}%3Apull&service=${host}: 401 Unauthorized`,
            ev: "401 Unauthorized",
          };
    case "403":
      return {
        why: `rpc error: code = Unknown desc = failed to pull and unpack image "${image}": ${ref}: unexpected status from HEAD request to https://${host}/v2/${path}: 403 Forbidden`,
        ev: "403 Forbidden",
      };
    case "dns": {
      const dns = g.pick(["10.0.0.2", "169.254.169.253", "168.63.129.16", "127.0.0.53"]);
      return {
        why: `rpc error: code = Unknown desc = failed to pull and unpack image "${image}": ${ref}: failed to do request: Head "https://${host}/v2/${path}": dial tcp: lookup ${host} on ${dns}:53: no such host`,
        ev: `lookup ${host} on ${dns}:53: no such host`,
      };
    }
    default:
      return {
        why: `rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/${path}: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit`,
        ev: "toomanyrequests: You have reached your pull rate limit",
      };
  }
}

export function imagePull(w: World): Built {
  const { g } = w;
  const where = g.weighted([
    ["main", 6],
    ["sidecar", 1],
    ["init", 1],
  ] as const);
  const t = scaffold(w, {
    kinds: [
      ["Deployment", 6],
      ["StatefulSet", 1],
      ["DaemonSet", 1],
      ["Job", 1],
      ["CronJob", 1],
      ["Pod", 1],
    ],
    sidecar: where === "sidecar" ? g.pick(["oauth2-proxy", "otel-collector", "fluent-bit"] as const) : null,
  });
  const mode = g.weighted([
    ["notfound", 4],
    ["401", 2],
    ["403", 1],
    ["dns", 2],
    ["429", where === "main" ? 0 : 1],
  ] as const);
  const newVersion = bump(g, t.version);
  const target = (c: { containers: ContainerSpec[]; init: ContainerSpec[] }): ContainerSpec => {
    if (where === "init") {
      if (!c.init.length)
        c.init.push({ name: g.pick(["wait-for-db", "migrate", "fetch-secrets"]), image: "", command: ["sh", "-c", "true"] });
      return c.init[0] as ContainerSpec;
    }
    return (where === "sidecar" ? c.containers[1] : c.containers[0]) as ContainerSpec;
  };
  const imageFor = (c: ContainerSpec) => {
    if (mode === "dns") return `${g.pick(["registy", "registry-mirror", "regsitry"])}.${w.cluster.domain}.io/${t.wl.name}:${newVersion}`;
    if (mode === "429") return `docker.io/library/busybox:1.36.${g.int(1, 9)}`;
    if (where !== "main") return c.image.replace(/:[^:/]+$/, `:${g.pick(["2.99.0", "v9.9.9", "latest-rc"])}`);
    return `${t.app.repo}:${mode === "notfound" ? `${newVersion}${g.pick(["", "-rc1", "-amd64"])}` : newVersion}`;
  };
  let pods: PodPlan[];
  let image = "";
  const isController = !t.wl.job && t.wl.kind !== "Pod";
  if (isController) {
    const at = w.now - g.int(8, 45) * MIN;
    const r = rollout(w, t, at, {
      complete: false,
      fresh: g.int(1, 3),
      version: newVersion,
      mutate: (c) => {
        const x = target(c);
        x.image = imageFor(x);
        image = x.image;
      },
    });
    rolloutChange(w, t, r, at, `${t.wl.name} ${r.version}${where === "main" ? "" : `: ${where} image updated`}`);
    pods = r.fresh;
    // addRevision re-tags the app image with the version; keep the exact (bad) reference.
    if (where === "main") r.rev.containers[0] = { ...(r.rev.containers[0] as ContainerSpec), image };
    tag(w, "confounder:deploy-then-image-pull");
  } else {
    const spec = { containers: (t.pods[0] as PodPlan).containers.map((c) => c.spec), init: (t.pods[0] as PodPlan).init.map((c) => c.spec) };
    const x = target(spec);
    x.image = imageFor(x);
    image = x.image;
    const pod = t.pods[0] as PodPlan;
    if (where === "init" && !pod.init.length) pod.init = [{ spec: x, status: null }];
    const rev = current(t.wl);
    target(rev).image = image;
    pods = [pod];
  }
  const f = failure(w, image, mode);
  for (const pod of pods) {
    const list = where === "init" ? pod.init : pod.containers;
    const c = where === "init" ? list[0] : where === "sidecar" ? list[1] : main(pod, t.app);
    if (!c) continue;
    c.spec = { ...c.spec, image };
    const back = g.chance(0.7);
    c.status = waiting(back ? "ImagePullBackOff" : "ErrImagePull", back ? `Back-off pulling image "${image}"` : f.why);
    if (where === "init") for (const m of pod.containers) m.status = null;
    pod.phase = "Pending";
    const first = Math.max(pod.createdAt + 2 * SEC, w.now - 59 * MIN);
    const n = g.int(4, 12);
    startEvents(w, pod, { only: [] });
    const e = (reason: string, message: string, type: "Normal" | "Warning", count: number) =>
      podEvent(w, pod, c.spec.name, { reason, message, type, count, first, last: w.now - g.int(5, 90) * SEC });
    e("Pulling", `Pulling image "${image}"`, "Normal", n);
    e("Failed", `Failed to pull image "${image}": ${f.why}`, "Warning", n);
    e("Failed", "Error: ErrImagePull", "Warning", n);
    e("BackOff", `Back-off pulling image "${image}"`, "Normal", n * 8);
    e("Failed", "Error: ImagePullBackOff", "Warning", n * 8);
  }
  const first = pods[0] as PodPlan;
  statusAlert(w, t, first, first.createdAt + g.int(5, 15) * MIN, {
    crashing: false,
    waiting: "ImagePullBackOff",
    container: where === "init" ? first.init[0]?.spec.name : undefined,
  });
  return {
    title: `${w.ns}/${t.wl.name}: ${where === "main" ? "" : `${where} `}image ${image} cannot be pulled (${mode === "notfound" ? "tag not found" : mode === "dns" ? "registry host does not resolve" : mode === "429" ? "rate limited" : "registry denies access"})`,
    evidence: ["ImagePullBackOff", f.ev],
  };
}
