// How each runtime refuses to start on missing or invalid configuration: envconfig, Spring's
// "APPLICATION FAILED TO START", pydantic-settings, .NET options validation, nginx [emerg].
import { phrase, say, type Phrase } from "./phrase";
import type { Gen } from "./rng";
import type { Runtime } from "./runtimes";

export type ConfigError = Phrase & { env: string; value?: string; exitCode: number };

const KEYS = [
  "DATABASE_URL",
  "REDIS_URL",
  "STRIPE_API_KEY",
  "OIDC_ISSUER_URL",
  "KAFKA_BROKERS",
  "S3_BUCKET",
  "JWT_SIGNING_KEY",
  "SMTP_HOST",
];
const BAD: [string, string, string][] = [
  ["CACHE_TTL", "5 minutes", "duration"],
  ["MAX_POOL_SIZE", "twenty", "int"],
  ["LOG_LEVEL", "verbose", "level"],
  ["REQUEST_TIMEOUT", "30 sec", "duration"],
  ["FEATURE_FLAGS_URL", "flags.internal:8080", "url"],
];

/** The app crashes at start: a required variable is missing (`missing`) or has an invalid value. */
export function configError(g: Gen, rt: Runtime, missing: boolean): ConfigError {
  const key = g.pick(KEYS);
  const [badKey, badVal, type] = g.pick(BAD);
  const prop = badKey.toLowerCase().replace(/_/g, ".");
  const goWhy: Record<string, string> = {
    duration: `time: invalid duration "${badVal}"`,
    int: `strconv.Atoi: parsing "${badVal}": invalid syntax`,
    level: `slog: level string "${badVal}": unknown name`,
    url: `parse "${badVal}": first path segment in URL cannot contain colon`,
  };
  const javaType: Record<string, string> = {
    duration: "java.time.Duration",
    int: "java.lang.Integer",
    level: "org.springframework.boot.logging.LogLevel",
    url: "java.net.URI",
  };
  const dotnetType: Record<string, string> = {
    duration: "System.TimeSpan",
    int: "System.Int32",
    level: "Microsoft.Extensions.Logging.LogLevel",
    url: "System.Uri",
  };
  switch (rt) {
    case "go":
      return missing
        ? {
            ...phrase(
              [
                say("fatal", "invalid configuration", { fields: { err: `required key ${key} missing value` } }),
                say("error", `envconfig: required key ${key} missing value`, { raw: true }),
              ],
              `required key ${key} missing value`,
            ),
            env: key,
            exitCode: 1,
          }
        : {
            ...phrase(
              [say("fatal", `config: invalid ${badKey}: ${goWhy[type]}`, { fields: { key: badKey } })],
              `invalid ${badKey}: ${(goWhy[type] ?? "").split(' "')[0]}`,
            ),
            env: badKey,
            value: badVal,
            exitCode: 1,
          };
    case "java": {
      const banner = (desc: string[]) =>
        say(
          "error",
          "\n\n***************************\nAPPLICATION FAILED TO START\n***************************\n\nDescription:\n\n" +
            desc.join("\n") +
            "\n\nAction:\n\nUpdate your application's configuration\n",
          { logger: "o.s.b.d.LoggingFailureAnalysisReporter" },
        );
      return missing
        ? {
            ...phrase(
              [
                say("error", `Application run failed: Could not resolve placeholder '${key}' in value "\${${key}}"`, {
                  logger: "org.springframework.boot.SpringApplication",
                }),
              ],
              `Could not resolve placeholder '${key}'`,
            ),
            env: key,
            exitCode: 1,
          }
        : {
            ...phrase(
              [
                banner([
                  `Failed to bind properties under '${prop}' to ${javaType[type]}:`,
                  "",
                  `    Property: ${prop}`,
                  `    Value: "${badVal}"`,
                  `    Origin: System Environment Property "${badKey}"`,
                  `    Reason: failed to convert java.lang.String to ${javaType[type]}`,
                ]),
                say("error", `Failed to bind properties under '${prop}'`, { logger: "o.s.boot.SpringApplication" }),
              ],
              `Failed to bind properties under '${prop}'`,
            ),
            env: badKey,
            value: badVal,
            exitCode: 1,
          };
    }
    case "node":
      return missing
        ? {
            ...phrase(
              [
                say("fatal", `Invalid environment variables: ${key}: Required`),
                say("error", `Error: Missing required environment variable: ${key}`, {
                  raw: true,
                  stack: ["    at requireEnv (/app/dist/config.js:12:11)", "    at Object.<anonymous> (/app/dist/config.js:31:18)"],
                }),
              ],
              `Missing required environment variable: ${key}`,
            ),
            env: key,
            exitCode: 1,
          }
        : {
            ...phrase(
              [
                say(
                  "fatal",
                  `Invalid environment variables: ${badKey}: ${{ duration: "Expected number, received nan", int: "Expected number, received nan", level: "Invalid enum value. Expected 'debug' | 'info' | 'warn' | 'error'", url: "Invalid url" }[type]}`,
                ),
              ],
              `Invalid environment variables: ${badKey}`,
            ),
            env: badKey,
            value: badVal,
            exitCode: 1,
          };
    case "python":
      return missing
        ? {
            ...phrase(
              [
                say(
                  "error",
                  [
                    "Traceback (most recent call last):",
                    '  File "/app/main.py", line 8, in <module>',
                    "    settings = Settings()",
                    "pydantic_core._pydantic_core.ValidationError: 1 validation error for Settings",
                    key.toLowerCase(),
                    "  Field required [type=missing, input_value={}, input_type=dict]",
                  ].join("\n"),
                  { raw: true },
                ),
              ],
              "Field required [type=missing",
            ),
            env: key,
            exitCode: 1,
          }
        : type === "int"
          ? {
              ...phrase(
                [say("error", `ValueError: invalid literal for int() with base 10: '${badVal}'`, { raw: true })],
                `invalid literal for int() with base 10: '${badVal}'`,
              ),
              env: badKey,
              value: badVal,
              exitCode: 1,
            }
          : type === "level"
            ? {
                ...phrase(
                  [say("error", `ValueError: Unknown level: '${badVal.toUpperCase()}'`, { raw: true })],
                  `Unknown level: '${badVal.toUpperCase()}'`,
                ),
                env: badKey,
                value: badVal,
                exitCode: 1,
              }
            : {
                ...phrase(
                  [
                    say(
                      "error",
                      [
                        "pydantic_core._pydantic_core.ValidationError: 1 validation error for Settings",
                        badKey.toLowerCase(),
                        `  Input should be a valid ${type === "url" ? "URL, relative URL without a base" : "timedelta, invalid character in number"} [type=${type === "url" ? "url_parsing" : "time_delta_parsing"}, input_value='${badVal}', input_type=str]`,
                      ].join("\n"),
                      { raw: true },
                    ),
                  ],
                  `input_value='${badVal}'`,
                ),
                env: badKey,
                value: badVal,
                exitCode: 1,
              };
    case "dotnet":
      return missing
        ? {
            ...phrase(
              [
                say(
                  "fatal",
                  `Unhandled exception. Microsoft.Extensions.Options.OptionsValidationException: DataAnnotation validation failed for 'AppOptions' members: '${key}' with the error: 'The ${key} field is required.'.`,
                  { raw: true },
                ),
              ],
              `DataAnnotation validation failed for 'AppOptions' members: '${key}'`,
            ),
            env: key,
            exitCode: 134,
          }
        : {
            ...phrase(
              [
                say(
                  "fatal",
                  `Unhandled exception. System.FormatException: Failed to convert configuration value '${badVal}' at '${badKey}' to type '${dotnetType[type]}'.`,
                  { raw: true },
                ),
              ],
              `Failed to convert configuration value '${badVal}'`,
            ),
            env: badKey,
            value: badVal,
            exitCode: 134,
          };
    case "nginx": {
      const file = "/etc/nginx/conf.d/default.conf";
      const line = g.int(8, 40);
      const unknown = g.chance(0.5);
      const msg = unknown
        ? `[emerg] 1#1: unknown directive "proxy_passs" in ${file}:${line}`
        : `[emerg] 1#1: invalid number of arguments in "listen" directive in ${file}:${line}`;
      return {
        ...phrase([say("fatal", `nginx: ${msg}`, { raw: true })], unknown ? "unknown directive" : "invalid number of arguments in"),
        env: "default.conf",
        exitCode: 1,
      };
    }
  }
}
