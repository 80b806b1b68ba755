export { AccessTokens, type AccessTokensOptions, type IssuedToken } from "./access-tokens.js";
export { type BearerAuthOptions, withBearerAuth } from "./bearer-auth.js";
export { chunks } from "./chunks.js";
export { hmacSha256Hex, payloadIdentity, safeEqual, sha256Hex } from "./event-signing.js";
export {
  fetchConfirmedPage,
  type LinkPage,
  nextLinkUrl,
  parseLinkHeader,
  type WalkLinkPagesOptions,
  walkLinkPages,
} from "./link-paging.js";
export { type ModelDispatch, modelDispatch } from "./model-dispatch.js";
export { passthroughRequestHeaders, passthroughResult } from "./passthrough-answer.js";
export type { ReferenceFieldOf, RemoteOf, StoredRecordOf } from "./remote-of.js";
