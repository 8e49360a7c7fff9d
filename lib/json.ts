// Server data handed to client components goes through JSON, exactly as the API sends it,
// so the initial render and later refetches see the same shapes (dates as ISO strings).
import type { Jsonify } from "@/lib/client/api";

export function toJson<T>(value: T): Jsonify<T> {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v))) as Jsonify<T>;
}
