import { describe, expect, it } from "vitest";
import { partialReasoning } from "@/lib/client/partial-reasoning";

const answer = JSON.stringify({
  reasoning: 'E2 shows "OOMKilled"\nat 512Mi — restarts ×4 🚀 \\ done.',
  citations: ["E2"],
  rootCause: "oom_killed",
});

describe("partialReasoning", () => {
  it("reads the reasoning of a whole answer, unescaped, and stops at its closing quote", () => {
    expect(partialReasoning(answer)).toBe('E2 shows "OOMKilled"\nat 512Mi — restarts ×4 🚀 \\ done.');
  });

  it("grows with every prefix of the answer and never shows JSON", () => {
    const full = 'E2 shows "OOMKilled"\nat 512Mi — restarts ×4 🚀 \\ done.';
    let previous = "";
    for (let end = 0; end <= answer.length; end++) {
      const seen = partialReasoning(answer.slice(0, end));
      if (seen === null) continue;
      expect(full.startsWith(seen), `prefix ${end}: ${JSON.stringify(seen)}`).toBe(true);
      expect(seen.length).toBeGreaterThanOrEqual(previous.length);
      expect(seen).not.toContain("citations");
      previous = seen;
    }
    expect(previous).toBe(full);
  });

  it("waits out an escape cut at the end", () => {
    expect(partialReasoning('{"reasoning":"a\\')).toBe("a");
    expect(partialReasoning('{"reasoning":"a\\u00')).toBe("a");
    expect(partialReasoning('{"reasoning":"a\\u00e9')).toBe("aé");
    expect(partialReasoning('{"reasoning":"a\\n')).toBe("a\n");
  });

  it("holds back half a surrogate pair, escaped or not", () => {
    expect(partialReasoning('{"reasoning":"go \\ud83d')).toBe("go ");
    expect(partialReasoning('{"reasoning":"go \\ud83d\\ude80')).toBe("go 🚀");
    expect(partialReasoning('{"reasoning":"go ' + "🚀".charAt(0))).toBe("go ");
  });

  it("accepts whitespace around the first key, as a model may pretty-print", () => {
    expect(partialReasoning('\n{\n  "reasoning" : "Memory climbs')).toBe("Memory climbs");
    expect(partialReasoning('{"reasoning":"')).toBe("");
  });

  it("shows nothing for text of another shape", () => {
    expect(partialReasoning("")).toBeNull();
    expect(partialReasoning("{")).toBeNull();
    expect(partialReasoning('{"reas')).toBeNull();
    expect(partialReasoning('{"citations":["E1"],"reasoning":"x"')).toBeNull();
    expect(partialReasoning("The root cause is")).toBeNull();
    expect(partialReasoning('```json\n{"reasoning":"x"')).toBeNull();
    expect(partialReasoning('{"reasoning":42')).toBeNull();
  });

  it("stops at an escape JSON does not have", () => {
    expect(partialReasoning('{"reasoning":"a\\qb"')).toBe("a");
  });
});
