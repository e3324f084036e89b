#!/usr/bin/env bash
# The whole test suite from a fresh machine: installs what is missing, builds with the `ci`
# preset (warnings are errors), checks formatting, runs every test (unit, ui, integration, e2e).
#   packaging/test.sh [ctest arguments...]     e.g. packaging/test.sh -L unit
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash packaging/install-deps.sh
bash packaging/check-format.sh
cmake --preset ci
cmake --build --preset ci
ctest --preset ci "$@"
