/**
 * Decision: source writing. Harvest applications reference a source by `source_id`, and the API
 * cannot create sources, so the integration's source name is matched case-insensitively (trimmed)
 * against `GET /v3/sources`; without a match the application is created without a source and
 * the caller gets a warning.
 */
export function matchSource(sources: ReadonlyMap<string, string>, name: string): string | null {
  const wanted = name.trim().toLowerCase();
  for (const [id, sourceName] of sources) if (sourceName.trim().toLowerCase() === wanted) return id;
  return null;
}
