// GET /api/incidents/[id]/stream — the incident's investigations live, as Server-Sent Events
// Sends the stream from Last-Event-ID on (everything on a first visit), then follows it.
import { env } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { VigilError } from "@/lib/errors";
import { eventsAfter, parseLastEventId } from "@/lib/stream/read";
import { streamHub } from "@/lib/stream/hub";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await requireUser("viewer");
    const { id } = await params;
    const db = getDb();
    if (!(await db.incident.findUnique({ where: { id }, select: { id: true } }))) throw new VigilError("not_found", `no incident ${id}`);
    const url = new URL(request.url);
    let last = parseLastEventId(request.headers.get("last-event-id") ?? url.searchParams.get("after"));
    const encoder = new TextEncoder();
    let unsubscribe = () => {};
    let heartbeat: NodeJS.Timeout | undefined;

    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        let sending = Promise.resolve();
        let closed = false;
        const close = () => {
          if (closed) return;
          closed = true;
          unsubscribe();
          clearInterval(heartbeat);
          controller.close();
        };
        // Reads and sends what is new; calls are chained so events go out once, in order.
        const pump = () => {
          sending = sending
            .then(async () => {
              if (closed) return;
              for (;;) {
                const events = await eventsAfter(db, id, last);
                for (const e of events)
                  controller.enqueue(encoder.encode(`id: ${e.seq}\nevent: ${e.kind}\ndata: ${JSON.stringify({ ...e })}\n\n`));
                if (events.length) last = BigInt(events[events.length - 1]!.seq);
                if (events.length < 500) break;
              }
            })
            .catch(() => close());
        };
        controller.enqueue(encoder.encode("retry: 2000\n\n"));
        // `close` also when the server shuts down: an open stream would hold it up.
        unsubscribe = streamHub(env.DATABASE_URL!).subscribe(id, pump, close);
        if (closed) return;
        heartbeat = setInterval(() => !closed && controller.enqueue(encoder.encode(": keep-alive\n\n")), HEARTBEAT_MS);
        request.signal.addEventListener("abort", close);
        pump();
      },
      cancel() {
        unsubscribe();
        clearInterval(heartbeat);
      },
    });
    return new Response(stream, {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      },
    });
  } catch (err) {
    return errorResponse(err, { route: "GET /api/incidents/[id]/stream" });
  }
}
