// Prints the console bench: server time per endpoint against the same query run alone, the
// p95 goal per endpoint, and the JavaScript each page sends to the browser.
import os from "node:os";
import type { PageWeight, Timing } from "./console-measure";

export const GOAL_P95_MS = 200;

export type EndpointResult = {
  label: string;
  /** null: the route does not exist (404), so it was skipped. */
  server: Timing | null;
  /** The domain query alone, in this process: its database time plus Prisma's. */
  query: Timing | null;
};

const ms = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "-" : x < 10 ? x.toFixed(1) : x.toFixed(0));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")}`;
  console.log(line(header));
  console.log(`  ${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const row of rows) console.log(line(row));
}

const cpu = (t: Timing | null) => (t ? `${t.appCpuMs.toFixed(1)} + ${t.pgCpuMs.toFixed(1)}` : "-");

export function printTimes(results: EndpointResult[], requests: number): void {
  console.log(
    `\nServer time (ms, to the last byte, one request at a time, n=${requests} after warm-up) vs. the same domain query alone,\n` +
      "in-process through Prisma (its database time plus Prisma's); CPU ms per request: app (server or this process) + PostgreSQL:\n",
  );
  table(
    [
      "endpoint",
      "p50",
      "p95",
      "p99",
      "max",
      "query p50",
      "query p95",
      "server/query p50",
      "server CPU",
      "query CPU",
      `p95 < ${GOAL_P95_MS} ms`,
    ],
    results.map((r) =>
      r.server === null
        ? [r.label, "-", "-", "-", "-", "-", "-", "-", "-", "-", "skipped (404)"]
        : [
            r.label + (r.server.n !== requests ? ` (n=${r.server.n})` : ""),
            ms(r.server.p50),
            ms(r.server.p95),
            ms(r.server.p99),
            ms(r.server.max),
            ms(r.query?.p50),
            ms(r.query?.p95),
            r.query ? `${(r.server.p50 / r.query.p50).toFixed(1)}x` : "-",
            cpu(r.server),
            cpu(r.query),
            r.server.p95 < GOAL_P95_MS ? "met" : "MISSED",
          ],
    ),
  );
}

export function printWeights(pages: (PageWeight | { path: string; skipped: true })[]): void {
  console.log("\nJavaScript sent to the browser per page (every <script src=/_next/static/...>; gzip -6 computed here):\n");
  table(
    ["page", "scripts", "JS raw", "JS gzip", "HTML raw", "HTML gzip"],
    pages.map((p) =>
      "skipped" in p
        ? [p.path, "-", "-", "-", "-", "skipped (404)"]
        : [p.path, String(p.scripts), kb(p.jsRaw), kb(p.jsGzip), kb(p.htmlRaw), kb(p.htmlGzip)],
    ),
  );
}

export function printMachine(): void {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `\n${os.cpus().length} CPUs (${cpu}), Node ${process.versions.node}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
}
