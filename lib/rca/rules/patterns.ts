// How real systems phrase each root cause, across runtimes (Go, Java/Spring, Node.js, Python,
// .NET, nginx, the PostgreSQL, MySQL, Redis and Kafka clients, the kubelet and scheduler).
// Each pattern names a mechanism, not an example: kept in one place so the engine's
// knowledge is easy to read and extend.

export const CERT_EXPIRED =
  /x509: certificate has expired|CertificateExpired|certificate_expired|tls: expired certificate|expired certificate|certificate (has )?expired|CERT_HAS_EXPIRED|certificate is not yet valid|CertificateExpiredException|PKIX path validation failed.*(expired|validity)|NotAfter:|SSL routines.*certificate expired|sslv3 alert certificate expired|The remote certificate is invalid.*(expired|NotTimeValid)|NotTimeValid|certificate verify failed: certificate has expired/i;

/** The resolver answered that the name does not exist, or could not answer at all. */
export const DNS =
  /no such host|\bENOTFOUND\b|\bEAI_AGAIN\b|\bEAI_NONAME\b|Temporary failure in name resolution|Name or service not known|NXDOMAIN|could not resolve host|Could not resolve host|UnknownHostException|nodename nor servname|server misbehaving|lookup \S+ on \S+:53|Name does not resolve|No address associated with hostname|getaddrinfo failed|failed to resolve|could not translate host name|Unknown MySQL server host|SocketException.*No such host is known|Name resolution failed|could not be resolved \(\d+: |HttpRequestException: Resource temporarily unavailable|SocketException \(\d+\): Resource temporarily unavailable|plugin\/loop: Loop|SERVFAIL/i;
/** The resolver itself was unreachable: what a blocked DNS egress looks like from inside. */
export const DNS_UNREACHABLE =
  /:53: (i\/o timeout|read: connection refused)|no servers could be reached|connection timed out; no servers|\bEAI_AGAIN\b|Temporary failure in name resolution|timeout while contacting DNS/i;

export const DISK_FULL =
  /no space left on device|\bENOSPC\b|disk (is )?full|could not extend file|database or disk is full|not enough space on the disk|Disk quota exceeded|EDQUOT|volume .* (is )?full|out of disk space|The transaction log for database .* is full|Errcode: 28/i;

export const DB_POOL =
  /Connection is not available, request timed out|too many (clients|connections)|remaining connection slots are reserved|connection pool (is )?exhausted|pool exhausted|Pool exhausted|Timeout waiting for idle object|Cannot get a connection, pool error|Apparent connection leak|QueuePool limit|timeout exceeded when trying to connect|Timed out fetching a new connection from the connection pool|Unable to acquire JDBC Connection|max_connections|ER_CON_COUNT_ERROR|Timeout expired\.\s+The timeout period elapsed prior to obtaining a connection from the pool|all pooled connections were in use|connection pool timeout|could not obtain connection|ERR max number of clients reached|acquire.*connection.*timed out|pool is full|no free connection|failed to acquire connection|Timeout acquiring a connection|The pool is probably full|in_use=(\d+) idle=0 wait_count=[1-9]/i;

export const IMAGE_PULL =
  /ImagePullBackOff|ErrImagePull|InvalidImageName|Failed to pull image|manifest unknown|pull access denied|repository does not exist|ErrImageNeverPull|Back-off pulling image/i;

/** Kubernetes' own words for configuration it cannot give the container. */
export const CONFIG_REF =
  /CreateContainerConfigError|secret "?[\w.-]+"? not found|configmap "?[\w.-]+"? not found|couldn't find key \S+ in (Secret|ConfigMap)|failed to sync (secret|configmap) cache/i;
/** An application refusing its configuration at start. */
export const CONFIG_APP =
  /invalid (config|configuration|value|duration|setting|syntax|environment|env)|Failed to convert configuration value|map has no entry for key|Invalid enum value|is not a valid|Failed to bind properties|Could not resolve placeholder|missing required (env|environment|config|configuration|setting|variable|key|field)|environment variable "?[\w.-]+"? (is )?(not set|required|missing|must be set|undefined|empty)|required (config|setting|env|environment variable|configuration)|KeyError: '[A-Z][A-Z0-9_]+'|unknown (config|configuration) (key|option)|failed to (load|parse|read) (config|configuration|settings)|config(uration)? (file )?(error|not found|invalid)|could not parse|ConfigurationErrorsException|OptionsValidationException|InvalidConfigurationException|unknown directive|invalid number of arguments in ".*" directive|\[emerg\]|ValidationError: \d+ validation error|must be (a|an) \w+ but got|yaml: line \d+|Unknown (log )?(level|option|setting|mode): |is required but (was )?not (set|provided)|not set in environment|ArgumentNullException.*(connection|config|setting|key)|(can't stat|cannot stat|cannot open|no such file or directory)[^\n]{0,80}(\.(ya?ml|json|conf|cfg|ini|toml|properties|tmpl|env)\b|\/(config|conf|templates|secrets?)\/)|(\.(ya?ml|json|conf|cfg|ini|toml|properties|tmpl)|\/(config|conf|templates)\/)[^\n]{0,60}(no such file or directory|not found)/i;
/** A script that cannot even run: its command line is wrong, not its surroundings. */
export const SCRIPT_ERROR =
  /syntax error|unexpected EOF|unexpected end of file|command not found|bad substitution|executable file not found|exec format error|no such file or directory.*(exec|\.sh)|unrecognized option|invalid option|usage: /i;

export const NODE =
  /NodeNotReady|node .* (is )?not ready|MemoryPressure|DiskPressure|PIDPressure|The node was low on resource|evicted|evicting pod|NodeHasDiskPressure|NodeHasInsufficientMemory|kubelet stopped posting|Kubelet stopped posting|node\.kubernetes\.io\/(not-ready|unreachable|memory-pressure|disk-pressure|pid-pressure)|NodeLost|ephemeral-storage/i;
/** Scheduler words for a pod that fits nowhere because of the nodes' own trouble, not capacity. */
export const NODE_TAINT = /node\.kubernetes\.io\/(not-ready|unreachable|memory-pressure|disk-pressure|pid-pressure)/i;
export const UNSCHEDULABLE =
  /Insufficient (cpu|memory|ephemeral-storage|nvidia|pods)|didn't match Pod's node (affinity|selector)|node\(s\) didn't match|didn't match pod (anti-)?affinity|max node group size reached|0\/\d+ nodes are available|FailedScheduling|had untolerated taint|Too many pods|didn't have free ports|exceed quota|exceeded quota/i;

export const OOM_KILL = /OOMKilled|OOMKilling|Memory cgroup out of memory|Out of memory: Kill(ed)? process|oom-kill|oom_kill/i;
export const OOM_RUNTIME =
  /java\.lang\.OutOfMemoryError|JavaScript heap out of memory|\bMemoryError\b|fatal error: runtime: out of memory|OutOfMemoryException|Cannot allocate memory|std::bad_alloc/i;
export const LEAK =
  /memory leak|heap (usage )?(keeps )?growing|GC overhead limit exceeded|heap usage \d+% and rising|memory usage (keeps )?(growing|climbing|increasing)|retained size growing/i;

export const CPU =
  /CPUThrottlingHigh|throttling of CPU|cpu throttl|CPU throttled|CPU saturation|high cpu|cpu usage (at|above|over) \d+|cfs_throttled/i;
/** Work piling up in the process: a symptom of saturation, whatever saturates. */
export const QUEUEING =
  /event loop (lag|blocked|delay)|thread pool (queue )?(is )?(full|exhausted|saturated)|RejectedExecutionException|worker_connections are not enough|request queue (is )?full|queue depth|requests? queued|too busy|server overloaded|ThreadPool starvation|Gunicorn.*WORKER TIMEOUT|WORKER TIMEOUT|upstream timed out \(110|thread pool starvation|heartbeat has been running|Maximum number of threads \(\d+\) created|Thread starvation or clock leap/i;

/** The peer answered "no" or hung up: it is down, restarting or refusing. */
export const DEP_REFUSED =
  /ECONNREFUSED|connection refused|Connection refused|ECONNRESET|Connection reset by peer|upstream connect error|connect\(\) failed|503 Service Unavailable|502 Bad Gateway|Bad Gateway|Service Unavailable|circuit (breaker )?(is )?open|the database system is (starting up|in recovery mode|shutting down)|could not connect to server|Can't connect to (MySQL|local MySQL) server|Communications link failure|broker not available|Broker may not be available|LEADER_NOT_AVAILABLE|NoBrokersAvailable|Connection to node -?\d+ .* could not be established|dependency .* unavailable|recovery in progress|server closed the connection unexpectedly|Unable to connect to Redis|Redis connection .* failed|NOAUTH|READONLY You can't write against a read only replica|ServiceUnavailable|StatusCode\.UNAVAILABLE|UNAVAILABLE: |No connection could be made because the target machine actively refused it|Connection is closed|EPIPE|Broken pipe|server has gone away|Lost connection to MySQL|(failed|unable|could not|cannot|can't) (to )?(connect|reach|establish)|connection (timeout|failed)|(database|db|broker|upstream|backend|service|api|server|cache|queue)( \w+)? (is |also )?(unavailable|unreachable|down)|cannot start without|All host\(s\) tried|NoHostAvailable|connection to server at .{0,120} failed|not possible to connect|UnableToConnect|\w*Connect(ion)?(Exception|Error|Failure)\b|(\b[\w.-]+\.[a-z]{2,}|\b[a-z][\w-]+):\d{2,5}\b.{0,80}\b(refused|unavailable|unreachable|timed out|reset|closed)|\b(refused|unavailable|unreachable|timed out|reset|closed)\b.{0,80}\b[\w-]+(\.[\w-]+)*:\d{2,5}\b/i;
/** The peer never answered: a dependency that hangs, or a network path that drops packets. */
export const TIMEOUT =
  /connection timed out|connection timeout|timeout expired|\(timed out\)|timeout of \d+ ?ms exceeded|Connection timed out|i\/o timeout|ETIMEDOUT|context deadline exceeded|connect timeout|Connect timeout|ConnectTimeout|timed out after \d+|Read timed out|SocketTimeoutException|No route to host|EHOSTUNREACH|request timeout|deadline exceeded|operation timed out|TimeoutError|TimeoutException|timed out waiting|HttpClient\.Timeout|TaskCanceledException/i;

/** An outbound client's own words for a call it gave up on (.NET's HttpClient and Npgsql, axios,
 * Python's urllib3, Java's HttpClient, Go's net/http): the wait was on someone else, even when the
 * line does not name whom. */
export const OUTBOUND_TIMEOUT =
  /HttpClient\.Timeout|System\.Net\.Http\.HttpClient|timeout of \d+ ?ms exceeded|HTTPS?ConnectionPool\(|HttpTimeoutException|Client\.Timeout exceeded|Timeout during connection attempt|Exception while connecting/i;

/** Lines that say the application itself failed in code (a regression), not its surroundings. */
export const CODE_ERROR =
  /TypeError|ReferenceError|NullPointerException|cannot unmarshal \w+ into Go|FileNotFoundException: Could not load file or assembly|TypeLoadException|MissingMethodException|NoSuchMethodError|NoSuchFieldError|ClassCastException|ClassNotFoundException|IndexOutOfBounds|ArrayIndexOutOfBounds|KeyError|AttributeError|undefined is not|Cannot read propert|is not a function|nil pointer dereference|invalid memory address|panic: |unhandled exception|Unhandled exception|NullReferenceException|InvalidOperationException|Traceback|NameError|ValueError|ZeroDivisionError|IllegalArgumentException|IllegalStateException|UnsupportedOperationException|NumberFormatException|segmentation fault|SIGSEGV|ImportError|ModuleNotFoundError|Cannot find module|undefined method|stack overflow|StackOverflowError|assertion failed|index out of range/i;

/** A probe's complaint, from the kubelet's event. */
export const PROBE_FAILED =
  /(Liveness|Readiness|Startup) probe (failed|errored)|failed (liveness|readiness|startup) probe|will be restarted/i;
