import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The container image builds with NEXT_OUTPUT=standalone and copies that server;
  // `next start` (npm start, the demo, the tests) needs the regular output.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  poweredByHeader: false,
  // Native/wasm and worker-thread packages must be required at run time, not bundled.
  serverExternalPackages: ["pino", "pg", "@electric-sql/pglite", "@prisma/adapter-pg"],
};

export default nextConfig;
