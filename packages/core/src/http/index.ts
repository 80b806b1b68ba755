import "reflect-metadata";

export {
  connectorSettingFields,
  type FormField,
  type FormFieldType,
  schemaFields,
} from "../connect/form-fields.js";
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
