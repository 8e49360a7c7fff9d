// The textual signatures of each root cause, as they appear in logs, events and alert
// text across common runtimes (Go, Java, Node.js, Python, PostgreSQL, kubelet). Kept in
// one place so the rule engine's knowledge is easy to read and extend.
import type { RootCause } from "@/lib/scenarios/schema";

export const signatures: Partial<Record<RootCause, RegExp>> = {
  certificate_expired: /x509: certificate has expired|certificate (has )?expired|CERT_HAS_EXPIRED|certificate is not yet valid|NotAfter|PKIX path validation failed.*expired|SSL.*certificate verify failed.*expired/i,
  dns_failure: /no such host|ENOTFOUND|EAI_AGAIN|getaddrinfo|Temporary failure in name resolution|Name or service not known|NXDOMAIN|could not resolve host|UnknownHostException|server misbehaving|lookup .* on .*:53/i,
  disk_full: /no space left on device|ENOSPC|disk (is )?full|DiskPressure|could not extend file|database or disk is full|volume .* (is )?full/i,
  db_connection_exhaustion:
    /Connection is not available, request timed out|too many (clients|connections)|remaining connection slots are reserved|connection pool (is )?exhausted|pool exhausted|Timeout waiting for idle object|Cannot get a connection, pool error|Apparent connection leak|max_connections|QueuePool limit|acquire.*connection.*timed out/i,
  image_pull: /ImagePullBackOff|ErrImagePull|InvalidImageName|Failed to pull image|manifest unknown|pull access denied|repository does not exist|ErrImageNeverPull/i,
  bad_config:
    /CreateContainerConfigError|invalid (config|configuration|value|duration|setting)|is not a valid|Failed to bind properties|missing required (env|config|setting|variable)|environment variable .* (is )?(not set|required|missing)|required (config|setting|env)|configmap .* not found|secret .* not found|couldn't find key|unknown (config|configuration) key|failed to (load|parse) config|config(uration)? (file )?error|could not parse/i,
  probe_failure: /(Liveness|Readiness|Startup) probe failed|failed (liveness|readiness|startup) probe/i,
  network_policy: /NetworkPolicy|network policy|connection timed out|i\/o timeout|dial tcp .* timeout|No route to host|EHOSTUNREACH|ETIMEDOUT/i,
  dependency_failure:
    /ECONNREFUSED|connection refused|connect: connection refused|ECONNRESET|upstream (connect )?error|503 Service Unavailable|Bad Gateway|circuit (breaker )?open|the database system is (starting up|in recovery mode|shutting down)|could not connect to server|Connection reset by peer|broker not available|dependency .* unavailable|recovery in progress/i,
  node_pressure: /NodeNotReady|node .* not ready|MemoryPressure|DiskPressure|PIDPressure|The node was low on resource|Evicted|evicting pod|NodeHasDiskPressure|kubelet stopped posting/i,
  capacity_limit: /Insufficient (cpu|memory)|didn't match Pod's node affinity|max node group size reached|0\/\d+ nodes are available|FailedScheduling|ScalingLimited|desired replica count is more than the maximum/i,
  oom_killed: /OOMKilled|OOMKilling|Out of memory: Kill|java\.lang\.OutOfMemoryError|JavaScript heap out of memory|\bMemoryError\b/i,
  cpu_saturation: /CPUThrottlingHigh|throttling of CPU|cpu throttl|CPU saturation|high cpu/i,
  memory_leak: /memory leak|heap (usage )?growing|GC overhead limit exceeded/i,
};

/** Lines that say the application itself failed in code (a regression), not its surroundings. */
export const codeError =
  /TypeError|ReferenceError|NullPointerException|NoSuchMethodError|ClassCastException|IndexOutOfBounds|KeyError|AttributeError|undefined is not|Cannot read propert|nil pointer dereference|panic: runtime error|unhandled exception|Traceback|SyntaxError|NameError|ValueError|IllegalArgumentException|IllegalStateException|segmentation fault/i;
