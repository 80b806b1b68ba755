/**
 * Network error codes the connector retries: got's defaults plus `ERR_BODY_PARSE_FAILURE` — a
 * 200 whose JSON is cut short (a proxy or a dropped stream) is worth another attempt.
 */
export const RETRY_ERROR_CODES = [
  "ETIMEDOUT",
  "ECONNRESET",
  "EADDRINUSE",
  "ECONNREFUSED",
  "EPIPE",
  "ENOTFOUND",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ERR_BODY_PARSE_FAILURE",
];
