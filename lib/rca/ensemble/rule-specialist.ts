// A rule-based specialist: the rule engine's detectors, restricted to the specialist's
// domain. It stands in for a model specialist when there is no model or its call failed, so
// the ensemble always has three real opinions to vote on. The database specialist counts a
// failing dependency only when the dependency's own words name a database; any other failing
// upstream is the network's.
import type { EvidenceSet } from "@/lib/evidence/types";
import type { Rca } from "@/lib/rca/types";
import type { Finding } from "@/lib/rca/rules/detect";
import { ruleBasedRca } from "@/lib/rca/rules/engine";
import { inDomain, type Specialist } from "@/lib/rca/ensemble/domains";

const DATABASE =
  /postgres|\bpsql\b|\bpg\b|mysql|mariadb|mongo|redis|cassandra|database|\bdb\b|sql|jdbc|hikari|pgbouncer|the database system/i;

export function inSpecialistDomain(specialist: Specialist, finding: Pick<Finding, "cause" | "why">): boolean {
  if (!inDomain(specialist, finding.cause)) return false;
  if (specialist === "database" && finding.cause === "dependency_failure") return finding.why.some((w) => DATABASE.test(w));
  return true;
}

export function ruleSpecialistRca(specialist: Specialist, evidence: EvidenceSet, alertStart: Date, inContext?: Set<string>): Rca {
  const rca = ruleBasedRca(evidence, alertStart, inContext, (f) => inSpecialistDomain(specialist, f));
  if (rca.rootCause !== "unknown") return rca;
  const { namespace, name } = evidence.subject;
  return { ...rca, summary: `Nothing in the ${specialist} specialist's domain explains the alert on ${namespace}/${name}: it abstains.` };
}
