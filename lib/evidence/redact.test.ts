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

  it("hides the secrets of the corpus wherever they appear: logfmt, JSON, headers, PEM, cloud and chat tokens", () => {
    const secrets: [string, string][] = [
      ["AWS access key", "aws_access_key_id=AKIAIOSFODNN7EXAMPLE"],
      ["AWS secret", "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
      [
        "GCP service account key",
        '{"type": "service_account", "private_key_id": "1f2e3d4c5b6a79880011", "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n-----END PRIVATE KEY-----\n"}',
      ],
      ["Slack bot token", "slack token xoxb-123456789012-123456789012-AbCdEfGhIjKlMnOpQrStUvWx"],
      ["Slack webhook secret", "SLACK_SECRET=8f3e2a1b9c7d6e5f"],
      ["JWT", "session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"],
      ["PGP private key", "-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBGXy8PABCAC\n-----END PGP PRIVATE KEY BLOCK-----"],
      ["OpenSSH key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----"],
      ["connection string", "Server=db;Database=orders;User Id=app;Password=Sup3rS3cret!;"],
      ["Azure storage", "DefaultEndpointsProtocol=https;AccountName=vigil;AccountKey=c2VjcmV0a2V5c2VjcmV0a2V5==;"],
      ["URL credentials", "amqp://orders:rabbitpass99@mq.shop:5672/"],
      ["Authorization header", "Authorization: Bearer abc.def.ghi"],
      ["basic auth header", '"authorization": "Basic dXNlcjpodW50ZXIy"'],
      ["logfmt password", 'level=error msg="login failed" password=hunter2 user=bob'],
      ["logfmt token", "token=tok_9f8e7d6c5b4a"],
      ["logfmt secret", "secret=s3cr3t-value"],
      ["JSON api key", '{"apiKey": "ak-1234567890abcdef"}'],
      ["Stripe key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"],
      ["GitHub token", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"],
    ];
    const hidden = [
      "AKIAIOSFODNN7EXAMPLE",
      "wJalrXUtnFEMI",
      "1f2e3d4c5b6a79880011",
      "MIIEvQIBADANBgkqhkiG9w0B",
      "AbCdEfGhIjKlMnOpQrStUvWx",
      "8f3e2a1b9c7d6e5f",
      "dozjgNryP4J3jVmNHl0w5N",
      "lQOYBGXy8PABCAC",
      "b3BlbnNzaC1rZXktdjEAAAAA",
      "Sup3rS3cret!",
      "c2VjcmV0a2V5c2VjcmV0a2V5",
      "rabbitpass99",
      "abc.def.ghi",
      "dXNlcjpodW50ZXIy",
      "hunter2",
      "tok_9f8e7d6c5b4a",
      "s3cr3t-value",
      "ak-1234567890abcdef",
      "4eC39HqLyjWDarjtT1zdp7dc",
      "16C7e42F292c6912E7710c838347Ae178B4a",
    ];
    for (const [name, text] of secrets) {
      const out = redact(text).text;
      for (const secret of hidden) expect(out, `${name}: ${out}`).not.toContain(secret);
      expect(out, name).toContain("[REDACTED]");
    }
    // What is not a secret stays readable: the user, the host, the database.
    expect(redact("Server=db;Database=orders;User Id=app;Password=x;").text).toContain("Database=orders");
    expect(redact("amqp://orders:rabbitpass99@mq.shop:5672/").text).toBe("amqp://orders:[REDACTED]@mq.shop:5672/");
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
