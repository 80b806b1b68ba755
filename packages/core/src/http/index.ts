import "reflect-metadata";

export { errorResponse, httpStatusOf } from "./errors.js";
export {
  createHttpHandler,
  type FetchHandler,
  type HttpHandlerOptions,
  type HttpResponseObservation,
  listHttpRoutes,
} from "./handler.js";
export { handleClientErrors, toNodeListener } from "./node.js";
export type { HttpRoute, RouteBody } from "./route-table.js";
