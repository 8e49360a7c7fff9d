// npx tsx lib/cluster/sandbox/cli.ts --scenario FILE [--port N] [--token T] — serves one
// scenario's cluster as a Kubernetes API, to point Vigil (or curl) at by hand.
import { parseArgs } from "node:util";
import { loadScenario } from "@/lib/scenarios/load";
import { startSandboxCluster } from "@/lib/cluster/sandbox/server";

const usage = "usage: npx tsx lib/cluster/sandbox/cli.ts --scenario FILE [--port N] [--token T]";

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

let values: { scenario?: string; port?: string; token?: string };
try {
  ({ values } = parseArgs({ options: { scenario: { type: "string" }, port: { type: "string" }, token: { type: "string" } } }));
} catch (err) {
  fail((err as Error).message);
}
if (!values.scenario) fail("--scenario is required");
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, got ${values.port}`);

let scenario;
try {
  scenario = loadScenario(values.scenario);
} catch (err) {
  fail((err as Error).message);
}
const sandbox = await startSandboxCluster({ state: scenario.kubernetes, logs: scenario.logs, port, token: values.token });

console.log(`Sandbox cluster for scenario ${scenario.id}: ${scenario.title}

  URL    ${sandbox.url}
  Token  ${sandbox.token}

  curl -H "Authorization: Bearer ${sandbox.token}" ${sandbox.url}/api/v1/namespaces/${scenario.kubernetes.pods[0]?.metadata.namespace ?? "default"}/pods
`);

const stop = async () => {
  await sandbox.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
