// Where the demo story runs: its own port (STORY_PORT), the demo's sign-in, and where
// `npm run demo:record` writes the video and the screenshots.
import path from "node:path";

const port = Number(process.env.STORY_PORT ?? 39_467);

export const STORY = {
  port,
  baseURL: `http://127.0.0.1:${port}`,
  email: "admin@vigil.local",
  password: "vigil-demo",
  recordings: path.resolve(process.env.RECORD_DIR ?? "demo-recordings"),
} as const;
