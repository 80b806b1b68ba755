import { describeConnectorConformance } from "@atsync/core/testing";
import { startConformanceVendor } from "../test/harness.js";
import { icimsConnector } from "./connector.js";

describeConnectorConformance("icims", { connector: icimsConnector, setup: startConformanceVendor });
