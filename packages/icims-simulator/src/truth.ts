import type { IcimsSimulatorState } from "./state.js";

/**
 * Ids of the people the connector's candidates decision counts as candidates (package README, "How
 * each model is synced"), among those the API can see: a candidate folder ("Candidate…") or no
 * folder, or any other folder with at least one visible applicant workflow — never merged
 * ("Merged with <id>") or purge-folder people. The truth a sync's `candidates` must reach.
 */
export function candidateIds(state: IcimsSimulatorState): number[] {
  const applicants = new Set(
    state
      .visible("applicantworkflows")
      .map((w) => (w["associatedprofile"] as { id?: number } | undefined)?.id),
  );
  return state
    .visible("people")
    .filter((p) => {
      const folder = (p["folder"] as { value?: string } | undefined)?.value;
      if (/^Merged with \d+/.test(String(p["firstname"] ?? "")) || folder === "Purge") return false;
      return folder === undefined || folder.startsWith("Candidate") || applicants.has(p.id);
    })
    .map((p) => p.id);
}
