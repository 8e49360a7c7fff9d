import { TraceSearch } from "@/components/trace-search";

export default function TraceNotFound() {
  return (
    <section className="panel" aria-labelledby="trace-missing-title">
      <h1 id="trace-missing-title">No incident has that trace id</h1>
      <p data-testid="trace-not-found">
        A trace id is 32 hexadecimal characters: the <code className="label">vigil.dev/trace-id</code> annotation Vigil puts on every object
        it changes. Check what you pasted, or try another.
      </p>
      <TraceSearch />
    </section>
  );
}
