import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { createDb, type Db } from "@/lib/db/client";
import { createUser } from "@/lib/auth/users";
import { verifyPassword } from "@/lib/auth/password";
import { signInWithPassword, type SignInResult } from "@/lib/auth/sign-in";

// The hash is spied on, not timed: a refused attempt must still pay for one.
vi.mock("@/lib/auth/password", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/auth/password")>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

let t: TestDb;
let other: { db: Db; close: () => Promise<void> };
beforeAll(async () => {
  t = await openTestDb();
  const second = createDb(t.url, 2);
  other = { db: second.db, close: async () => (await second.db.$disconnect(), await second.pool.end()) };
});
afterAll(async () => {
  await other?.close();
  await t?.close();
});
beforeEach(() => {
  vi.mocked(verifyPassword).mockClear();
});

const t0 = new Date("2030-01-01T00:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const reasonOf = (result: SignInResult) => (result.ok ? "signed in" : result.reason);
const behindProxy = (seconds: number) => ({ trustedProxies: 1, now: at(seconds) });

describe("sign-in throttle", () => {
  it("backs off per account across forged addresses and instances, then lets the right password in", async () => {
    const email = `${unique("u")}@example.com`;
    await createUser(t.db, { email, password: "right password", role: "viewer" }, { type: "system" });
    // Ten wrong passwords, each from another forged leftmost entry and another real address,
    // spaced past each backoff; every second one through the other instance.
    for (let i = 0; i < 10; i++) {
      const db = i % 2 ? other.db : t.db;
      const forwardedFor = `10.9.9.${i}, 203.0.113.${i}`;
      expect(reasonOf(await signInWithPassword(db, { email, password: "wrong password", forwardedFor }, behindProxy(i * 20)))).toBe(
        "invalid",
      );
    }
    // The tenth failure (at 180 s) backs the account off for 2^(10-5-1) = 16 s, on both instances.
    const early = { email, password: "right password", forwardedFor: "203.0.113.99" };
    expect(await signInWithPassword(other.db, early, behindProxy(185))).toEqual({ ok: false, reason: "throttled" });
    expect(await signInWithPassword(t.db, early, behindProxy(190))).toEqual({ ok: false, reason: "throttled" });
    const late = await signInWithPassword(t.db, early, behindProxy(200));
    expect(late.ok).toBe(true);
    // A success clears the account: the next wrong passwords are checked again.
    expect(reasonOf(await signInWithPassword(other.db, { ...early, password: "wrong" }, behindProxy(201)))).toBe("invalid");
  });

  it("counts an address by its trusted hop, so rotating the forged entries does not reset it", async () => {
    const real = "198.51.100.23";
    // Twenty failures from one address are free (other people may share it); the 21st backs it off.
    for (let i = 0; i < 21; i++) {
      const attempt = { email: `${unique("nobody")}@example.com`, password: "guess", forwardedFor: `172.16.0.${i}, ${real}` };
      expect(reasonOf(await signInWithPassword(i % 2 ? other.db : t.db, attempt, behindProxy(i)))).toBe("invalid");
    }
    const next = { email: `${unique("nobody")}@example.com`, password: "guess", forwardedFor: `172.16.1.1, ${real}` };
    expect(await signInWithPassword(t.db, next, behindProxy(20))).toEqual({ ok: false, reason: "throttled" });
    // Another real address is not held up by it.
    expect(reasonOf(await signInWithPassword(t.db, { ...next, forwardedFor: `172.16.1.1, 198.51.100.24` }, behindProxy(20)))).toBe(
      "invalid",
    );
  });

  it("still runs the password hash for a throttled attempt and for an unknown user", async () => {
    const email = `${unique("u")}@example.com`;
    await createUser(t.db, { email, password: "right password", role: "viewer" }, { type: "system" });
    for (let i = 0; i < 6; i++) {
      await signInWithPassword(t.db, { email, password: "wrong", forwardedFor: `203.0.113.${50 + i}` }, behindProxy(i * 10));
    }
    vi.mocked(verifyPassword).mockClear();
    const refused = await signInWithPassword(t.db, { email, password: "right password", forwardedFor: "203.0.113.60" }, behindProxy(50.5));
    expect(refused).toEqual({ ok: false, reason: "throttled" });
    expect(verifyPassword).toHaveBeenCalledTimes(1);
    vi.mocked(verifyPassword).mockClear();
    const unknown = await signInWithPassword(
      t.db,
      { email: `nobody-${email}`, password: "x", forwardedFor: "203.0.113.61" },
      behindProxy(51),
    );
    expect(unknown).toEqual({ ok: false, reason: "invalid" });
    expect(verifyPassword).toHaveBeenCalledTimes(1);
  });
});
