// OR queries from incident text: sanitised terms only, so nothing in an alert or a log line
// can inject tsquery syntax; ids and noise left out; camelCase names split.
import { describe, expect, it } from "vitest";
import { MAX_TERMS, orQuery, queryTerms } from "@/lib/runbooks/query";

describe("queryTerms", () => {
  it("keeps words, splits camelCase alert names, drops noise, ids and hashes", () => {
    expect(
      queryTerms([
        "KubePodCrashLooping in shop/checkout-api-7d9f8c6b5-x2k4q",
        "pod restarted 12 times; trace 4bf92f3577b34da6a3ce929d0e0e4736",
      ]),
    ).toEqual(["kubepodcrashlooping", "crash", "looping", "in", "shop", "checkout", "api", "restarted", "times", "trace"]);
  });

  it("keeps no quote, operator, parenthesis or backslash of the input", () => {
    const terms = queryTerms([`it's 'aa' & bb | !cc <-> dd:* (ee) \\ff "gg" :AB`]);
    expect(terms).toEqual(["it", "aa", "bb", "cc", "dd", "ee", "ff", "gg", "ab"]);
    for (const t of terms) expect(t).toMatch(/^[\p{L}\p{N}]+$/u);
  });

  it("keeps letters of any script, lowercased and NFKC-normalised", () => {
    expect(queryTerms(["Ошибка БАЗЫ данных", "Überlastung ｆｕｌｌｗｉｄｔｈ", "接続 プール"])).toEqual([
      "ошибка",
      "базы",
      "данных",
      "überlastung",
      "fullwidth",
      "接続",
      "プール",
    ]);
  });

  it("dedupes and stops at the limit", () => {
    const many = Array.from(
      { length: 100 },
      (_, i) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`,
    ).join(" ");
    expect(queryTerms([many, many])).toHaveLength(MAX_TERMS);
    expect(queryTerms(["db db DB Db"])).toEqual(["db"]);
  });
});

describe("orQuery", () => {
  it("ORs quoted lexemes, and is null when there is nothing to search for", () => {
    expect(orQuery(["postgres", "pool"])).toBe("'postgres' | 'pool'");
    expect(orQuery([])).toBeNull();
    expect(orQuery(queryTerms(["&|!():*'\""]))).toBeNull();
  });

  it("drops anything but letters and digits, whoever calls it", () => {
    expect(orQuery(["ok", "x' | 'y", "a&b", "ü"])).toBe("'ok' | 'ü'");
  });
});
