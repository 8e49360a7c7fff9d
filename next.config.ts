import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The container image copies the standalone server (see Dockerfile).
  output: "standalone",
  poweredByHeader: false,
  // Native/wasm and worker-thread packages must be required at run time, not bundled.
  serverExternalPackages: ["pino", "pg", "@electric-sql/pglite", "@prisma/adapter-pg"],
};

export default nextConfig;
