"use server";
// The post-mortem's server actions: draft (from the records, by the model when one is
// configured) and save (an edit). serverAction checks the session and role (a server action
// is a public endpoint) and the input; the domain checks the role again.
import { getDb } from "@/lib/db/client";
import { serverAction } from "@/lib/auth/server-action";
import { portsFromEnv } from "@/lib/investigation/runtime";
import { draftInput, saveInput } from "@/lib/postmortem/schemas";
import {
  draftPostmortem,
  savePostmortem,
  type PostmortemRefusal,
  type PostmortemResult,
  type PostmortemState,
} from "@/lib/postmortem/store";

export type PostmortemOutcome = {
  ok: boolean;
  message: string;
  code?: PostmortemRefusal | "signed_out" | "malformed" | "error" | string;
  errorId?: string;
  postmortem?: PostmortemState;
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function describe(result: PostmortemResult, done: (p: PostmortemState) => string): PostmortemOutcome {
  return result.ok
    ? { ok: true, message: done(result.postmortem), postmortem: result.postmortem }
    : { ok: false, code: result.code, message: `${capitalise(result.message)}.` };
}

export const draftPostmortemAction = serverAction(
  { what: "draft the post-mortem", role: "responder", input: draftInput },
  async (input, user) =>
    describe(await draftPostmortem(getDb(), input, user, { model: portsFromEnv().model, now: () => new Date() }), (p) =>
      p.engine === "model"
        ? `Drafted with the model${p.model ? ` ${p.model}` : ""} and stored.`
        : `Drafted by the template engine${p.fallbackReason ? " (the model was not used)" : ""} and stored.`,
    ),
);

export const savePostmortemAction = serverAction(
  {
    what: "save the post-mortem",
    role: "responder",
    input: saveInput,
    invalid: (error) =>
      error.issues.some((i) => i.path[0] === "markdown" && i.code === "too_big")
        ? { ok: false, code: "too_large", message: "The post-mortem is over the 100 KB limit: shorten it." }
        : null,
  },
  async (input, user) => describe(await savePostmortem(getDb(), input, user, () => new Date()), () => "Saved."),
);
