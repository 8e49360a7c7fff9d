// OpenTelemetry spans under the incident's trace: every span of an investigation shares the
// trace id minted when the incident was born, so an OTel backend (when the operator
// registers an SDK) shows the alert-to-Kubernetes-call chain as one trace. Without an SDK
// the API is a no-op and costs nothing.
import { context, SpanStatusCode, trace, TraceFlags, type Span } from "@opentelemetry/api";
import { randomBytes } from "node:crypto";

const tracer = trace.getTracer("vigil");

export async function inIncidentSpan<T>(
  traceId: string,
  name: string,
  attributes: Record<string, string | number>,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = trace.setSpanContext(context.active(), {
    traceId,
    spanId: randomBytes(8).toString("hex"),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
  return tracer.startActiveSpan(name, { attributes }, parent, async (span) => {
    try {
      return await work(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}
