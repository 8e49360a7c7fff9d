// The names the deployment and ReplicaSet controllers give what they create, in the same
// alphabet (no vowels, no 0/1/3: nothing that spells a word or looks like another character):
// ReplicaSets `<deployment>-<pod-template-hash>`, pods `<replicaset>-<5 random characters>`.
import { randomInt } from "node:crypto";
import { canonicalJson } from "@/lib/cluster/patch";

const alphanums = "bcdfghjklmnpqrstvwxz2456789";

// k8s.io/apimachinery/pkg/util/rand.SafeEncodeString.
const safeEncode = (text: string) => [...text].map((char) => alphanums[char.charCodeAt(0) % alphanums.length]).join("");

function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * controller.ComputeHash: a 32-bit FNV-1a of the pod template (and the collision count, when
 * names collided before), its decimal digits safe-encoded: at most 10 characters. Kubernetes
 * hashes the Go struct; hashing its canonical JSON keeps the same property: same template,
 * same hash.
 */
export function podTemplateHash(template: unknown, collisionCount = 0): string {
  return safeEncode(String(fnv32a(canonicalJson(template) + (collisionCount ? String(collisionCount) : ""))));
}

/** utilrand.String(5), the suffix of a generated pod name. */
export function randomSuffix(length = 5): string {
  return Array.from({ length }, () => alphanums[randomInt(alphanums.length)]).join("");
}
