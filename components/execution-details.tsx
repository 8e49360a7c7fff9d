// What an executed action did in the cluster: when, the Kubernetes request, the generation,
// generation and resourceVersion in the API server's answer, the trace annotation that leads back here, and who allowed it
// when no human did (an autonomous policy). A failed one says why.
import type { ActionJson } from "@/lib/client/action-view";
import { parseResult } from "@/lib/client/action-view";
import { RelativeTime } from "@/components/relative-time";

export function ExecutionDetails({ action }: { action: ActionJson }) {
  const result = parseResult(action.result);
  if (!action.executedAt && !action.error) return null;
  return (
    <section className="execution" data-testid="execution-details">
      {action.error && (
        <p className="notice error" data-testid="execution-error">
          <strong>Not applied:</strong> {action.error}
        </p>
      )}
      {action.executedAt && (
        <dl className="kv">
          <dt>Executed</dt>
          <dd>
            <RelativeTime iso={action.executedAt} />
          </dd>
          {result && (
            <>
              <dt>Request</dt>
              <dd>
                <code className="label" data-testid="execution-request">
                  {result.request}
                </code>
                {result.status !== null && <span className="muted"> → {result.status}</span>}
              </dd>
              {result.generation !== null && (
                <>
                  <dt>Generation</dt>
                  <dd data-testid="execution-generation">{result.generation}</dd>
                </>
              )}
              {result.resourceVersion && (
                <>
                  <dt>resourceVersion</dt>
                  <dd data-testid="execution-resource-version">
                    {result.resourceVersion.before ?? "?"} → {result.resourceVersion.after ?? "?"}
                  </dd>
                </>
              )}
              <dt>Trace</dt>
              <dd>
                <code className="label" data-testid="execution-trace">
                  {result.traceAnnotation ? `vigil.dev/trace-id=${result.traceAnnotation}` : "no trace annotation"}
                </code>
              </dd>
            </>
          )}
          {action.autonomousPolicy && (
            <>
              <dt>Allowed by</dt>
              <dd data-testid="autonomous-policy">autonomous policy {action.autonomousPolicy}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
