#!/bin/sh
# Soak of the sync fault matrix: the same seeded scenarios as `npm run test:reliability`, more of
# them, from seeds the default run does not use. Every variable can be overridden, e.g.
#   FAULT_MATRIX_RUNS=5000 bench/reliability/fault-matrix-soak.sh
# Memory: FAULT_MATRIX_RUNS faulty runs (5 per scenario) from FAULT_MATRIX_SEED; PostgreSQL:
# FAULT_MATRIX_PG_SCENARIOS scenarios (3 SIGKILLed runs each) from FAULT_MATRIX_PG_SEED, against
# DATABASE_URL or an embedded server. About 2.5 s per memory scenario on a 2-core machine.
set -eu
cd "$(dirname "$0")/../../reliability"
export FAULT_MATRIX_RUNS="${FAULT_MATRIX_RUNS:-2000}"
export FAULT_MATRIX_SEED="${FAULT_MATRIX_SEED:-10001}"
export FAULT_MATRIX_PG_SCENARIOS="${FAULT_MATRIX_PG_SCENARIOS:-20}"
export FAULT_MATRIX_PG_SEED="${FAULT_MATRIX_PG_SEED:-20001}"
exec npx vitest run src/fault-matrix.test.ts
