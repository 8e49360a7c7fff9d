// What memory-hungry work and slow leaks look like in each runtime's logs: the line that carries
// the number (rows loaded, heap after GC, goroutines, cache entries).
import { phrase, say, type Phrase } from "./phrase";
import type { Gen } from "./rng";
import type { Runtime } from "./runtimes";

const n = (x: number) => x.toLocaleString("en-US");

/** A unit of work too large for the container's memory limit. */
export function bigWork(g: Gen, rt: Runtime): Phrase {
  const rows = g.int(1_200_000, 24_000_000);
  const gb = g.float(0.8, 4.5).toFixed(1);
  switch (rt) {
    case "java": {
      const m = g.pick([
        `Loading price book into memory: ${n(rows)} SKUs`,
        `Settlement run: loading ${n(rows)} invoices for period close`,
        `Building report: fetched ${n(rows)} rows into result set`,
      ]);
      return phrase([say("info", `${m} (estimated ${gb} GB)`)], m);
    }
    case "go": {
      const m = `building in-memory index: ${n(rows)} entries`;
      return phrase(
        [say("info", m, { fields: { source: g.pick(["s3://catalog-exports/full.jsonl.gz", "postgres", "snapshot-latest"]) } })],
        m,
      );
    }
    case "node": {
      const m = g.pick([
        `Rendering statement batch: ${n(Math.round(rows / 100))} PDFs queued in memory`,
        `Parsed upload into memory: ${gb} GB JSON payload`,
      ]);
      return phrase([say("info", m)], m);
    }
    case "python": {
      const m = `Loaded DataFrame with ${n(rows)} rows (${gb} GB)`;
      return phrase([say("info", `${m} from warehouse.${g.pick(["orders_daily", "events_raw", "ledger_entries"])}`)], m);
    }
    case "dotnet":
    case "nginx": {
      const m = `Importing partner feed partners-full.xml (${gb} GB)`;
      return phrase([say("info", `${m} into memory`)], m);
    }
  }
}

/** What changed the load minutes ago (month end, a campaign, a bulk import, larger uploads). */
export function loadEvent(g: Gen, rt: Runtime): Phrase {
  const count = n(g.int(200_000, 4_000_000));
  const m = g.pick([
    `month-end close started: ${count} invoices to settle`,
    `bulk import accepted from tenant ${g.pick(["globex", "initech", "umbrella"])}: ${count} records`,
    `campaign traffic: ${g.int(3, 9)}x normal request volume, batch size raised to ${g.pick([5000, 10000, 20000])}`,
    `quarterly re-index requested: ${count} documents`,
  ]);
  return phrase([say(rt === "nginx" ? "warn" : "info", m)], m);
}

/** A periodic line showing memory that only grows (the leak's signature). */
export function growthLine(g: Gen, rt: Runtime, used: number, limitMi: number, seq: number): Phrase {
  const mb = Math.round(used / 1024 / 1024);
  // Counters that grow with the leak, so successive lines tell the same story.
  const grown = Math.round(mb * 97 + seq * 13);
  switch (rt) {
    case "java": {
      const m = `Pause Full (G1 Compaction Pause) ${mb + g.int(10, 40)}M->${mb}M(${limitMi}M)`;
      return phrase([say("info", `[gc] GC(${900 + seq * 37}) ${m} ${g.int(300, 1900)}.${g.int(100, 999)}ms`, { raw: true })], m);
    }
    case "go": {
      const m = `runtime stats: heap_inuse=${mb}MiB goroutines=${grown}`;
      return phrase([say("info", m)], m);
    }
    case "node": {
      const m = `heap usage: heapUsed=${mb}MB heapTotal=${mb + g.int(20, 60)}MB`;
      return phrase([say("warn", m)], m);
    }
    case "python": {
      const m = `session cache size=${n(grown * 3)} entries rss=${mb}MB`;
      return phrase([say("warn", m)], m);
    }
    case "dotnet":
    case "nginx": {
      const m = `GC heap size ${mb} MB after gen2 collection ${300 + seq * 11}`;
      return phrase([say("warn", m)], m);
    }
  }
}
