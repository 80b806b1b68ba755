import type { Location } from "@atsync/core/connector";
import { arr, listValue, obj, text } from "./icims-json.js";

/** A location with only the unparsed text (iCIMS' job location is an address link with a label). */
export function rawLocation(raw: string | null): Location | null {
  return raw === null
    ? null
    : { city: null, country: null, raw, state: null, street_1: null, street_2: null, zip_code: null };
}

/** The ISO code of an iCIMS geo node `{id, abbrev, value}` when it has a 2-letter `abbrev`, else its label. */
function geo(value: unknown): string | null {
  const abbrev = text(obj(value)?.["abbrev"]);
  return abbrev ?? listValue(value);
}

/**
 * The location of a person's `addresses` collection: the entry typed "Home", else the first.
 * `state` and `country` are the abbreviations iCIMS carries (`CO`, `US`); `raw` joins the parts.
 */
export function personLocation(addresses: unknown): Location | null {
  const entries = arr(addresses)
    .map(obj)
    .filter((e): e is Record<string, unknown> => e !== null);
  const entry = entries.find((e) => listValue(e["addresstype"])?.toLowerCase() === "home") ?? entries[0];
  if (entry === undefined) return null;
  const location: Location = {
    street_1: text(entry["addressstreet1"]),
    street_2: text(entry["addressstreet2"]),
    city: text(entry["addresscity"]),
    state: geo(entry["addressstate"]),
    zip_code: text(entry["addresszip"]),
    country: geo(entry["addresscountry"]),
    raw: null,
  };
  const parts = [
    location.street_1,
    location.street_2,
    location.city,
    location.state,
    location.zip_code,
    location.country,
  ];
  const raw = parts.filter((p): p is string => p !== null).join(", ");
  return { ...location, raw: raw === "" ? null : raw };
}
