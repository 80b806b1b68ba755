/**
 * Injection tokens of `@atsync/core`, as `Symbol.for("@atsync/core:Name")` so they match across
 * copies of the package. Constructors take them with an explicit `@inject(TOKENS.X)`.
 */
export const TOKENS = {
  /** `AtsyncStorage` — the whole backend. Root container. */
  Storage: Symbol.for("@atsync/core:Storage"),
  /** `RecordStore`. Root container. */
  RecordStore: Symbol.for("@atsync/core:RecordStore"),
  /** `IntegrationStore`. Root container. */
  IntegrationStore: Symbol.for("@atsync/core:IntegrationStore"),
  /** `SyncStateStore`. Root container. */
  SyncStateStore: Symbol.for("@atsync/core:SyncStateStore"),
  /** `ChangeFeed`. Root container. */
  ChangeFeed: Symbol.for("@atsync/core:ChangeFeed"),
  /** `ActionLedger`. Root container. */
  ActionLedger: Symbol.for("@atsync/core:ActionLedger"),
  /** `ApiKeyStore`. Root container. */
  ApiKeyStore: Symbol.for("@atsync/core:ApiKeyStore"),
  /** `ConnectorRegistry`. Root container. */
  ConnectorRegistry: Symbol.for("@atsync/core:ConnectorRegistry"),
  /** `Clock`. Root container. */
  Clock: Symbol.for("@atsync/core:Clock"),
  /** `AtsyncEvents` — the instance's event bus. Root container. */
  Events: Symbol.for("@atsync/core:Events"),
  /** `VendorHttpOptions` — timeouts and retries of every connector's HTTP client. Root container. */
  VendorHttpOptions: Symbol.for("@atsync/core:VendorHttpOptions"),
  /** `Logger`: atsync's root logger in the root container; a child bound to the integration in integration containers. */
  Logger: Symbol.for("@atsync/core:Logger"),
  /** `string` — the integration id. Integration containers only. */
  IntegrationId: Symbol.for("@atsync/core:IntegrationId"),
  /** `QuotaBudget` of the integration. Integration containers only. */
  QuotaBudget: Symbol.for("@atsync/core:QuotaBudget"),
} as const;
