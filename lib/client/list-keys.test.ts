import { describe, expect, it } from "vitest";
import { listKeyCommand, type ListKeyInput } from "@/lib/client/list-keys";

const press = (key: string, over: Partial<ListKeyInput> = {}) =>
  listKeyCommand({ key, modified: false, typing: false, current: null, count: 5, ...over });

describe("incident list keys", () => {
  it("j and k move through the rows, starting at the first, stopping at the ends", () => {
    expect(press("j")).toEqual({ type: "focus", index: 0 });
    expect(press("k")).toEqual({ type: "focus", index: 0 });
    expect(press("j", { current: 1 })).toEqual({ type: "focus", index: 2 });
    expect(press("k", { current: 1 })).toEqual({ type: "focus", index: 0 });
    expect(press("j", { current: 4 })).toEqual({ type: "focus", index: 4 });
    expect(press("k", { current: 0 })).toEqual({ type: "focus", index: 0 });
  });

  it("arrows, Home, End and Enter act inside the list only: elsewhere they scroll and click as usual", () => {
    for (const key of ["ArrowDown", "ArrowUp", "Home", "End", "Enter"]) expect(press(key)).toBeNull();
    expect(press("ArrowDown", { current: 2 })).toEqual({ type: "focus", index: 3 });
    expect(press("ArrowUp", { current: 2 })).toEqual({ type: "focus", index: 1 });
    expect(press("Home", { current: 3 })).toEqual({ type: "focus", index: 0 });
    expect(press("End", { current: 1 })).toEqual({ type: "focus", index: 4 });
    expect(press("Enter", { current: 3 })).toEqual({ type: "open", index: 3 });
  });

  it("/ goes to the search box, even with no rows", () => {
    expect(press("/")).toEqual({ type: "search" });
    expect(press("/", { count: 0 })).toEqual({ type: "search" });
    expect(press("j", { count: 0 })).toBeNull();
  });

  it("a acknowledges the focused row, for those who may: never a row nobody moved to", () => {
    expect(press("a", { current: 2, canAcknowledge: true })).toEqual({ type: "acknowledge", index: 2 });
    expect(press("a", { canAcknowledge: true })).toBeNull();
    expect(press("a", { current: 2 })).toBeNull();
    expect(press("a", { current: 2, canAcknowledge: false })).toBeNull();
  });

  it("never takes a key from someone typing, nor a browser shortcut", () => {
    for (const key of ["j", "k", "/", "Enter", "ArrowDown", "a"]) {
      expect(press(key, { typing: true, current: 1, canAcknowledge: true })).toBeNull();
      expect(press(key, { modified: true, current: 1, canAcknowledge: true })).toBeNull();
    }
    expect(press("x", { current: 1 })).toBeNull();
  });
});
