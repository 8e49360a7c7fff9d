import { describe, expect, it } from "vitest";
import { compactLine, lineTemplate, selectLogLines } from "@/lib/evidence/log-lines";

describe("log lines", () => {
  it("compacts a pino error line to its message and top stack frames", () => {
    const raw = JSON.stringify({
      level: 50,
      time: 1,
      msg: "request failed",
      err: {
        type: "TypeError",
        message: "Cannot read properties of undefined (reading 'currency')",
        stack:
          "TypeError: Cannot read properties of undefined (reading 'currency')\n    at computeTotals (/app/totals.js:48:37)\n    at Array.reduce (<anonymous>)\n    at deep (/app/x.js:1:1)",
      },
    });
    const { text, level } = compactLine(raw);
    expect(level).toBe("error");
    expect(text).toBe(
      "request failed | TypeError: Cannot read properties of undefined (reading 'currency') | at computeTotals (/app/totals.js:48:37) | at Array.reduce (<anonymous>)",
    );
  });

  it("reads levels from logback JSON and plain text", () => {
    expect(compactLine('{"message":"pool busy","level":"WARN"}')).toEqual({ text: "pool busy", level: "warn" });
    expect(compactLine("2025-01-01 ERROR [main] boom").level).toBe("error");
    expect(compactLine('INFO:     10.0.0.1:1 - "GET /healthz HTTP/1.1" 200 OK').level).toBe("info");
  });

  it("collapses repeats into one line with a count, keeping the newest wording (where a figure stands now)", () => {
    expect(lineTemplate("timeout after 30000ms on 10.0.0.1:5432")).toBe(lineTemplate("timeout after 1200ms on 10.2.3.4:5432"));
    const log = ["ERROR timeout after 30000ms", "INFO ok", "ERROR timeout after 30001ms", "ERROR timeout after 30002ms"].join("\n");
    const lines = selectLogLines(log, { previous: false, max: 5 });
    expect(lines[0]).toMatchObject({ text: "ERROR timeout after 30002ms", count: 3 });
  });

  it("keeps a crashed container's last words even at info level", () => {
    const log = ["INFO starting", "INFO loading config", "INFO model download in progress 10%", "INFO model download in progress 90%"].join(
      "\n",
    );
    const lines = selectLogLines(log, { previous: true, max: 3 });
    expect(lines.map((l) => l.text)).toContain("INFO model download in progress 90%");
  });

  it("keeps info lines that carry the decisive figure: a call's duration, a pool's state, memory", () => {
    const log = [
      "INFO request served",
      "INFO Database call completed in 8.01 seconds.",
      "INFO cache warm",
      "INFO HikariPool-1 - Pool stats (total=10, active=10, idle=0, waiting=37)",
      "INFO retrying in 5s",
    ].join("\n");
    const lines = selectLogLines(log, { previous: false, max: 5 });
    expect(lines.filter((l) => l.figure).map((l) => l.text)).toEqual([
      "INFO Database call completed in 8.01 seconds.",
      "INFO HikariPool-1 - Pool stats (total=10, active=10, idle=0, waiting=37)",
    ]);
  });

  it("keeps a Java stack's root cause (the last Caused by)", () => {
    const raw = JSON.stringify({
      message: "request failed",
      level: "ERROR",
      stack_trace:
        "a.TxException: Could not open\n\tat a.b(C.java:1)\nCaused by: b.JdbcException: Unable\n\t... 9 common frames omitted\nCaused by: c.Timeout: Connection is not available, request timed out after 30000ms\n\tat d.e(F.java:2)",
    });
    expect(compactLine(raw).text).toBe(
      "request failed | a.TxException: Could not open | Caused by: c.Timeout: Connection is not available, request timed out after 30000ms | at a.b(C.java:1)",
    );
  });

  it("joins Java stack continuation lines to their exception", () => {
    const log = "ERROR boom\njava.lang.IllegalStateException: bad\n\tat a.b.C.d(C.java:1)\n\tat e.f(G.java:2)\n\tat h.i(J.java:3)";
    const texts = selectLogLines(log, { previous: false, max: 5 }).map((l) => l.text);
    expect(texts).toContain("java.lang.IllegalStateException: bad | at a.b.C.d(C.java:1) | at e.f(G.java:2)");
  });
});
