// Paste a trace id — from a Deployment's vigil.dev/trace-id annotation, Vigil's field
// manager, or a traceparent — and land on the incident that made the change. A plain GET
// form to /trace: it works before (and without) JavaScript.
import "@/app/styles/lineage.css";
import Form from "next/form";

export function TraceSearch({ defaultValue, error }: { defaultValue?: string; error?: string | null }) {
  return (
    <Form action="/trace" className="trace-search" role="search" aria-label="Find an incident by trace id" data-testid="trace-search">
      <label htmlFor="trace-search-input">Look up a trace id</label>
      <div className="trace-search-row">
        <input
          id="trace-search-input"
          name="id"
          type="search"
          required
          maxLength={300}
          spellCheck={false}
          autoComplete="off"
          placeholder="32 hex characters, or vigil-…, or a traceparent"
          defaultValue={defaultValue}
          aria-describedby="trace-search-hint"
          aria-invalid={error ? true : undefined}
          aria-errormessage={error ? "trace-search-error" : undefined}
        />
        <button type="submit">Find incident</button>
      </div>
      {error && (
        <p id="trace-search-error" className="trace-search-error" role="alert" data-testid="trace-search-error">
          {error}
        </p>
      )}
      <p id="trace-search-hint" className="muted trace-search-hint">
        From a change in the cluster:{" "}
        <code className="label">{`kubectl get deploy NAME -o jsonpath='{.metadata.annotations.vigil\\.dev/trace-id}'`}</code>
      </p>
    </Form>
  );
}
