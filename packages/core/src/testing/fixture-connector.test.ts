import { describeConnectorConformance } from "./connector-conformance.js";
import { fixtureConnector } from "./fixture-connector.js";
import { type FixtureModel, startFixtureVendor } from "./fixture-vendor.js";

describeConnectorConformance("fixture", {
  connector: fixtureConnector,
  setup: async () => {
    const vendor = await startFixtureVendor();
    return {
      credentials: { baseUrl: vendor.url, apiKey: vendor.apiKey },
      rejectedCredentials: { baseUrl: vendor.url, apiKey: "revoked-key" },
      injectFault: (fault) => vendor.injectFault(fault),
      touch: async (model) => vendor.touch(model as FixtureModel),
      passthroughPath: "/hello?x=1",
      close: () => vendor.close(),
    };
  },
});
