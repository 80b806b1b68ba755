import type { ConnectionGuideStep, Prerequisite } from "@atsync/core/connector";

/** What a Greenhouse admin must provide or set up before an account can be connected. */
export const GREENHOUSE_PREREQUISITES: readonly Prerequisite[] = [
  {
    title: "Harvest V3 (OAuth) API credential",
    description:
      'A Greenhouse user with the Developer permission "Can manage ALL organization\'s API Credentials" creates it ' +
      'under Configure → Dev Center → API Credentials, type "Harvest V3 (OAuth)". It gives a Client ID and a Client ' +
      "Secret (shown once). Harvest v1/v2 API keys do not work.",
  },
  {
    title: "Scopes",
    description:
      "Grant the credential the list scopes of jobs, job interview stages, job posts, candidates, applications, users, " +
      "departments, offices, sources, rejection reasons and attachments, plus the write scopes of candidates, " +
      "applications (create, move) and attachments if atsync should write.",
  },
  {
    title: "Acting user (optional)",
    description:
      "Writes are attributed to the credential's service account unless you name a Greenhouse user id in the " +
      "connector settings; that user must hold the permissions the integration uses (a Site Admin for full reads).",
  },
];

/** Steps shown to the person connecting a Greenhouse account. */
export const GREENHOUSE_CONNECTION_GUIDE: readonly ConnectionGuideStep[] = [
  {
    title: "Open the Dev Center",
    body: "In Greenhouse, open Configure (the gear icon) → Dev Center → API Credentials.",
  },
  {
    title: "Create a Harvest V3 (OAuth) credential",
    body:
      "Choose Create new API credential, type Harvest V3 (OAuth), name it (e.g. atsync) and select the scopes listed " +
      "in the prerequisites.",
  },
  {
    title: "Copy the Client ID and Client Secret",
    body: "Paste both here. The secret is shown only once; store it in your password manager if you need it again.",
  },
];
