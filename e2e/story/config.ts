// Where the demo story runs: its own port (STORY_PORT), the demo's sign-in, and where
// `npm run demo:record` writes the video and the screenshots.
import path from "node:path";

// Beside the e2e server's ports (E2E_PORT, and the next one for its sandbox), so two runs
// on one machine that move E2E_PORT apart never meet here either.
const port = Number(process.env.STORY_PORT ?? Number(process.env.E2E_PORT ?? 29_417) + 50);

export const STORY = {
  port,
  baseURL: `http://127.0.0.1:${port}`,
  email: "admin@vigil.local",
  password: "vigil-demo",
  recordings: path.resolve(process.env.RECORD_DIR ?? "demo-recordings"),
} as const;
