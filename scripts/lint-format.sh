#!/usr/bin/env bash
# Checks the Swift sources against .swift-format (swift-format ships with the toolchain).
# To fix what it reports: swift format format -i -r Sources Plugins Tests bench/Understanding/Sources fuzz/Sources
set -euo pipefail
cd "$(dirname "$0")/.."
swift format lint --strict -r Sources Plugins Tests bench/Understanding/Sources fuzz/Sources
echo "lint-format: the sources follow .swift-format"
