import { describe, expect, it } from "vitest";
import { NOTE_EDIT_WINDOW_MS, noteChangeable } from "@/lib/incidents/notes";

const createdAt = "2026-11-22T03:00:00.000Z";
const note = { createdAt, author: { email: "sre@vigil.test" } };
const after = (ms: number) => Date.parse(createdAt) + ms;

describe("noteChangeable", () => {
  it("lets its author change a note during its first 15 minutes, and nobody else ever", () => {
    expect(NOTE_EDIT_WINDOW_MS).toBe(15 * 60_000);
    expect(noteChangeable(note, "sre@vigil.test", after(0))).toBe(true);
    expect(noteChangeable(note, "sre@vigil.test", after(NOTE_EDIT_WINDOW_MS))).toBe(true);
    expect(noteChangeable(note, "sre@vigil.test", after(NOTE_EDIT_WINDOW_MS + 1))).toBe(false);
    expect(noteChangeable(note, "other@vigil.test", after(1_000))).toBe(false);
  });

  it("offers nothing before the browser knows the time", () => {
    expect(noteChangeable(note, "sre@vigil.test", null)).toBe(false);
  });
});
