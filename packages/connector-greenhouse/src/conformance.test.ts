import { describeConnectorConformance } from "@atsync/core/testing";
import { startConformanceVendor } from "../test/harness.js";
import { greenhouseConnector } from "./connector.js";

describeConnectorConformance("greenhouse", { connector: greenhouseConnector, setup: startConformanceVendor });
