// Preloaded (`node --require`) into the Next.js server and build that the run scripts start:
// a child that outlived the script (killed with SIGKILL, crashed, out of memory) would keep
// the port. Once the process that started it is gone, the child stops as on SIGTERM — its
// own handlers close the server and drain the job queue — and exits regardless 20 s later.
const expected = Number(process.env.VIGIL_PARENT_PID);
// Processes this one starts (next dev's server) watch their own parent, not this one's.
delete process.env.VIGIL_PARENT_PID;
const parent = expected || process.ppid;
const watch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(watch);
  setTimeout(() => process.exit(1), 20_000).unref();
  process.kill(process.pid, "SIGTERM");
}, 500);
watch.unref();
