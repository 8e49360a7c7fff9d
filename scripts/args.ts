// Tiny flag parser for the run scripts: --flag, --key value, --key=value.
export function parseArgs(argv: string[]): Map<string, string | true> {
  return new Map(argPairs(argv));
}

/** Every value a repeatable flag was given, in order (`--scenarios a --scenarios b`). */
export function argValues(argv: string[], key: string): (string | true)[] {
  return argPairs(argv).flatMap(([k, v]) => (k === key ? [v] : []));
}

function argPairs(argv: string[]): [string, string | true][] {
  const pairs: [string, string | true][] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) continue;
    // At the first "=" only: a value may hold more (--server-node-options=--max-semi-space-size=64).
    const eq = arg.indexOf("=");
    const key = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    if (inline !== undefined) pairs.push([key, inline]);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith("--")) pairs.push([key, argv[++i]!]);
    else pairs.push([key, true]);
  }
  return pairs;
}
