import type { EmailAddress, PhoneNumber, RemoteOf, SocialMedia } from "@atsync/core/connector";
import { flag, idKey, objects, record, text, timestamp } from "../api/harvest-json.js";
import { remoteUrls } from "../decisions/remote-urls.js";
import { socialNetworkOf } from "../decisions/social-media.js";
import type { HarvestRow } from "../http/client.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A Harvest candidate (`GET /v3/candidates`) as a unified candidate: names, company, title,
 * `private` as confidential, typed e-mail addresses (invalid ones dropped) and phone numbers,
 * social media links (network from the host), the first address as the raw location, custom
 * fields and the profile URL. Harvest candidates carry no source (applications do). Null for a
 * row without a valid id.
 */
export function mapCandidate(row: HarvestRow, appUrl: string): RemoteOf<"candidates"> | null {
  const remoteId = idKey(row.id);
  if (remoteId === null) return null;
  const emails: EmailAddress[] = objects(row.email_addresses)
    .map((e) => ({ email_address: text(e.value), type: text(e.type) }))
    .filter((e) => e.email_address !== null && EMAIL.test(e.email_address));
  const phones: PhoneNumber[] = objects(row.phone_numbers).flatMap((p) => {
    const value = text(p.value);
    return value === null ? [] : [{ phone_number: value, type: text(p.type) }];
  });
  const social: SocialMedia[] = objects(row.social_media_addresses).flatMap((s) => {
    const link = text(s.value);
    return link === null ? [] : [{ link, type: socialNetworkOf(link), username: null }];
  });
  const address = objects(row.addresses)
    .map((a) => text(a.value))
    .find((a) => a !== null);
  return {
    remote_id: remoteId,
    first_name: text(row.first_name),
    last_name: text(row.last_name),
    company: text(row.company),
    title: text(row.title),
    confidential: flag(row.private),
    source: null,
    phone_numbers: phones,
    email_addresses: emails,
    social_media: social,
    location:
      address === undefined
        ? null
        : {
            city: null,
            country: null,
            raw: address,
            state: null,
            street_1: null,
            street_2: null,
            zip_code: null,
          },
    remote_url: remoteUrls.candidate(appUrl, remoteId),
    remote_created_at: timestamp(row.created_at),
    remote_updated_at: timestamp(row.updated_at),
    remote_data: row,
    custom_fields: record(row.custom_fields),
  };
}
