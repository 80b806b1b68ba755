import { describeConnectorConformance } from "@atsync/core/testing";
import { icimsConnector } from "./connector.js";
import { startConformanceVendor } from "./test-harness.js";

describeConnectorConformance("icims", { connector: icimsConnector, setup: startConformanceVendor });
