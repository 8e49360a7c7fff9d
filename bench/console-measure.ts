// Timing for the console bench: one request (or one in-process query) at a time, warm-up
// first, each sample the time to the last byte; and the JavaScript a page makes the browser
// download, raw and gzip'd.
import { gzipSync } from "node:zlib";
import { percentile } from "./stats";
import { sampleProcessTicks, ticksBetween } from "./cpu";

export type Summary = { n: number; p50: number; p95: number; p99: number; max: number; mean: number };
/** With the CPU each timed call cost: the application (the server's process group, or this process for a
 * query run in-process) and the bench database's PostgreSQL processes. Unlike the times, these hardly
 * move when other work shares the machine. */
export type Timing = Summary & { appCpuMs: number; pgCpuMs: number };

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    mean,
  };
}

export class HttpError extends Error {}

/** GET with the session cookie, read to the end; anything but 200 is an error (a redirect to sign-in too). */
export async function get(base: string, path: string, cookie: string): Promise<{ status: number; body: Buffer }> {
  const response = await fetch(`${base}${path}`, { headers: { cookie, accept: "text/html,application/json" }, redirect: "manual" });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, body };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** `n` timed calls, one at a time; call i gets argument from + i (warm-up runs pass from = the timed count). */
export async function sample(n: number, call: (i: number) => Promise<unknown>, from = 0): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await timed(() => call(from + i)));
  return samples;
}

/** GET `path(i)` with the session; anything but 200 is an error. */
export function httpCall(base: string, cookie: string, path: (i: number) => string): (i: number) => Promise<void> {
  return async (i) => {
    const { status, body } = await get(base, path(i), cookie);
    if (status !== 200) throw new HttpError(`GET ${path(i)}: HTTP ${status} ${body.toString("utf8").slice(0, 200)}`);
  };
}

/** `warmup` untimed calls, then `n` timed ones with the CPU they cost. `serverGroup`: the server's
 * process group, or undefined when the work runs in this process. */
export async function measure(
  n: number,
  warmup: number,
  call: (i: number) => Promise<unknown>,
  database: string,
  serverGroup?: number,
): Promise<Timing> {
  await sample(warmup, call, n);
  const before = sampleProcessTicks(serverGroup, database);
  const times = await sample(n, call);
  const after = sampleProcessTicks(serverGroup, database);
  const perCall = (s: number) => (s * 1000) / n;
  return {
    ...summarize(times),
    appCpuMs: perCall(ticksBetween(before.app, after.app)),
    pgCpuMs: perCall(ticksBetween(before.postgres, after.postgres)),
  };
}

export type PageWeight = { path: string; scripts: number; jsRaw: number; jsGzip: number; htmlRaw: number; htmlGzip: number };

/** The page's own HTML and every `<script src="/_next/static/...">` it names, fetched and summed. */
export async function pageWeight(base: string, cookie: string, path: string): Promise<PageWeight> {
  const page = await get(base, path, cookie);
  if (page.status !== 200) throw new HttpError(`GET ${path}: HTTP ${page.status}`);
  const html = page.body.toString("utf8");
  const sources = new Set([...html.matchAll(/<script\b[^>]*?\ssrc="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&")));
  let jsRaw = 0;
  let jsGzip = 0;
  let scripts = 0;
  for (const src of sources) {
    if (!src.startsWith("/_next/static/")) continue;
    const script = await get(base, src, cookie);
    if (script.status !== 200) throw new HttpError(`GET ${src}: HTTP ${script.status}`);
    scripts += 1;
    jsRaw += script.body.length;
    jsGzip += gzipSync(script.body).length;
  }
  return { path, scripts, jsRaw, jsGzip, htmlRaw: page.body.length, htmlGzip: gzipSync(page.body).length };
}
