// Follows an incident's event stream as a browser does (session cookie, Last-Event-ID) and
// notes when each event arrived, for tests that check what a replica serves and how soon.
export type ArrivedEvent = { id: string; kind: string; data: unknown; arrivedAt: number };

export type IncidentStream = {
  /** Every event so far, in the order it arrived. */
  events: ArrivedEvent[];
  /** The first event of this kind, waiting for it if it has not arrived yet. */
  next(kind: string, timeoutMs?: number): Promise<ArrivedEvent>;
  close(): void;
};

function parseFrame(frame: string): { id?: string; event?: string; data?: string } {
  const fields: Record<string, string> = {};
  for (const line of frame.split("\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue; // blank, or a comment (": keep-alive")
    fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, "");
  }
  return fields;
}

export async function openIncidentStream(
  base: string,
  incidentId: string,
  options: { cookie: string; lastEventId?: string },
): Promise<IncidentStream> {
  const controller = new AbortController();
  const headers: Record<string, string> = { cookie: options.cookie, accept: "text/event-stream" };
  if (options.lastEventId !== undefined) headers["last-event-id"] = options.lastEventId;
  const response = await fetch(`${base}/api/incidents/${encodeURIComponent(incidentId)}/stream`, { headers, signal: controller.signal });
  if (!response.ok || !response.body)
    throw new Error(`GET ${base}/api/incidents/${incidentId}/stream: HTTP ${response.status} ${await response.text()}`);

  const events: ArrivedEvent[] = [];
  let ended: string | null = null;
  let wake = () => {};
  void (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const arrivedAt = performance.now();
        buffer += value;
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const frame = parseFrame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (frame.event && frame.data !== undefined)
            events.push({ id: frame.id ?? "", kind: frame.event, data: JSON.parse(frame.data).data, arrivedAt });
        }
        wake();
      }
      ended = "the server ended the stream";
    } catch (err) {
      // close() aborts the read; any other error is reported to whoever waits.
      ended = (err as Error).message;
    }
    wake();
  })();

  async function next(kind: string, timeoutMs = 15_000): Promise<ArrivedEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = events.find((e) => e.kind === kind);
      if (found) return found;
      const seen = events.map((e) => e.kind).join(", ") || "nothing";
      if (ended) throw new Error(`no ${kind} event before the stream of ${incidentId} ended (${ended}); saw ${seen}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${kind} event on the stream of ${incidentId} within ${timeoutMs} ms; saw ${seen}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => (clearTimeout(timer), resolve());
      });
    }
  }

  return { events, next, close: () => controller.abort() };
}
