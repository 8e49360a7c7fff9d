import { describe, expect, it } from "vitest";
import { redact, redactEnvValue } from "@/lib/evidence/redact";

describe("redact", () => {
  it("hides credentials in connection strings but keeps the host", () => {
    const { text, redactions } = redact("connecting to postgres://ledger:Sup3r$ecret@db.finance:5432/ledger failed");
    expect(text).toBe("connecting to postgres://ledger:[REDACTED]@db.finance:5432/ledger failed");
    expect(redactions).toBe(1);
  });

  it("hides bearer tokens, JWTs and cloud keys", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    const out = redact(`Authorization: Bearer abcdef1234567890abcdef token=${jwt} key AKIAIOSFODNN7EXAMPLE`).text;
    expect(out).not.toContain("abcdef1234567890abcdef");
    expect(out).not.toContain(jwt);
    expect(out).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(out).toContain("Authorization: Bearer [REDACTED]");
  });

  it("hides values of secret-named keys in logs, JSON and YAML", () => {
    expect(redact("password=hunter2 user=bob").text).toBe("password=[REDACTED] user=bob");
    expect(redact('{"db_password":"hunter2","user":"bob"}').text).toBe('{"db_password":"[REDACTED]","user":"bob"}');
    expect(redact("client_secret: s3cr3tvalue").text).toBe("client_secret: [REDACTED]");
    expect(redact("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----").text).not.toContain(
      "MIIEpAIBAAKCAQEA",
    );
  });

  it("leaves ordinary diagnostic text alone, including words like 'token' in prose", () => {
    const line = "x509: certificate has expired or is not yet valid: current time 2025-10-01T08:12:44Z is after 2025-09-30T23:59:59Z";
    expect(redact(line)).toEqual({ text: line, redactions: 0 });
    expect(redact("Connection is not available, request timed out after 30000ms.").redactions).toBe(0);
  });

  it("hides secret-looking environment values", () => {
    expect(redactEnvValue("DB_PASSWORD", "x")).toBe("[REDACTED]");
    expect(redactEnvValue("PORT", "8080")).toBe("8080");
    expect(redactEnvValue("DATABASE_URL", "postgres://u:p@h/db")).toBe("postgres://u:[REDACTED]@h/db");
  });
});
