import { describe, expect, it } from "vitest";
import { clientAddress, DIRECT, UNKNOWN } from "@/lib/auth/client-address";

describe("clientAddress", () => {
  it("ignores the header entirely without trusted proxies", () => {
    expect(clientAddress("198.51.100.7", 0)).toBe(DIRECT);
    expect(clientAddress(undefined, 0)).toBe(DIRECT);
  });

  it("takes the entry the one trusted proxy appended, whatever the client put before it", () => {
    expect(clientAddress("198.51.100.7", 1)).toBe("198.51.100.7");
    expect(clientAddress("6.6.6.6, 198.51.100.7", 1)).toBe("198.51.100.7");
    expect(clientAddress("1.1.1.1,2.2.2.2 ,  198.51.100.7 ", 1)).toBe("198.51.100.7");
  });

  it("counts two trusted hops from the right", () => {
    expect(clientAddress("6.6.6.6, 198.51.100.7, 10.0.0.2", 2)).toBe("198.51.100.7");
    expect(clientAddress("198.51.100.7, 10.0.0.2", 2)).toBe("198.51.100.7");
  });

  it("answers one shared marker when the header is missing or shorter than the hop count", () => {
    expect(clientAddress(undefined, 1)).toBe(UNKNOWN);
    expect(clientAddress("", 1)).toBe(UNKNOWN);
    expect(clientAddress("198.51.100.7", 2)).toBe(UNKNOWN);
    expect(clientAddress(" , ", 1)).toBe(UNKNOWN);
  });
});
