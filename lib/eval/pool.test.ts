import { describe, expect, it } from "vitest";
import { inOrder, mapInOrder } from "@/lib/eval/pool";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("inOrder", () => {
  it("keeps input order however the tasks finish, with at most `limit` in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const delays = [30, 5, 20, 1, 15, 2, 25, 3, 10];
    const out = await mapInOrder(delays, 3, async (ms, i) => {
      most = Math.max(most, ++inFlight);
      await sleep(ms);
      inFlight--;
      return i;
    });
    expect(out).toEqual(delays.map((_, i) => i));
    expect(most).toBe(3);
  });

  it("runs one at a time with a limit of 1 (or less)", async () => {
    const log: string[] = [];
    await mapInOrder([1, 2, 3], 0, async (n) => {
      log.push(`start ${n}`);
      await sleep(1);
      log.push(`end ${n}`);
    });
    expect(log).toEqual(["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"]);
  });

  it("does not run ahead of a slow consumer by more than the limit", async () => {
    let started = 0;
    const seen: number[] = [];
    const task = async (n: number) => {
      started++;
      return n;
    };
    for await (const n of inOrder([0, 1, 2, 3, 4, 5], 2, task)) {
      // Consumed n: n+1 was already running, n+2 just started.
      expect(started).toBeLessThanOrEqual(Math.min(6, n + 3));
      seen.push(n);
      await sleep(2);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("throws a task's failure where its result would have come, after the earlier results", async () => {
    const seen: number[] = [];
    const run = async () => {
      for await (const n of inOrder([1, 2, 3, 4], 4, async (n) => {
        if (n === 3) throw new Error("task 3 failed");
        await sleep(10);
        return n;
      }))
        seen.push(n);
    };
    await expect(run()).rejects.toThrow("task 3 failed");
    expect(seen).toEqual([1, 2]);
  });

  it("yields nothing for no items", async () => {
    expect(await mapInOrder([], 4, async (n: number) => n)).toEqual([]);
  });
});
