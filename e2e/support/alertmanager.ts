// Runs the real Alertmanager binary on loopback (temp config and storage, no clustering) and wraps its v2 API.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, type APIRequestContext } from "@playwright/test";

/** An alert as Prometheus posts it to POST /api/v2/alerts. */
export type PostableAlert = {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
};

export type GettableAlert = PostableAlert & { fingerprint: string; status: { state: string } };

export type RunningAlertmanager = {
  url: string;
  post: (alerts: PostableAlert[]) => Promise<void>;
  alerts: (namespace: string) => Promise<GettableAlert[]>;
  stop: () => Promise<void>;
};

/** The binary on PATH: Debian names it prometheus-alertmanager, upstream alertmanager. */
export function findAlertmanager(): string | null {
  const found = spawnSync("sh", ["-c", "command -v prometheus-alertmanager || command -v alertmanager"], { encoding: "utf8" });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export async function startAlertmanager(options: {
  binary: string;
  api: APIRequestContext;
  webhookUrl: string;
  token: string;
}): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "vigil-e2e-am-"));
  const config = {
    route: { receiver: "vigil", group_by: ["alertname", "namespace"], group_wait: "1s", group_interval: "2s", repeat_interval: "1h" },
    receivers: [
      {
        name: "vigil",
        webhook_configs: [
          { url: options.webhookUrl, send_resolved: true, http_config: { authorization: { type: "Bearer", credentials: options.token } } },
        ],
      },
    ],
  };
  // JSON is YAML: no YAML library needed.
  writeFileSync(path.join(dir, "alertmanager.yml"), JSON.stringify(config, null, 2));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    options.binary,
    [
      `--config.file=${path.join(dir, "alertmanager.yml")}`,
      `--storage.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--cluster.listen-address=",
      "--log.level=warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await expect(async () => {
      expect(child.exitCode, `alertmanager exited:\n${output}`).toBeNull();
      expect((await options.api.get(`${url}/-/ready`, { timeout: 2_000 })).status()).toBe(200);
    }).toPass({ timeout: 15_000, intervals: [100, 250, 500] });
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    url,
    stop,
    post: async (alerts) => {
      const response = await options.api.post(`${url}/api/v2/alerts`, { data: alerts });
      expect(response.status(), await response.text()).toBe(200);
    },
    alerts: async (namespace) => {
      const response = await options.api.get(`${url}/api/v2/alerts`, { params: { filter: `namespace="${namespace}"` } });
      expect(response.status(), await response.text()).toBe(200);
      return (await response.json()) as GettableAlert[];
    },
  };
}
