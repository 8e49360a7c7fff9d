import { describe, expect, it } from "vitest";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, demoBanner } from "@/lib/demo/banner";

const base = { url: "http://127.0.0.1:3000", adminEmail: DEMO_ADMIN_EMAIL, embedded: true, dataDir: null };

describe("demoBanner", () => {
  it("prints the built-in demo password, which is public anyway", () => {
    const banner = demoBanner({ ...base, adminPassword: DEMO_ADMIN_PASSWORD });
    expect(banner).toContain(`Sign in   ${DEMO_ADMIN_EMAIL} / ${DEMO_ADMIN_PASSWORD}`);
  });

  it("never prints a password set in VIGIL_ADMIN_PASSWORD, only where it came from", () => {
    const banner = demoBanner({ ...base, adminEmail: "ops@example.com", adminPassword: "s3cret-Pa55" });
    expect(banner).not.toContain("s3cret-Pa55");
    expect(banner).toContain("Sign in   ops@example.com / the password in VIGIL_ADMIN_PASSWORD");
  });

  it("says where the database is", () => {
    expect(demoBanner({ ...base, adminPassword: DEMO_ADMIN_PASSWORD })).toContain("Database  embedded, ephemeral");
    expect(demoBanner({ ...base, adminPassword: DEMO_ADMIN_PASSWORD, dataDir: "/data/demo" })).toContain("embedded, kept in /data/demo/db");
    expect(demoBanner({ ...base, adminPassword: DEMO_ADMIN_PASSWORD, embedded: false })).toContain("Database  DATABASE_URL");
  });
});
