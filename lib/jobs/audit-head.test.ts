// The hourly head export's timing: a first pass a minute after start, the next an interval
// after each pass ends (never two at once), none after stop, and a failing pass is logged
// without ending the schedule.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";

const exportAuditHead = vi.hoisted(() => vi.fn());
vi.mock("@/lib/audit/head", () => ({ exportAuditHead, headOutputsFromEnv: () => ({ file: null, webhook: null, instance: "test" }) }));
const { startAuditHeadExport } = await import("@/lib/jobs/audit-head");

const db = {} as Db;
const HOUR = 3600_000;

beforeEach(() => {
  vi.useFakeTimers();
  exportAuditHead.mockReset();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("startAuditHeadExport", () => {
  it("exports a minute after start, then hourly, as the system, until stopped", async () => {
    exportAuditHead.mockResolvedValue({ ok: true });
    const stop = startAuditHeadExport(db);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(exportAuditHead).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(exportAuditHead).toHaveBeenCalledTimes(1);
    expect(exportAuditHead).toHaveBeenCalledWith(db, expect.objectContaining({ by: { type: "system", id: null } }));
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(exportAuditHead).toHaveBeenCalledTimes(2);
    stop();
    await vi.advanceTimersByTimeAsync(3 * HOUR);
    expect(exportAuditHead).toHaveBeenCalledTimes(2);
  });

  it("waits for a slow pass before counting the interval, and goes on after one that throws", async () => {
    const error = vi.spyOn(log, "error").mockImplementation(() => undefined);
    exportAuditHead.mockImplementationOnce(
      () => new Promise((_, reject) => setTimeout(() => reject(new Error("database down")), 2 * HOUR)),
    );
    exportAuditHead.mockResolvedValue({ ok: true });
    const stop = startAuditHeadExport(db);
    await vi.advanceTimersByTimeAsync(60_000 + 2 * HOUR);
    expect(exportAuditHead).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith({ err: "database down" }, "audit chain head export failed");
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(exportAuditHead).toHaveBeenCalledTimes(2);
    stop();
  });
});
