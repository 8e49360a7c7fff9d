// Reads the Dockerfile's instructions by stage, and .dockerignore's patterns, so tests can
// check the image (non-root user, no secrets, what it copies) and assemble its runtime
// stage without a Docker engine (lib/deploy/image.postgres.integration.test.ts).
import path from "node:path";

export type Instruction = { keyword: string; args: string; flags: Record<string, string>; line: number };
export type Stage = { name?: string; from: string; instructions: Instruction[] };
export type CopyInstruction = { from?: string; chown?: string; sources: string[]; dest: string };

function logicalLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let current = "";
  let start = 0;
  text.split("\n").forEach((raw, i) => {
    const line = raw.trimEnd();
    if (current === "" && (line.trim() === "" || line.trim().startsWith("#"))) return;
    if (current !== "" && line.trim().startsWith("#")) return; // comments inside a continuation
    if (current === "") start = i + 1;
    if (line.endsWith("\\")) current += line.slice(0, -1) + " ";
    else {
      out.push({ text: (current + line).trim(), line: start });
      current = "";
    }
  });
  if (current) out.push({ text: current.trim(), line: start });
  return out;
}

function splitFlags(args: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {};
  let rest = args;
  for (;;) {
    const m = /^--([a-z-]+)(?:=(\S*))?\s+/.exec(rest);
    if (!m) break;
    flags[m[1]!] = m[2] ?? "true";
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}

export function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const { text: line, line: number } of logicalLines(text)) {
    const m = /^([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`Dockerfile line ${number}: cannot parse ${JSON.stringify(line)}`);
    const keyword = m[1]!.toUpperCase();
    const { flags, rest } = splitFlags(m[2]!);
    if (keyword === "FROM") {
      const [image, as, name] = rest.split(/\s+/);
      if (as && as.toUpperCase() !== "AS") throw new Error(`Dockerfile line ${number}: expected FROM image AS name`);
      stages.push({ from: image!.replace(/\$\{?(\w+)\}?/g, (_, v: string) => args[v] ?? ""), name, instructions: [] });
      continue;
    }
    if (keyword === "ARG" && stages.length === 0) {
      const [name, value = ""] = rest.split("=", 2) as [string, string?];
      args[name.trim()] = value.trim();
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) throw new Error(`Dockerfile line ${number}: ${keyword} before FROM`);
    stage.instructions.push({ keyword, args: rest, flags, line: number });
  }
  return { args, stages };
}

export function stage(file: { stages: Stage[] }, name: string): Stage {
  const found = file.stages.find((s) => s.name === name);
  if (!found) throw new Error(`Dockerfile has no stage named ${name}`);
  return found;
}

export function copyOf(instruction: Instruction): CopyInstruction {
  const parts = instruction.args.trim().startsWith("[") ? (JSON.parse(instruction.args) as string[]) : instruction.args.trim().split(/\s+/);
  if (parts.length < 2) throw new Error(`Dockerfile line ${instruction.line}: COPY needs a source and a destination`);
  return { from: instruction.flags.from, chown: instruction.flags.chown, sources: parts.slice(0, -1), dest: parts[parts.length - 1]! };
}

/** ENV instructions of a stage as a map (both `ENV A=1 B=2` and `ENV A 1`). */
export function envOf(s: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const i of s.instructions.filter((i) => i.keyword === "ENV")) {
    if (!i.args.includes("=")) {
      const [k, ...v] = i.args.split(/\s+/);
      env[k!] = v.join(" ");
      continue;
    }
    for (const m of i.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[m[1]!] = m[2]!.replace(/^"|"$/g, "");
  }
  return env;
}

/** WORKDIR in effect at the end of a stage ("/" when none). */
export function workdirOf(s: Stage): string {
  return s.instructions.filter((i) => i.keyword === "WORKDIR").reduce((dir, i) => path.posix.resolve(dir, i.args.trim()), "/");
}

/** .dockerignore patterns (comments and blanks dropped). Negations are not supported. */
export function parseDockerignore(text: string): string[] {
  const patterns = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const negated = patterns.find((p) => p.startsWith("!"));
  if (negated) throw new Error(`.dockerignore: negated pattern ${negated} is not supported here`);
  return patterns.map((p) => p.replace(/^\/+/, "").replace(/\/+$/, ""));
}

/** Docker's pattern syntax (Go's filepath.Match plus `**`) as a regular expression. */
function globRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*" && pattern[i + 1] === "*") {
      re += ".*";
      i++;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** Whether Docker leaves `file` (relative to the context) out of the build context. */
export function isIgnored(file: string, patterns: string[]): boolean {
  const parts = file.split("/");
  const regexps = patterns.map(globRegExp);
  // A pattern excludes a path when it matches the path or any of its parent folders.
  return regexps.some((re) => parts.some((_, i) => re.test(parts.slice(0, i + 1).join("/"))));
}
