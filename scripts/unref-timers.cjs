// Preloaded into the Prisma CLI (see lib/db/migrate.ts): its wasm schema engine leaves a
// long timer running after `migrate deploy` has finished, keeping the process alive ~10 s.
// Long timers must not hold the process open; short ones (real work) still do.
const original = global.setTimeout;
global.setTimeout = function patchedSetTimeout(fn, ms, ...args) {
  const timer = original(fn, ms, ...args);
  if (typeof ms === "number" && ms >= 1000 && timer && typeof timer.unref === "function") timer.unref();
  return timer;
};
