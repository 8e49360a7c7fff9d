// The sources page: ingestion API keys (list, create with the secret shown once, revoke) and
// how to push metrics, logs and changes with one.
"use client";

import { useState } from "react";
import type { Jsonify } from "@/lib/client/api";
import type { ApiKeyView } from "@/lib/ingest/keys";
import { apiKeyScopes } from "@/lib/ingest/scopes";
import { useApiKeyCommands } from "@/lib/client/api-key-commands";

type KeyJson = Jsonify<ApiKeyView>;
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

function curlExamples(secret: string): string {
  const origin = typeof window === "undefined" ? "https://vigil.example" : window.location.origin;
  const now = "$(date -u +%Y-%m-%dT%H:%M:%SZ)";
  const post = (path: string, body: string) =>
    `curl -X POST ${origin}/api/ingest/${path} -H "Authorization: Bearer ${secret}" -H "Content-Type: application/json" -H "Idempotency-Key: $(uuidgen)" -d "${body.replaceAll('"', '\\"')}"`;
  return [
    post("metrics", `{"points":[{"service":"checkout","name":"http_latency_ms","value":120,"labels":{"pod":"a"},"timestamp":"${now}"}]}`),
    post("logs", `{"entries":[{"service":"checkout","level":"error","message":"upstream timeout","timestamp":"${now}"}]}`),
    post(
      "changes",
      `{"changes":[{"service":"checkout","kind":"deploy","version":"v42","commit":"abc123","actor":"ci","summary":"deploy v42","timestamp":"${now}"}]}`,
    ),
  ].join("\n\n");
}

export function ApiKeysPanel({ keys }: { keys: KeyJson[] }) {
  const commands = useApiKeyCommands();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>([...apiKeyScopes]);
  const { outcome } = commands;
  const secret = outcome?.ok ? outcome.secret : undefined;

  return (
    <section className="panel sources" aria-labelledby="sources-heading" data-testid="sources">
      <h1 id="sources-heading">Sources</h1>
      <p>Services without Alertmanager push metrics, logs and changes to Vigil with an API key.</p>

      <form
        className="sources-create"
        onSubmit={(e) => {
          e.preventDefault();
          commands.create(name, scopes);
        }}
      >
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} data-testid="api-key-name" />
        </label>
        <fieldset>
          <legend>Scopes</legend>
          {apiKeyScopes.map((scope) => (
            <label key={scope}>
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) => setScopes((s) => (e.target.checked ? [...s, scope] : s.filter((x) => x !== scope)))}
              />{" "}
              {scope}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={commands.pending} data-testid="api-key-create">
          Create key
        </button>
      </form>

      <p role="status" aria-live="polite" className={outcome && !outcome.ok ? "notice error" : "notice"}>
        {outcome?.message}
      </p>

      {secret && (
        <div className="sources-secret" data-testid="api-key-secret">
          <p>
            <strong>Copy this key now: it is shown once.</strong>
          </p>
          <code>{secret}</code>{" "}
          <button type="button" onClick={() => void navigator.clipboard.writeText(secret)}>
            Copy
          </button>
          <pre className="sources-curl">{curlExamples(secret)}</pre>
          <button type="button" onClick={commands.dismissSecret}>
            Done
          </button>
        </div>
      )}

      <table className="sources-table" data-testid="api-keys">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Prefix</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Revoked</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.length === 0 && (
            <tr>
              <td colSpan={7}>No API keys yet.</td>
            </tr>
          )}
          {keys.map((k) => (
            <tr key={k.id} className={k.revokedAt ? "revoked" : undefined}>
              <td>{k.name}</td>
              <td>
                <code>{k.prefix}…</code>
              </td>
              <td>{k.scopes.join(", ")}</td>
              <td>{when(k.createdAt)}</td>
              <td>{when(k.lastUsedAt)}</td>
              <td>{when(k.revokedAt)}</td>
              <td>
                {!k.revokedAt && (
                  <button type="button" disabled={commands.pending} onClick={() => commands.revoke(k.id)} aria-label={`Revoke ${k.name}`}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
