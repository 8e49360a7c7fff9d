// Ids in the format of Prisma's @default(cuid()) (cuid v1: "c", time, counter, host
// fingerprint, random), for rows the ingest hot path inserts with SQL instead of Prisma.
import { hostname } from "node:os";

const BASE = 36;
const BLOCK = 4;
const DISCRETE = BASE ** BLOCK;

function pad(value: string, size: number): string {
  return value.padStart(size, "0").slice(-size);
}

function host(): string {
  try {
    return hostname();
  } catch {
    return "hostname";
  }
}

const name = host();
const fingerprint =
  pad(process.pid.toString(BASE), 2) + pad([...name].reduce((sum, ch) => sum + ch.charCodeAt(0), name.length + BASE).toString(BASE), 2);
let counter = 0;

const randomBlock = () => pad(Math.floor(Math.random() * DISCRETE).toString(BASE), BLOCK);

export function cuid(): string {
  counter = counter < DISCRETE ? counter : 0;
  const count = pad((counter++).toString(BASE), BLOCK);
  return `c${Date.now().toString(BASE)}${count}${fingerprint}${randomBlock()}${randomBlock()}`;
}
