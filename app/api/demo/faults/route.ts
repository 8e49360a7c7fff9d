// POST /api/demo/faults {kind, namespace, name} — injects a fault into the demo application.
// Responders and admins only: it changes the (sandbox) cluster, like any write.
import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { demoRequest } from "@/lib/demo/client";
import { readLimitedBody } from "@/lib/http/read-body";
import { VigilError } from "@/lib/errors";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  try {
    const user = await requireUser("responder");
    let body: unknown;
    try {
      body = JSON.parse(await readLimitedBody(request, 4_096));
    } catch (err) {
      if (err instanceof VigilError) throw err;
      throw new VigilError("bad_request", "the body is not JSON");
    }
    const fault = await demoRequest("/faults", { method: "POST", body });
    log.info({ user: user.email, fault }, "demo fault injected");
    return NextResponse.json(fault, { status: 201 });
  } catch (err) {
    return errorResponse(err, { route: "POST /api/demo/faults" });
  }
}
