#!/usr/bin/env bash
# Builds Restore Desk (installing what is missing) and starts the GUI. With no profile
# configured it runs against its built-in sandbox. Extra arguments go to restoredesk.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash packaging/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
exec ./build/release/app/gui/restoredesk "$@"
