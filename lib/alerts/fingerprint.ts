// Alertmanager's alert fingerprint (prometheus/common model.LabelSet.Fingerprint):
// FNV-1a 64 over the label names in byte order, each name and value followed by 0xff,
// printed as 16 hex digits. Used only when a sender omits `fingerprint`, so that such
// alerts still deduplicate exactly as Alertmanager would.
const OFFSET = 14695981039346656037n;
const PRIME = 1099511628211n;
const MASK = (1n << 64n) - 1n;
const SEPARATOR = 0xff;
const encoder = new TextEncoder();

function addBytes(hash: bigint, bytes: Uint8Array): bigint {
  let h = hash;
  for (const b of bytes) h = ((h ^ BigInt(b)) * PRIME) & MASK;
  return h;
}

export function labelsFingerprint(labels: Record<string, string>): string {
  const names = Object.keys(labels).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  let h = OFFSET;
  const sep = Uint8Array.of(SEPARATOR);
  for (const name of names) {
    h = addBytes(h, encoder.encode(name));
    h = addBytes(h, sep);
    h = addBytes(h, encoder.encode(labels[name]!));
    h = addBytes(h, sep);
  }
  return h.toString(16).padStart(16, "0");
}
