import { describe, expect, it } from "vitest";
import { jsonNestsDeeperThan } from "@/lib/http/json-depth";

describe("jsonNestsDeeperThan", () => {
  it("counts arrays and objects inside one another, not side by side", () => {
    expect(jsonNestsDeeperThan("1", 0)).toBe(false);
    expect(jsonNestsDeeperThan("{}", 0)).toBe(true);
    expect(jsonNestsDeeperThan('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(jsonNestsDeeperThan("[[],[],[],[],[]]", 2)).toBe(false);
    expect(jsonNestsDeeperThan("[".repeat(10_000) + "]".repeat(10_000), 64)).toBe(true);
  });

  it("reads brackets and escaped quotes inside strings as text", () => {
    expect(jsonNestsDeeperThan(JSON.stringify({ a: "[[[[{{{{" }), 1)).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify({ a: '\\"[[[', b: "\\" }), 1)).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify({ a: '"', b: [[]] }), 2)).toBe(true);
    expect(jsonNestsDeeperThan(JSON.stringify({ a: "\\\\", b: [[]] }), 2)).toBe(true);
    expect(jsonNestsDeeperThan(JSON.stringify(['\\"[[', "]]"]), 1)).toBe(false);
  });

  it("leaves an unterminated string to JSON.parse to refuse", () => {
    expect(jsonNestsDeeperThan('["[[[[', 1)).toBe(false);
  });
});
