/**
 * Decision: Harvest v3 social media addresses are untyped `{value}` (REFERENCE §5); the network
 * is inferred from the link's host (`linkedin`, `github`, `twitter`/`x`, `facebook`, `xing`,
 * `instagram`), null when unknown or the value is not a URL. No username is derived.
 */
export function socialNetworkOf(link: string): string | null {
  let host: string;
  try {
    host = new URL(link).hostname.toLowerCase();
  } catch {
    return null;
  }
  const networks: [RegExp, string][] = [
    [/(^|\.)linkedin\.com$/, "linkedin"],
    [/(^|\.)github\.com$/, "github"],
    [/(^|\.)(twitter|x)\.com$/, "twitter"],
    [/(^|\.)facebook\.com$/, "facebook"],
    [/(^|\.)xing\.com$/, "xing"],
    [/(^|\.)instagram\.com$/, "instagram"],
  ];
  return networks.find(([pattern]) => pattern.test(host))?.[1] ?? null;
}
