import { describe, expect, it } from "vitest";
import { parseTraceId, traceIdSchema } from "@/lib/lineage/trace-id";

const id = "4bf92f3577b34da6a3ce929d0e0e4736";

describe("parseTraceId", () => {
  it.each([
    [id],
    [`  ${id.toUpperCase()}\n`],
    [`'${id}'`],
    [`vigil.dev/trace-id=${id}`],
    [`vigil.dev/trace-id: "${id}"`],
    [`vigil-${id}`],
    [`00-${id}-00f067aa0ba902b7-01`],
  ])("finds the trace id in %j", (input) => {
    expect(parseTraceId(input)).toBe(id);
  });

  it.each([[""], ["0".repeat(32)], [id.slice(1)], [`${id}0`], ["not-a-trace"], [`x${id}`]])("finds none in %j", (input) => {
    expect(parseTraceId(input)).toBeNull();
  });

  it("validates as a schema with a message people can act on", () => {
    expect(traceIdSchema.parse(`vigil-${id}`)).toBe(id);
    const bad = traceIdSchema.safeParse("abc");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain("32 hexadecimal characters");
  });

  it("reads a path segment that still holds escapes, and never throws on a stray %", () => {
    expect(traceIdSchema.parse(`vigil.dev%2Ftrace-id%3D${id}`)).toBe(id);
    expect(traceIdSchema.safeParse("%zz").success).toBe(false);
  });
});
