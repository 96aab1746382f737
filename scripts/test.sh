#!/usr/bin/env bash
# Runs the whole test suite: library unit tests, CLI and bundle integration tests, GUI flows
# (egui_kittest, headless) and the stock-tool interop checks.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo test "$@"
