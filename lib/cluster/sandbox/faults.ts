// Failures a test can make the sandbox answer with, so the writer's error handling is tested
// against real HTTP: the next matching request gets an API-server Status (403 from RBAC, 500
// from etcd...) or no answer at all, and the state stays as it was.
import { failure, type Status } from "@/lib/cluster/sandbox/status";

export type Fault = {
  /** Only requests with this method (any when absent). */
  method?: string;
  /** Only requests whose path and query contain this. */
  pathIncludes?: string;
  /** Answer with this HTTP status and a matching Status body. */
  status?: number;
  /** Never answer; the client's deadline has to end the request. */
  hang?: boolean;
  /** How many matching requests it applies to; 1 when absent. */
  times?: number;
};

const reasons: Record<number, [reason: string, message: string]> = {
  400: ["BadRequest", "the server rejected our request for an unknown reason"],
  401: ["Unauthorized", "Unauthorized"],
  403: ["Forbidden", 'User "system:serviceaccount:vigil:vigil" cannot perform this request'],
  404: ["NotFound", "the server could not find the requested resource"],
  409: ["Conflict", "the server reported a conflict"],
  422: ["Invalid", "the server rejected our request due to an error in our request"],
  429: ["TooManyRequests", "the server has received too many requests and has asked us to try again later"],
  500: ["InternalError", "Internal error occurred: injected by the sandbox"],
  503: ["ServiceUnavailable", "the server is currently unable to handle the request"],
  504: ["Timeout", "the server was unable to return a response in the time allotted, but may still be processing the request"],
};

export function faultStatus(code: number): Status {
  const [reason, message] = reasons[code] ?? [
    "Unknown",
    `the server responded with the status code ${code} but did not return more information`,
  ];
  return failure(code, reason, message);
}

export type Faults = {
  inject(fault: Fault): void;
  clear(): void;
  /** The first fault matching the request, counted as used; undefined when none does. */
  take(method: string, pathAndQuery: string): Fault | undefined;
};

export function createFaults(): Faults {
  let faults: { fault: Fault; left: number }[] = [];
  return {
    inject(fault) {
      if (fault.status === undefined && !fault.hang) throw new Error("a fault needs a status or hang: true");
      if (fault.status !== undefined && (fault.status < 400 || fault.status > 599))
        throw new Error(`fault status ${fault.status} is not an error`);
      faults.push({ fault, left: fault.times ?? 1 });
    },
    clear() {
      faults = [];
    },
    take(method, pathAndQuery) {
      const entry = faults.find(
        ({ fault }) =>
          (fault.method === undefined || fault.method.toUpperCase() === method.toUpperCase()) &&
          (fault.pathIncludes === undefined || pathAndQuery.includes(fault.pathIncludes)),
      );
      if (!entry) return undefined;
      entry.left -= 1;
      if (entry.left <= 0) faults = faults.filter((other) => other !== entry);
      return entry.fault;
    },
  };
}
