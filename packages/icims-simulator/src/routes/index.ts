import type { SimContext } from "../context.js";
import { Router } from "../router.js";
import { FilterCatalog } from "../search/catalog.js";
import { customerRoutes } from "./customer.js";
import { listRoutes } from "./lists.js";
import { profileDefinitionRoutes } from "./profile-definitions.js";
import { profileRoutes } from "./profiles.js";
import { resumeRoutes } from "./resume.js";
import { searchRoutes } from "./search.js";

/** Builds the router of every API route under `/customers/{customerId}`. */
export function buildRouter(sim: SimContext): Router {
  const router = new Router();
  customerRoutes(router, sim);
  profileRoutes(router, sim);
  profileDefinitionRoutes(router, sim);
  resumeRoutes(router, sim);
  searchRoutes(router, sim, new FilterCatalog(sim.lists, sim.hidden));
  listRoutes(router, sim);
  return router;
}
