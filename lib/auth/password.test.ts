import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { clearFailures, isThrottled, recordFailure } from "@/lib/auth/throttle";

describe("password hashing", () => {
  it("verifies the right password only, with a fresh salt each time", async () => {
    const a = await hashPassword("correct horse");
    const b = await hashPassword("correct horse");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse", a)).toBe(true);
    expect(await verifyPassword("correct horsE", a)).toBe(false);
    expect(await verifyPassword("correct horse", "md5$abc")).toBe(false);
  });
});

describe("sign-in throttle", () => {
  it("refuses after ten failures in the window and forgets after success", () => {
    const keys = ["email:t@x", "addr:1.2.3.4"];
    const now = 1_000_000;
    for (let i = 0; i < 9; i++) recordFailure(keys, now);
    expect(isThrottled(keys, now)).toBe(false);
    recordFailure(keys, now);
    expect(isThrottled(keys, now)).toBe(true);
    expect(isThrottled(keys, now + 11 * 60 * 1000)).toBe(false);
    recordFailure(keys, now);
    clearFailures(keys);
    expect(isThrottled(keys, now)).toBe(false);
  });
});
