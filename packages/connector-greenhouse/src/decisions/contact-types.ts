import type { AttachmentType, ContactType } from "@atsync/core/connector";

/**
 * Decision: unified contact kinds to Harvest's (REFERENCE decision 26). E-mails: PERSONAL →
 * `personal`, WORK → `work`, OTHER → `other`; the primary address is `personal`. Phones:
 * PERSONAL → `home`, WORK → `work`, OTHER → `other`; the primary number is `mobile`.
 */
export const harvestContactType = {
  /** Harvest e-mail type of a unified kind (the primary address: `personal`). */
  email: (type: ContactType | "PRIMARY"): string =>
    type === "WORK" ? "work" : type === "OTHER" ? "other" : "personal",
  /** Harvest phone type of a unified kind (the primary number: `mobile`). */
  phone: (type: ContactType | "PRIMARY"): string =>
    type === "PRIMARY" ? "mobile" : type === "PERSONAL" ? "home" : type === "WORK" ? "work" : "other",
};

/**
 * Decision: attachment kinds both ways. Writes: CV → `resume`, COVER_LETTER → `cover_letter`,
 * OTHER → `other`. Reads: `resume` → CV, `cover_letter` → COVER_LETTER, every other Harvest type
 * (`admin_only`, `offer_packet`, `other`, …) → OTHER.
 */
export const attachmentKinds = {
  /** Harvest `type` of a unified attachment kind. */
  toHarvest: (type: AttachmentType): string =>
    type === "CV" ? "resume" : type === "COVER_LETTER" ? "cover_letter" : "other",
  /** Unified kind of a Harvest attachment `type`. */
  fromHarvest: (type: string | null): AttachmentType =>
    type === "resume" ? "CV" : type === "cover_letter" ? "COVER_LETTER" : "OTHER",
};
