/** @atsync/connector-icims/simulator — a local iCIMS REST server (being built). */
export const SIMULATOR_STATUS = "planned" as const;
