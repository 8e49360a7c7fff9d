// The post-mortem's entry points on a real database: the Markdown download (signed-in users,
// a file named after the incident) and the draft and save server actions (responders and
// admins; viewers are told why not). The session is the only thing stubbed.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import { ingestAlertmanagerPayload } from "@/lib/alerts/ingest";
import { webhookPayloadSchema } from "@/lib/alerts/schema";
import type { Role } from "@/lib/generated/prisma/enums";

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (session.userId ? { user: { id: session.userId, sv: 0 } } : null),
}));

type Route = typeof import("@/app/api/incidents/[id]/postmortem.md/route");
type Actions = typeof import("@/app/(console)/incidents/[id]/postmortem-actions");

let t: TestDb;
let route: Route;
let actions: Actions;
let incident: { id: string; number: number };
const users = {} as Record<Role, string>;

beforeAll(async () => {
  t = await openTestDb();
  // The route and actions read the process-wide client: make it this file's database.
  (globalThis as { vigilDb?: unknown }).vigilDb = t.db;
  route = await import("@/app/api/incidents/[id]/postmortem.md/route");
  actions = await import("@/app/(console)/incidents/[id]/postmortem-actions");
  for (const role of ["viewer", "responder", "admin"] as const) {
    users[role] = (await t.db.user.create({ data: { email: `${unique(role)}@vigil.test`, passwordHash: "unused", role } })).id;
  }
  const namespace = unique("pm-route");
  const payload = webhookPayloadSchema.parse(
    alertmanagerPayload({
      groupLabels: { alertname: "KubePodCrashLooping", namespace },
      alerts: [{ labels: { alertname: "KubePodCrashLooping", namespace, deployment: "checkout", severity: "high" }, startsAt: new Date() }],
    }),
  );
  incident = (await ingestAlertmanagerPayload(t.db, payload, new Date())).incident!;
});

afterAll(async () => {
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  await t?.close();
});

async function download(as: string | null, id = incident.id) {
  session.userId = as;
  const response = await route.GET(new Request(`http://vigil.test/api/incidents/${id}/postmortem.md`), { params: Promise.resolve({ id }) });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function as<T>(userId: string | null, call: () => Promise<T>): Promise<T> {
  session.userId = userId;
  return call();
}

describe("GET /api/incidents/[id]/postmortem.md", () => {
  it("answers 401 without a session and 404 for an unknown incident", async () => {
    expect(await download(null)).toMatchObject({ status: 401 });
    expect(await download(users.viewer, "no-such-incident")).toMatchObject({ status: 404 });
  });

  it("gives a viewer a template draft as a Markdown attachment before anyone drafted one, and stores nothing", async () => {
    const { status, headers, text } = await download(users.viewer);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(headers.get("content-disposition")).toBe(`attachment; filename="INC-${incident.number}-postmortem.md"`);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(text).toMatch(new RegExp(`^# INC-${incident.number} post-mortem: `));
    expect(text).toContain("\n## Root cause\n");
    expect((await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).postmortem).toBeNull();
  });
});

describe("the post-mortem's server actions", () => {
  it("refuse a signed-out caller and a viewer, with the reason", async () => {
    expect(await as(null, () => actions.draftPostmortemAction({ incidentId: incident.id }))).toMatchObject({
      ok: false,
      code: "signed_out",
    });
    expect(await as(users.viewer, () => actions.draftPostmortemAction({ incidentId: incident.id }))).toMatchObject({
      ok: false,
      code: "forbidden",
      message: expect.stringContaining("only responders and admins"),
    });
    expect(
      await as(users.viewer, () => actions.savePostmortemAction({ incidentId: incident.id, markdown: "# x", baseUpdatedAt: null })),
    ).toMatchObject({ ok: false, code: "forbidden" });
    expect(await t.db.auditEvent.count({ where: { incidentId: incident.id, action: { startsWith: "postmortem." } } })).toBe(0);
  });

  it("draft (template: no model configured), save an edit, and the download is the edit", async () => {
    const drafted = await as(users.responder, () => actions.draftPostmortemAction({ incidentId: incident.id }));
    expect(drafted).toMatchObject({ ok: true, message: "Drafted by the template engine and stored.", postmortem: { engine: "template" } });
    expect(await as(users.responder, () => actions.draftPostmortemAction({ incidentId: incident.id }))).toMatchObject({
      ok: false,
      code: "exists",
    });

    const edited = `${drafted.postmortem!.markdown}\nA note from the responder.\n`;
    const saved = await as(users.admin, () =>
      actions.savePostmortemAction({ incidentId: incident.id, markdown: edited, baseUpdatedAt: drafted.postmortem!.updatedAt }),
    );
    expect(saved).toMatchObject({ ok: true, message: "Saved.", postmortem: { markdown: edited } });
    expect(
      await as(users.responder, () =>
        actions.savePostmortemAction({ incidentId: incident.id, markdown: "# stale", baseUpdatedAt: drafted.postmortem!.updatedAt }),
      ),
    ).toMatchObject({ ok: false, code: "conflict" });

    const file = await download(users.viewer);
    expect(file).toMatchObject({ status: 200, text: edited });
    const trail = await t.db.auditEvent.findMany({
      where: { incidentId: incident.id, action: { startsWith: "postmortem." } },
      orderBy: { seq: "asc" },
    });
    expect(trail.map((e) => [e.action, e.actorId])).toEqual([
      ["postmortem.drafted", users.responder],
      ["postmortem.saved", users.admin],
    ]);
  });

  it("refuse malformed input and text over the limit without touching the database", async () => {
    expect(
      await as(users.responder, () =>
        actions.savePostmortemAction({ incidentId: incident.id, markdown: "x".repeat(100 * 1024 + 1), baseUpdatedAt: null }),
      ),
    ).toMatchObject({ ok: false, code: "too_large" });
    expect(
      await as(users.responder, () =>
        actions.savePostmortemAction({ incidentId: incident.id, markdown: "# x", baseUpdatedAt: "yesterday" }),
      ),
    ).toMatchObject({ ok: false, code: "malformed" });
  });
});
