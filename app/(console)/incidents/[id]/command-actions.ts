"use server";
// The console's incident-command buttons, as server actions: acknowledge, assign, severity,
// resolve, close, reopen, investigate again, and notes. serverAction checks the session and
// the role and validates the input; lib/incidents/human.ts does the rest in one transaction
// and audits it. Every change is told to the incident's live stream, so other people's
// pages and lists refresh without a reload.
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { serverAction } from "@/lib/auth/server-action";
import { severities } from "@/lib/incidents/model";
import {
  acknowledgeIncident,
  addNote,
  assignIncident,
  closeIncident,
  deleteNote,
  editNote,
  investigateAgain,
  NOTE_MAX_CHARS,
  reopenIncident,
  resolveByHand,
  setSeverity,
  type HumanOutcome,
  type QueueInvestigation,
} from "@/lib/incidents/human";
import { emit } from "@/lib/stream/write";
import { getBoss, wakeWorker } from "@/lib/jobs/queue";
import { queueInvestigation } from "@/lib/jobs/investigations";
import { availableEngines, rcaEngines } from "@/lib/investigation/engines";
import { portsFromEnv } from "@/lib/investigation/runtime";

const id = z.string().min(1).max(64);
const reason = z.string().trim().min(3, "a reason of at least 3 characters").max(2000);
const noteBody = z.string().trim().min(1, "a note").max(NOTE_MAX_CHARS, `at most ${NOTE_MAX_CHARS} characters`);

/** After a change: the incident's stream says so, and every open page refetches it. */
async function told(incidentId: string, what: string, outcome: HumanOutcome): Promise<HumanOutcome> {
  if (outcome.ok) await emit(getDb(), incidentId, null, [{ kind: "incident.changed", data: { what } }]);
  return outcome;
}

async function queue(): Promise<QueueInvestigation> {
  const boss = await getBoss();
  return (sql, job) => queueInvestigation(boss, sql, job);
}

/** A refusal for invalid input that names what was wrong, in the words of the schema. */
const invalid = (error: z.ZodError) => ({
  ok: false as const,
  code: "invalid",
  message: error.issues.map((i) => `Give ${i.message}.`).join(" "),
});

export const acknowledge = serverAction(
  { what: "acknowledge incidents", role: "responder", input: z.object({ incidentId: id }) },
  async ({ incidentId }, user) => told(incidentId, "acknowledged", await acknowledgeIncident(getDb(), incidentId, user)),
);

export const assign = serverAction(
  { what: "assign incidents", role: "responder", input: z.object({ incidentId: id, to: id.nullable() }) },
  async ({ incidentId, to }, user) => told(incidentId, "assigned", await assignIncident(getDb(), incidentId, user, to)),
);

export const changeSeverity = serverAction(
  {
    what: "change an incident's severity",
    role: "responder",
    input: z.object({ incidentId: id, severity: z.enum(severities as [string, ...string[]]), reason }),
    invalid,
  },
  async ({ incidentId, severity, reason }, user) =>
    told(
      incidentId,
      "severity",
      await setSeverity(getDb(), incidentId, user, { severity: severity as (typeof severities)[number], reason }),
    ),
);

export const resolve = serverAction(
  {
    what: "resolve incidents",
    role: "responder",
    input: z.object({ incidentId: id, reason, confirmFiring: z.array(id).max(500).optional() }),
    invalid,
  },
  async ({ incidentId, reason, confirmFiring }, user) =>
    told(incidentId, "resolved", await resolveByHand(getDb(), incidentId, user, { reason, confirmFiring })),
);

export const close = serverAction(
  { what: "close incidents", role: "responder", input: z.object({ incidentId: id, reason }), invalid },
  async ({ incidentId, reason }, user) => told(incidentId, "closed", await closeIncident(getDb(), incidentId, user, { reason })),
);

export const reopen = serverAction(
  { what: "reopen incidents", role: "responder", input: z.object({ incidentId: id, reason }), invalid },
  async ({ incidentId, reason }, user) => {
    const outcome = await reopenIncident(getDb(), incidentId, user, { reason }, await queue());
    if (outcome.ok) await wakeWorker();
    return told(incidentId, "reopened", outcome);
  },
);

export const investigate = serverAction(
  { what: "investigate again", role: "responder", input: z.object({ incidentId: id, engine: z.enum(rcaEngines).optional() }) },
  async ({ incidentId, engine }, user) => {
    const outcome = await investigateAgain(
      getDb(),
      incidentId,
      user,
      { engine },
      { queue: await queue(), engines: availableEngines(portsFromEnv()) },
    );
    if (outcome.ok) await wakeWorker();
    return told(incidentId, "investigation requested", outcome);
  },
);

export const addIncidentNote = serverAction(
  { what: "write notes", role: "responder", input: z.object({ incidentId: id, body: noteBody }), invalid },
  async ({ incidentId, body }, user) => told(incidentId, "note", await addNote(getDb(), incidentId, user, body)),
);

export const editIncidentNote = serverAction(
  { what: "edit notes", role: "responder", input: z.object({ incidentId: id, noteId: id, body: noteBody }), invalid },
  async ({ incidentId, noteId, body }, user) => told(incidentId, "note", await editNote(getDb(), noteId, user, body)),
);

export const deleteIncidentNote = serverAction(
  { what: "delete notes", role: "responder", input: z.object({ incidentId: id, noteId: id }) },
  async ({ incidentId, noteId }, user) => told(incidentId, "note", await deleteNote(getDb(), noteId, user)),
);
