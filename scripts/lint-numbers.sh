#!/usr/bin/env bash
# Lint: no floating-point value becomes an integer unchecked. `Int(x)` of a Double that is out
# of range (or NaN) stops the process, and several of those values come from outside: drafts,
# subtitle files, probe output, headers, what people type. Every such conversion in Sources/
# goes through CheckedNumber (clamps or answers nil), or carries a `// checked:` comment that
# says why its value is bounded. Run by .ci/run before the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern='\b(U?Int(8|16|32|64)?)\((\(|[^)"]*(\.rounded|Double\(|duration|seconds|timeInterval|fps|wait|excess|budget|share|level|factor|fraction|remaining|rate\b|value\)|number\)| \* | / ))'
found=$(grep -rnE "$pattern" Sources --include='*.swift' | grep -v 'CheckedNumber' | grep -v '// checked:' || true)
if [ -n "$found" ]; then
  echo "lint-numbers: integer conversions of floating-point values without CheckedNumber or a '// checked:' reason:" >&2
  echo "$found" >&2
  exit 1
fi
echo "lint-numbers: every floating-point to integer conversion is checked"
