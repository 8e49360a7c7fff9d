import { afterEach, describe, expect, it, vi } from "vitest";
import { parseEnv } from "@/lib/env";
import { secureSessionCookie } from "@/lib/auth/cookies";

async function authOptionsWith(vars: Record<string, string>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  return (await import("@/lib/auth/options")).authOptions;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("VIGIL_SECURE_COOKIES", () => {
  it("is unset unless given, so next-auth decides", () => {
    expect(parseEnv({}).VIGIL_SECURE_COOKIES).toBeUndefined();
    expect(parseEnv({ VIGIL_SECURE_COOKIES: "" }).VIGIL_SECURE_COOKIES).toBeUndefined();
    expect(parseEnv({ VIGIL_SECURE_COOKIES: "true" }).VIGIL_SECURE_COOKIES).toBe(true);
    expect(parseEnv({ VIGIL_SECURE_COOKIES: "0" }).VIGIL_SECURE_COOKIES).toBe(false);
    expect(parseEnv({ VIGIL_SECURE_COOKIES: "no" }).VIGIL_SECURE_COOKIES).toBe(false);
  });

  it("reaches next-auth's options only when set", async () => {
    // An explicit false would override next-auth's own choice for an https:// NEXTAUTH_URL.
    expect(await authOptionsWith({ VIGIL_SECURE_COOKIES: "", NEXTAUTH_URL: "https://vigil.example.com" })).not.toHaveProperty(
      "useSecureCookies",
    );
    expect(await authOptionsWith({ VIGIL_SECURE_COOKIES: "false" })).toHaveProperty("useSecureCookies", false);
    expect(await authOptionsWith({ VIGIL_SECURE_COOKIES: "true" })).toHaveProperty("useSecureCookies", true);
  });
});

describe("secureSessionCookie", () => {
  // The proxy must read the cookie next-auth wrote: the same decision, made explicit.
  it("follows NEXTAUTH_URL's scheme when unset", () => {
    expect(secureSessionCookie(parseEnv({ NEXTAUTH_URL: "https://vigil.example.com" }))).toBe(true);
    expect(secureSessionCookie(parseEnv({ NEXTAUTH_URL: "http://localhost:3000" }))).toBe(false);
    expect(secureSessionCookie(parseEnv({}))).toBe(false);
  });

  it("follows VIGIL_SECURE_COOKIES when set", () => {
    expect(secureSessionCookie(parseEnv({ VIGIL_SECURE_COOKIES: "false", NEXTAUTH_URL: "https://vigil.example.com" }))).toBe(false);
    expect(secureSessionCookie(parseEnv({ VIGIL_SECURE_COOKIES: "true", NEXTAUTH_URL: "http://localhost:3000" }))).toBe(true);
  });
});
