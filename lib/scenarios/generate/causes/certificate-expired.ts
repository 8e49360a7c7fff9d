// certificate_expired: a TLS certificate in the path expired: a dependency's serving certificate
// (the app's client rejects it), or the app's own mTLS client certificate (the peer rejects it).
// A deploy of the app shortly before is a coincidence: errors start at the expiry, not the deploy.
import { alerts } from "../alerts";
import { addDep } from "../deps";
import { event } from "../k8s-events";
import { addSeries, step, wlLabels } from "../metrics";
import { netError } from "../net";
import { phrase, repeat, say, write, type Phrase } from "../phrase";
import { scaffold } from "../scaffold";
import { HOUR, isoMs, MIN, SEC } from "../time";
import type { Built } from "../expected";
import type { World } from "../types";
import { tag } from "../world";
import { pct } from "./common";
import { failJob } from "./job";
import { rollout, rolloutChange } from "./rollout";

export function certificateExpired(w: World): Built {
  const { g } = w;
  const t = scaffold(w, {
    kinds: [
      ["Deployment", 6],
      ["StatefulSet", 1],
      ["Job", 1],
      ["CronJob", 1],
      ["Pod", 1],
    ],
    replicas: g.int(2, 4),
  });
  // Certificates expire on round times: midnight, or the hour they were issued.
  const notAfter = Math.max(Math.floor((w.now - g.int(8, 50) * MIN) / HOUR) * HOUR, w.now - 55 * MIN) - (g.chance(0.5) ? SEC : 0);
  const mtls = g.chance(0.2) && t.app.runtime !== "nginx";
  const dep = addDep(
    w,
    mtls
      ? "http"
      : g.weighted([
          ["http", 6],
          ["postgres", t.app.runtime === "go" || t.app.runtime === "java" ? 1 : 0],
        ] as const),
    { inCluster: mtls || g.chance(0.4) },
  );
  let e: Phrase;
  if (mtls) {
    // The peer rejects our client certificate: each TLS stack reports the certificate_expired alert.
    const table: Record<string, [string, string]> = {
      go: [
        `Post https://${dep.host}:8443${dep.path ?? "/"}: remote error: tls: expired certificate`,
        "remote error: tls: expired certificate",
      ],
      java: ["javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_expired", "Received fatal alert: certificate_expired"],
      node: [
        "write EPROTO 00000000:error:0A000415:SSL routines:ssl3_read_bytes:sslv3 alert certificate expired:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 45",
        "sslv3 alert certificate expired",
      ],
      python: [
        "ssl.SSLError: [SSL: SSLV3_ALERT_CERTIFICATE_EXPIRED] sslv3 alert certificate expired (_ssl.c:2580)",
        "SSLV3_ALERT_CERTIFICATE_EXPIRED",
      ],
      dotnet: [
        "System.Security.Authentication.AuthenticationException: Authentication failed because the remote party sent a TLS alert: 'CertificateExpired'.",
        "sent a TLS alert: 'CertificateExpired'",
      ],
      nginx: [
        "SSL_do_handshake() failed (SSL: error:0A000415:SSL routines::sslv3 alert certificate expired:SSL alert number 45) while SSL handshaking to upstream",
        "sslv3 alert certificate expired",
      ],
    };
    const [m, ev] = table[t.app.runtime] as [string, string];
    e = phrase([say("error", `${dep.name} call failed: ${m}`)], ev);
  } else
    e = netError(g, t.app.runtime, dep, "tls-expired", { dnsIp: w.cluster.dnsIp, podIp: "", now: w.now - g.int(1, 5) * MIN, notAfter });
  const evidence = [e.ev];
  const certName = `${mtls ? t.wl.name : dep.name}-tls`;
  if (dep.ip.startsWith(w.cluster.svcNet) || mtls) {
    const msg = `Renewal failed: the certificate request ${certName}-${g.int(1, 9)} has failed to complete and will be retried: Failed to wait for order resource to become ready: order is in errored state: ${g.pick(["429 urn:ietf:params:acme:error:rateLimited", "issuer vault-issuer is not ready", "secret ca-key-pair not found"])}`;
    event(
      w,
      { kind: "Certificate", name: certName, apiVersion: "cert-manager.io/v1" },
      {
        reason: "Failed",
        type: "Warning",
        message: msg,
        first: notAfter - 40 * MIN,
        last: w.now - g.int(2, 20) * MIN,
        count: g.int(3, 20),
        component: "cert-manager-certificates-issuing",
      },
    );
    evidence.push("Renewal failed: the certificate request");
  }
  if (t.wl.kind === "Deployment" && g.chance(0.6)) {
    const at = notAfter - g.int(12, 30) * MIN;
    const r = rollout(w, t, at, { complete: true });
    rolloutChange(
      w,
      t,
      r,
      at,
      `${t.wl.name} ${r.version}: ${g.pick(["upgrade http client library", "add request tracing", "PDF watermark on invoices", "dependency bumps"])}`,
    );
    t.pods = r.fresh;
    tag(w, "confounder:deploy-before-cert-expiry");
  }
  if (t.wl.job) {
    failJob(w, t, {
      reason: "Error",
      exitCode: 1,
      runMs: () => g.int(5, 60) * SEC,
      log: (a) => write(w, a.pod, t.app, a.start + 2 * SEC, e.lines),
    });
    return {
      title: `${w.ns}/${t.wl.name}: job fails, ${mtls ? "its client" : `${dep.host}'s`} TLS certificate expired at ${isoMs(notAfter)}`,
      evidence,
    };
  }
  for (const pod of t.pods)
    repeat(w, pod, t.app, Math.max(notAfter + 5 * SEC, pod.createdAt + MIN), w.now, g.int(20, 100) * SEC, () => e.lines);
  const labels = wlLabels(t.wl);
  const err = g.float(0.1, 0.7);
  if (t.wl.kind === "Deployment") addSeries(w, "error_ratio", labels, step(w, 0.001, err, notAfter, 0.08), 5);
  const at = notAfter + g.int(3, 6) * MIN;
  alerts.app(
    w,
    "HighErrorRate",
    t.wl.kind === "Deployment" ? { deployment: t.wl.name } : { pod: t.pods[0]?.name ?? t.wl.name },
    `High 5xx ratio on ${w.ns}/${t.wl.name}`,
    `${pct(err)}% of requests to ${w.ns}/${t.wl.name} failed with 5xx over the last 5 minutes (threshold 5%).`,
    Math.min(at, w.now - MIN),
    'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05',
  );
  return {
    title: `${w.ns}/${t.wl.name} fails: ${mtls ? "its mTLS client certificate" : `${dep.host}'s TLS certificate`} expired at ${isoMs(notAfter)}`,
    evidence,
  };
}
