import type { EmailAddress, PhoneNumber, SocialMedia } from "@atsync/core/connector";
import { arr, listValue, obj, text } from "./icims-json.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The address when it looks like a valid e-mail address, else null (Kombo drops invalid ones). */
export function validEmail(value: unknown): string | null {
  const email = text(value);
  return email !== null && EMAIL.test(email) ? email : null;
}

/** A person's `email` as Kombo's `email_addresses` (empty when absent or invalid). */
export function emailAddresses(email: unknown): EmailAddress[] {
  const valid = validEmail(email);
  return valid === null ? [] : [{ email_address: valid, type: null }];
}

/** A person's `phones` collection as Kombo's `phone_numbers`, `type` = the iCIMS phone type label. */
export function phoneNumbers(phones: unknown): PhoneNumber[] {
  return arr(phones).flatMap((raw) => {
    const entry = obj(raw);
    const number = text(entry?.["phonenumber"]);
    return number === null ? [] : [{ phone_number: number, type: listValue(entry?.["phonetype"]) }];
  });
}

/**
 * Person fields that may hold social profile URLs. iCIMS documents no standard social fields;
 * these ids are guesses (an unknown field id is simply absent from the answer).
 */
export const SOCIAL_FIELDS = [
  "linkedinurl",
  "linkedin",
  "twitterurl",
  "githuburl",
  "facebookurl",
  "websiteurl",
] as const;

const NETWORKS: readonly [RegExp, string][] = [
  [/(^|\.)linkedin\.com$/i, "linkedin"],
  [/(^|\.)(twitter|x)\.com$/i, "twitter"],
  [/(^|\.)github\.com$/i, "github"],
  [/(^|\.)facebook\.com$/i, "facebook"],
  [/(^|\.)xing\.com$/i, "xing"],
];

/** Social media accounts from the person's `SOCIAL_FIELDS` holding URLs; `type` from the URL's host. */
export function socialMedia(person: Record<string, unknown>): SocialMedia[] {
  return SOCIAL_FIELDS.flatMap((field) => {
    const link = text(person[field]);
    if (link === null) return [];
    let host = "";
    try {
      host = new URL(link).hostname;
    } catch {
      return [];
    }
    return [{ link, type: NETWORKS.find(([p]) => p.test(host))?.[1] ?? null, username: null }];
  });
}
