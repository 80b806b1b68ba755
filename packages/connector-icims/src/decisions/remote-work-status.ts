import type { RemoteWorkStatus } from "@atsync/core/connector";

/**
 * §13 decision "Remote work status": iCIMS has no standard remote flag, so it is inferred from the
 * job location text (`joblocation.value`) and the job title — a word "hybrid" → HYBRID, else a word
 * "remote" → REMOTE, else null (never ON_SITE: absence of a word proves nothing). Hybrid wins when
 * both appear ("Remote (Hybrid)" is hybrid).
 */
export function inferRemoteWorkStatus(texts: readonly (string | null)[]): RemoteWorkStatus | null {
  const words = texts.filter((t): t is string => t !== null).join(" ");
  if (/\bhybrid\b/i.test(words)) return "HYBRID";
  if (/\bremote\b/i.test(words)) return "REMOTE";
  return null;
}
