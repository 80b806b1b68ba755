import type { SimContext } from "../context.js";
import { PROFILE_TYPES } from "../data/schema.js";
import { json } from "../http.js";
import type { Router } from "../router.js";

const TITLES: Record<string, string> = {
  people: "Available Person Profiles",
  jobs: "Available Job Profiles",
  companies: "Available Company Profiles",
  applicantworkflows: "Available Recruiting Workflow Profiles",
};

/** `GET /customers/{customerId}`: tenant info, `Link` to the profile types, `X-Customer-Type`. */
export function customerRoutes(router: Router, sim: SimContext): void {
  router.on("GET", "", (ctx) => {
    const slug = sim.generator.tenantDomain.replace(/\.example$/, "");
    return json(
      200,
      {
        platformUrl: `careers-${slug}.icims.com`,
        id: sim.options.customerId,
        customerType: "test",
        name: sim.generator.tenantName,
        buildVersion: "simulator",
      },
      {
        Link: PROFILE_TYPES.map((t) => `<${ctx.apiBase}/${t}>;rel="profiles";title="${TITLES[t]}"`).join(
          ", ",
        ),
        "X-Customer-Type": "test",
      },
    );
  });
}
