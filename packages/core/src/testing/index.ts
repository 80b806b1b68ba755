import "reflect-metadata";

export { runtimesOf } from "../di/create-atsync.js";
export type { IntegrationRuntime } from "../runtime/integration-runtime.js";
export type { IntegrationRuntimes } from "../runtime/integration-runtimes.js";
export { TOKENS } from "../runtime/tokens.js";
export {
  type ConnectorConformanceOptions,
  type ConnectorFault,
  type ConnectorUnderTest,
  describeConnectorConformance,
} from "./connector-conformance.js";
export { FakeClock } from "./fake-clock.js";
export { type FaultAnswer, type FaultProxy, startFaultProxy } from "./fault-proxy.js";
export { FixtureCredentialsSchema, fixtureConnector } from "./fixture-connector.js";
export {
  FIXTURE_MODELS,
  type FixtureModel,
  type FixtureVendor,
  type FixtureVendorOptions,
  startFixtureVendor,
  type VendorFault,
} from "./fixture-vendor.js";
export { sampleRecord, sampleRemoteRecord } from "./fixtures.js";
export { listAll, readAll } from "./session-reads.js";
export {
  describeStorageConformance,
  type StorageConformanceOptions,
  type StorageUnderTest,
} from "./storage-conformance.js";
export {
  type ReceivedWebhook,
  type ReceiverAnswer,
  startWebhookReceiver,
  type WebhookReceiver,
} from "./webhook-receiver.js";
