// The post-mortem editor's state: it follows the stored version while there are no unsaved
// edits, keeps edits (and flags them stale) when someone else stores a newer one, counts
// bytes against the limit, and says which engine drafted the text.
import { describe, expect, it } from "vitest";
import { edit, engineText, initEditor, isDirty, sizeOf, stored, withStored } from "@/lib/client/postmortem-editor";
import { MAX_POSTMORTEM_BYTES } from "@/lib/postmortem/limits";

const v1 = { markdown: "# INC-1\n\nfirst", updatedAt: "2026-11-22T10:00:00.000Z" };
const v2 = { markdown: "# INC-1\n\nsecond", updatedAt: "2026-11-22T10:05:00.000Z" };

describe("the post-mortem editor", () => {
  it("starts clean from the stored text, or empty when there is none", () => {
    expect(isDirty(initEditor(v1))).toBe(false);
    expect(initEditor({ markdown: null, updatedAt: null })).toEqual({ text: "", base: "", baseUpdatedAt: null, staleBase: false });
  });

  it("is dirty while the text differs from what was stored, and clean again when edited back", () => {
    const s = edit(initEditor(v1), "# INC-1\n\nfirst, edited");
    expect(isDirty(s)).toBe(true);
    expect(isDirty(edit(s, v1.markdown))).toBe(false);
  });

  it("follows a newer stored version when there are no edits, and ignores the same or an older one", () => {
    const s = initEditor(v1);
    expect(withStored(s, v1)).toBe(s);
    expect(withStored(initEditor(v2), v1)).toEqual(initEditor(v2));
    expect(withStored(s, v2)).toEqual(initEditor(v2));
    expect(withStored(initEditor({ markdown: null, updatedAt: null }), v1)).toEqual(initEditor(v1));
  });

  it("keeps unsaved edits when someone else stores a newer version, and says saving will be refused", () => {
    const s = edit(initEditor(v1), "mine");
    const next = withStored(s, v2);
    expect(next).toMatchObject({ text: "mine", baseUpdatedAt: v1.updatedAt, staleBase: true });
    expect(withStored(next, v2)).toBe(next);
  });

  it("takes what its own draft or save stored as the new base", () => {
    expect(stored(edit(initEditor(v1), "mine"), { markdown: "mine", updatedAt: v2.updatedAt })).toEqual({
      text: "mine",
      base: "mine",
      baseUpdatedAt: v2.updatedAt,
      staleBase: false,
    });
  });

  it("counts UTF-8 bytes against the limit", () => {
    expect(sizeOf("é").bytes).toBe(2);
    expect(sizeOf("x".repeat(2048))).toMatchObject({ over: false, text: "2.0 KB of 100 KB" });
    expect(sizeOf("x".repeat(MAX_POSTMORTEM_BYTES + 1)).over).toBe(true);
  });

  it("says how the text was made", () => {
    expect(engineText("model", "llama3.1")).toMatch(/^Drafted with the model llama3.1/);
    expect(engineText("template", null)).toBe("Drafted by the template engine from Vigil's records");
  });
});
