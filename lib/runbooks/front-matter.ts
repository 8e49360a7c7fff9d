// A runbook's optional YAML front matter: `title`, `alerts` (alertnames it answers), `url`
// (where it lives, matched against alerts' runbook_url) and `services`. Other keys are
// ignored; a block that is not valid YAML, or a field of the wrong shape, is refused with
// a message naming it.
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { VigilError } from "@/lib/errors";
import { describeIssues } from "@/lib/validation";
import { MAX_LIST_ITEM_CHARS, MAX_LIST_ITEMS } from "@/lib/runbooks/limits";

// "alerts: A", "alerts: [A, B]" and a block list all mean a list; numbers are names too.
const list = z
  .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()])).max(MAX_LIST_ITEMS)])
  .transform((v) => [...new Set((Array.isArray(v) ? v : [v]).map((x) => String(x).trim()).filter(Boolean))])
  .pipe(z.array(z.string().max(MAX_LIST_ITEM_CHARS)));

const frontMatterSchema = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  alerts: list.optional(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  services: list.optional(),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;

/** Splits `---\n<yaml>\n---` off the start of the text. No closing line: no front matter. */
export function splitFrontMatter(text: string): { yaml: string | null; body: string } {
  if (!/^---[ \t]*\n/.test(text)) return { yaml: null, body: text };
  const close = /\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text.slice(3));
  if (!close) return { yaml: null, body: text };
  const end = 3 + close.index;
  return { yaml: text.slice(text.indexOf("\n") + 1, end + 1), body: text.slice(end + close[0].length) };
}

export function parseFrontMatter(yaml: string | null): FrontMatter {
  if (yaml === null || yaml.trim() === "") return {};
  let data: unknown;
  try {
    data = parseYaml(yaml, { maxAliasCount: 0 });
  } catch (err) {
    throw new VigilError("bad_request", `the front matter is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data))
    throw new VigilError("bad_request", "the front matter must be a YAML mapping (key: value lines)");
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) throw new VigilError("bad_request", `front matter: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
