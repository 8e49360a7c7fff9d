import { describe, expect, it } from "vitest";
import { bearerToken, tokenMatches } from "@/lib/http/bearer";

describe("bearer token", () => {
  it("extracts the token from an Authorization header", () => {
    expect(bearerToken("Bearer abc.def")).toBe("abc.def");
    expect(bearerToken("bearer   xyz ")).toBe("xyz");
    expect(bearerToken("Basic dXNlcjpwYXNz")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });

  it("accepts only the exact token", () => {
    expect(tokenMatches("s3cret-token", "s3cret-token")).toBe(true);
    expect(tokenMatches("s3cret-tokeN", "s3cret-token")).toBe(false);
    expect(tokenMatches("s3cret", "s3cret-token")).toBe(false);
    expect(tokenMatches(null, "s3cret-token")).toBe(false);
  });
});
