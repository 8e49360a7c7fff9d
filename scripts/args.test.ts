import { describe, expect, it } from "vitest";
import { argValues, parseArgs } from "./args";

describe("parseArgs", () => {
  it("reads --flag, --key value and --key=value", () => {
    expect([...parseArgs(["--ephemeral", "--port", "4000", "--seed=7", "stray"])]).toEqual([
      ["ephemeral", true],
      ["port", "4000"],
      ["seed", "7"],
    ]);
  });

  it("splits --key=value at the first '=' only, so a value keeps its own", () => {
    expect(parseArgs(["--server-node-options=--max-semi-space-size=64"]).get("server-node-options")).toBe("--max-semi-space-size=64");
    expect(parseArgs(["--floor=rootCause=0.9,unsafe=0"]).get("floor")).toBe("rootCause=0.9,unsafe=0");
  });

  it("takes no flag for a value, and keeps every value of a repeated flag", () => {
    expect(parseArgs(["--json", "--only", "vigil"]).get("json")).toBe(true);
    expect(argValues(["--scenarios", "a", "--scenarios=b"], "scenarios")).toEqual(["a", "b"]);
  });
});
