#!/usr/bin/env bash
# Builds (first time: several minutes) and starts the Evidence Vault window.
# Any arguments are passed to the app, e.g. a vault folder to open, or --demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
exec cargo run --release --bin evidence-vault -- "$@"
