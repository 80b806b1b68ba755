import type { ConnectionGuideStep, Prerequisite } from "@atsync/core/connector";

/** What an iCIMS admin must provide or set up before an account can be connected. */
export const ICIMS_PREREQUISITES: readonly Prerequisite[] = [
  {
    title: "Customer id",
    description:
      "The numeric iCIMS customer id of the tenant (sandbox and production have different ids). iCIMS " +
      "support or your iCIMS account manager can confirm it; it appears in API URLs as /customers/{id}.",
  },
  {
    title: "Region",
    description:
      "The data centre the tenant is hosted in: US, EU, Canada, or the partner sandbox (ISV). EU tenants use " +
      "api-eu.icims.com; the others use api.icims.com.",
  },
  {
    title: "API credentials",
    description:
      "An OAuth 2.0 client id and client secret for the client-credentials grant (preferred), or the username " +
      "and password of a web-services integration user. iCIMS staff provision both on request; there is no " +
      "self-service registration.",
  },
  {
    title: "Integration User login group",
    description:
      "The API user must be in the Integration User login group, or searches (the only way to list records) " +
      "fail. Fields hidden from that group by security rules are silently missing from synced data. The " +
      "tenant's custom fields are found through the Schema API (profile definitions): without access to it " +
      "(403), sync runs without them.",
  },
  {
    title: "IP allowlisting",
    description:
      "If the tenant restricts API access by source IP, allowlist the egress addresses of the server running " +
      "atsync.",
  },
];

/** Steps shown to the person connecting an iCIMS account. */
export const ICIMS_CONNECTION_GUIDE: readonly ConnectionGuideStep[] = [
  {
    title: "Request API access from iCIMS",
    body:
      "Ask your iCIMS account manager or iCIMS support for REST API access for this integration: an OAuth " +
      "client id and secret (or an integration user with a password), and confirm your customer id and region.",
  },
  {
    title: "Add the API user to the Integration User login group",
    body:
      "In iCIMS, open the API user's person profile, Login tab, and set the login group to Integration User. " +
      "Make sure security rules do not hide the job, person and recruiting-workflow fields you need.",
  },
  {
    title: "Allowlist atsync's IP addresses if required",
    body: "If your tenant restricts API access by IP address, ask iCIMS to allow the addresses of the atsync server.",
  },
  {
    title: "Enter the credentials",
    body:
      "Enter the customer id, choose the region, and paste either the client id and client secret or the " +
      "username and password. Optionally name your career portals (default: jobs) and the list id of your " +
      "recruiting-workflow statuses so application stages are read from it.",
  },
  {
    title: "Optional: turn on event notifications",
    body:
      "For changes within seconds instead of at the next sync, choose the event notification authentication " +
      "(hmac, basic or oauth) with its user or client id and secret, then ask iCIMS (Event Notifications page) " +
      "to send workflow status change, application completed and job posting events to the integration's " +
      "receiver URL, shown with the integration once it is connected, with the same authentication.",
  },
];
