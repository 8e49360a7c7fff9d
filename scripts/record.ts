// npm run demo:record — plays the demo story (e2e/story) in Chromium with video on, writing
// a video and a screenshot per step to demo-recordings/<time>/. Playwright records through
// its own ffmpeg build, which `playwright install` would download; here Debian's ffmpeg
// (apt-get install ffmpeg) stands in, linked where Playwright looks for it.
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";

const ffmpeg = "/usr/bin/ffmpeg";
if (!existsSync(ffmpeg)) {
  console.error("demo:record needs ffmpeg to write the video: apt-get install ffmpeg");
  process.exit(1);
}
const browsers = JSON.parse(readFileSync(path.resolve("node_modules/playwright-core/browsers.json"), "utf8")) as {
  browsers: { name: string; revision: string }[];
};
const revision = browsers.browsers.find((b) => b.name === "ffmpeg")?.revision;
if (!revision) throw new Error("playwright-core/browsers.json names no ffmpeg revision");
const home = path.resolve(".vigil", "playwright");
const link = path.join(home, `ffmpeg-${revision}`, "ffmpeg-linux");
mkdirSync(path.dirname(link), { recursive: true });
rmSync(link, { force: true });
symlinkSync(ffmpeg, link);

const run = spawnSync(
  path.resolve("node_modules/.bin/playwright"),
  ["test", "-c", "playwright.story.config.ts", ...process.argv.slice(2)],
  {
    stdio: "inherit",
    // Chromium's path is set in the config; this only moves where Playwright finds ffmpeg.
    env: { ...process.env, RECORD: "1", PLAYWRIGHT_BROWSERS_PATH: home },
  },
);
process.exit(run.status ?? 1);
