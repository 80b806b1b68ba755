/** The demo host (being built: see the "Kombo-compatible HTTP API, the demo app" issue). */
export const DEMO_STATUS = "planned" as const;
