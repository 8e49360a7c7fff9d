// The console bench's investigations, set-based: an agent run per investigated incident
// (steps, six evidence items, the RCA), its proposed actions in the states the incident's
// story implies (with policy verdict, dry-run preview, execution and verification), the
// responder's approvals, and the undo of every rolled-back action.
import pg from "pg";

/** The remedy an RCA proposes for a root cause, as SQL over a column holding the cause. */
const kindOf = (cause: string) => `CASE WHEN ${cause} IN ('bad_deploy','image_pull','bad_config') THEN 'rollback'
  WHEN ${cause} IN ('cpu_saturation','capacity_limit') THEN 'scale' ELSE 'restart' END`;

const RUNS_SQL = `
INSERT INTO "AgentRun" (id, "incidentId", "traceId", engine, model, status, result, "rootCause", confidence, "promptTokens",
  "completionTokens", "latencyMs", "createdAt", "startedAt", "finishedAt")
SELECT 'c' || substr(md5('run-' || i.id), 1, 24), i.id, i."traceId", CASE WHEN h % 5 = 0 THEN 'rules' ELSE 'ollama' END,
  CASE WHEN h % 5 = 0 THEN NULL ELSE 'llama3.1' END, CASE WHEN done THEN 'succeeded' ELSE 'running' END::"AgentRunStatus",
  CASE WHEN done THEN jsonb_build_object('rootCause', i."rootCause", 'confidence', i.confidence, 'summary', i.summary,
    'reasoning', 'The alert started with the change to ' || i.workload || ' (E5); the pod status (E2) and the logs (E4) agree.',
    'citations', jsonb_build_array('E1', 'E2', 'E4', 'E5'),
    'actions', jsonb_build_array(jsonb_build_object('action', ${kindOf(`i."rootCause"`)}, 'risk', 'low',
      'target', jsonb_build_object('kind', 'Deployment', 'namespace', i.namespace, 'name', i.workload),
      'rationale', 'Undo what the evidence ties to the start of the incident.'))) END,
  i."rootCause", i.confidence, 700 + h % 900, CASE WHEN done THEN 150 + h % 200 END, CASE WHEN done THEN 1500 + h % 9000 END,
  i."openedAt", i."acknowledgedAt", CASE WHEN done THEN i."acknowledgedAt" + (15 + h % 90) * interval '100 milliseconds' END
FROM (SELECT *, abs(hashtext(id)) AS h, "rootCause" IS NOT NULL AS done FROM "Incident"
      WHERE "rootCause" IS NOT NULL OR state = 'investigating') i`;

const STEPS_SQL = `
INSERT INTO "AgentStep" (id, "runId", index, kind, name, output, "startedAt", "finishedAt", "durationMs")
SELECT 'c' || substr(md5('step-' || r.id || s.idx), 1, 24), r.id, s.idx, s.kind, s.name,
  CASE s.kind WHEN 'collect' THEN jsonb_build_object('items', 6, 'subject', jsonb_build_object('kind', 'Deployment', 'namespace', i.namespace, 'name', i.workload))
    WHEN 'model_call' THEN jsonb_build_object('model', r.model, 'promptTokens', r."promptTokens") ELSE jsonb_build_object('ok', true) END,
  r."startedAt" + s.idx * interval '1 second', r."startedAt" + (s.idx + 1) * interval '1 second', 1000
FROM "AgentRun" r JOIN "Incident" i ON i.id = r."incidentId"
CROSS JOIN (VALUES (0, 'collect', 'collect evidence'), (1, 'model_call', 'root-cause analysis'), (2, 'validation', 'validate the RCA'),
                   (3, 'tool_call', 'guard the proposals')) s(idx, kind, name)
WHERE r.status = 'succeeded' OR s.idx < 2`;

// Logs are the largest item and carry redactions, as the collector leaves them.
const EVIDENCE_SQL = `
INSERT INTO "Evidence" (id, "incidentId", "agentRunId", "traceId", ref, source, title, content, data, score, tokens, "inContext", redactions, "createdAt")
SELECT 'c' || substr(md5('evidence-' || r.id || e.n), 1, 24), r."incidentId", r.id, r."traceId", 'E' || e.n, e.source,
  e.source || ': ' || i.workload, c.content, jsonb_build_object('namespace', i.namespace, 'workload', i.workload),
  round((1 - e.n * 0.12)::numeric, 2)::float8, length(c.content) / 4, e.n <= 5, CASE WHEN e.source = 'logs' THEN 2 ELSE 0 END,
  r."startedAt" + interval '1 second'
FROM "AgentRun" r JOIN "Incident" i ON i.id = r."incidentId"
CROSS JOIN (VALUES (1, 'alert'), (2, 'pod'), (3, 'events'), (4, 'logs'), (5, 'rollout'), (6, 'metrics')) e(n, source)
CROSS JOIN LATERAL (SELECT CASE e.source
  WHEN 'alert' THEN format(E'%s firing since %s\\nlabels: %s\\nsummary: %s', i."commonLabels"->>'alertname', i."openedAt", i."commonLabels", i.title)
  WHEN 'pod' THEN format(E'pod %s-6b8f9c7d4-x2k4p: CrashLoopBackOff, restarts 7\\nlast state: Terminated (Error, exit code 1)\\nlimits: cpu 500m, memory 512Mi', i.workload)
  WHEN 'events' THEN repeat(format(E'Warning  BackOff  pod/%s-6b8f9c7d4-x2k4p  Back-off restarting failed container\\n', i.workload), 4)
  WHEN 'logs' THEN repeat(format(E'level=error ts=%s msg="request failed" path=/api/v1/orders user=[REDACTED] err="TypeError: cannot read properties of undefined (reading ''total'')"\\n', i."openedAt"), 8)
  WHEN 'rollout' THEN format(E'deployment/%s revision 14 -> 15, %s minutes before the alert\\nimage registry.example.com/%s/%s:2.14.0 (was 2.13.2)', i.workload, 3, i.namespace, i.workload)
  ELSE format(E'rate(http_requests_total{namespace="%s",code=~"5.."}[5m]) rose from 0.2%% to 7.4%% at the rollout', i.namespace) END AS content) c`;

const ACTIONS_SQL = `
INSERT INTO "ProposedAction" (id, "incidentId", "agentRunId", "traceId", rank, kind, namespace, name, replicas, risk, rationale, confidence,
  state, "policyAllowed", "policyVerdict", preview, "previewHash", "resourceVersion", "previewedAt", result, "executedAt",
  verification, effective, "verifiedAt", "createdAt", "updatedAt")
SELECT 'c' || substr(md5('action-' || r.id || a.rank), 1, 24), r."incidentId", r.id, r."traceId", a.rank, a.kind::"ActionKind",
  i.namespace, i.workload, CASE WHEN a.kind = 'scale' THEN 6 END, 'low', 'Undo what the evidence ties to the start of the incident.',
  r.confidence, a.state::"ActionState", a.state <> 'refused',
  jsonb_build_object('allowed', a.state <> 'refused', 'highRisk', false, 'requiredApprovals', 1,
    'autonomous', jsonb_build_object('allowed', false, 'policy', null, 'reason', 'no autonomous policy matches'),
    'reasons', jsonb_build_array(jsonb_build_object('rule', 'namespace', 'ok', true, 'message', i.namespace || ' is in the allowed namespaces'),
      jsonb_build_object('rule', 'rate', 'ok', a.state <> 'refused', 'message', CASE WHEN a.state = 'refused' THEN '3 changes to this workload in the last hour (limit 2)' ELSE '0 changes in the last hour' END))),
  CASE WHEN a.state <> 'refused' THEN jsonb_build_object('summary', a.kind || ' deployment/' || i.workload, 'generation', 15, 'at', r."finishedAt",
    'dryRun', jsonb_build_object('ok', true), 'patch', jsonb_build_object('spec', jsonb_build_object('template', jsonb_build_object('metadata',
      jsonb_build_object('annotations', jsonb_build_object('vigil.dev/trace-id', r."traceId"))))),
    'changes', jsonb_build_array(jsonb_build_object('path', 'spec.template.spec.containers[0].image',
      'before', 'registry.example.com/' || i.workload || ':2.14.0', 'after', 'registry.example.com/' || i.workload || ':2.13.2'))) END,
  CASE WHEN a.state <> 'refused' THEN md5(r.id) || md5(r."traceId") END, CASE WHEN a.state <> 'refused' THEN '48213' END,
  CASE WHEN a.state <> 'refused' THEN r."finishedAt" END,
  CASE WHEN a.done THEN jsonb_build_object('request', 'PATCH apps/v1 ' || i.namespace || '/deployments/' || i.workload, 'status', 200,
    'resourceVersion', jsonb_build_object('before', '48213', 'after', '48240'), 'generation', 16, 'traceAnnotation', r."traceId") END,
  CASE WHEN a.done THEN i."mitigatedAt" END,
  CASE WHEN a.state IN ('executed', 'rolled_back') THEN jsonb_build_object('checkedAt', to_char(i."resolvedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'rollout', jsonb_build_object('ready', true, 'detail', '3/3 replicas ready', 'revision', '16'),
    'alerts', jsonb_build_object('cleared', a.state = 'executed', 'detail', CASE WHEN a.state = 'executed' THEN 'no alert firing' ELSE 'still firing' END),
    'promql', jsonb_build_object('cleared', a.state = 'executed', 'detail', 'error rate 0.3% (threshold 1%)')) END,
  CASE WHEN a.state IN ('executed', 'rolled_back') THEN a.state = 'executed' END,
  CASE WHEN a.state IN ('executed', 'rolled_back') THEN i."resolvedAt" END, r."finishedAt", i."updatedAt"
FROM "AgentRun" r JOIN "Incident" i ON i.id = r."incidentId"
CROSS JOIN LATERAL (SELECT abs(hashtext(r.id)) AS h) x
CROSS JOIN LATERAL (
  SELECT rank, kind, state, state IN ('executed', 'rolled_back', 'executing') AND i."mitigatedAt" IS NOT NULL AS done FROM (VALUES
    (1, ${kindOf(`r."rootCause"`)}, CASE WHEN i.state = 'awaiting_approval' THEN 'proposed' WHEN i.state = 'mitigating' THEN 'executing'
      WHEN x.h % 20 < 11 THEN 'executed' WHEN x.h % 20 < 13 THEN 'rejected' WHEN x.h % 20 < 16 THEN 'expired'
      WHEN x.h % 20 < 17 THEN 'rolled_back' ELSE 'refused' END),
    (2, CASE WHEN ${kindOf(`r."rootCause"`)} = 'restart' THEN 'scale' ELSE 'restart' END,
      CASE WHEN i.state = 'awaiting_approval' THEN 'proposed' ELSE 'expired' END)) v(rank, kind, state)
  WHERE rank = 1 OR x.h % 10 < 3) a
WHERE r.status = 'succeeded'`;

const APPROVALS_SQL = `
INSERT INTO "Approval" (id, "actionId", "userId", decision, comment, "previewHash", "resourceVersion", "expiresAt", "usedAt", "createdAt")
SELECT 'c' || substr(md5('approval-' || a.id), 1, 24), a.id, $1, CASE WHEN a.state = 'rejected' THEN 'rejected' ELSE 'approved' END::"ApprovalDecision",
  CASE WHEN a.state = 'rejected' THEN 'not during the sale' END, a."previewHash", a."resourceVersion", a."previewedAt" + interval '15 minutes',
  CASE WHEN a.state <> 'rejected' THEN a."executedAt" END, coalesce(a."executedAt", a."previewedAt" + interval '2 minutes')
FROM "ProposedAction" a WHERE a.state IN ('executed', 'executing', 'rolled_back', 'rejected') AND a."previewedAt" IS NOT NULL`;

const UNDO_SQL = `
INSERT INTO "ProposedAction" (id, "incidentId", "agentRunId", "traceId", rank, kind, namespace, name, risk, rationale, state,
  "policyAllowed", result, "executedAt", "rollbackOfId", "createdAt", "updatedAt")
SELECT 'c' || substr(md5('undo-' || a.id), 1, 24), a."incidentId", NULL, a."traceId", 1, 'rollback', a.namespace, a.name, 'low',
  'Undo of the executed ' || a.kind || ': it did not help.', 'executed', true,
  jsonb_build_object('request', 'PATCH apps/v1 ' || a.namespace || '/deployments/' || a.name, 'status', 200, 'generation', 17),
  a."executedAt" + interval '10 minutes', a.id, a."executedAt" + interval '8 minutes', a."updatedAt"
FROM "ProposedAction" a WHERE a.state = 'rolled_back' AND a."executedAt" IS NOT NULL`;

export async function seedInvestigations(client: pg.Client, responderId: string): Promise<void> {
  for (const sql of [RUNS_SQL, STEPS_SQL, EVIDENCE_SQL, ACTIONS_SQL]) await client.query(sql);
  await client.query(APPROVALS_SQL, [responderId]);
  await client.query(UNDO_SQL);
}
