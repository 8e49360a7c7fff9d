// The process that holds the integration tests' embedded databases (started by
// lib/testing/global-setup.ts): prints the URL files ask for a database at once it is ready,
// and stops them all on SIGTERM or when the process that started it goes away.
import { startEmbeddedDatabases } from "./embedded-databases";

const databases = await startEmbeddedDatabases();
process.stdout.write(`${JSON.stringify({ url: databases.url })}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void databases.stop().finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// stdin is a pipe from the parent: it ends when the parent does, however it went.
process.stdin.on("end", stop);
process.stdin.resume();
