#!/usr/bin/env bash
# Runs the whole test suite under ThreadSanitizer, then AddressSanitizer (each in its own build
# folder). The soak test runs 2,000 requests here (SOAK_REQUESTS) to keep the run short.
set -euo pipefail
cd "$(dirname "$0")/.."
export SOAK_REQUESTS="${SOAK_REQUESTS:-2000}"
export TSAN_OPTIONS="suppressions=$PWD/Scripts/tsan-suppressions.txt halt_on_error=1 ${TSAN_OPTIONS:-}"
for sanitizer in ${SANITIZERS:-thread address}; do
    echo "== swift test --sanitize=$sanitizer =="
    case "$sanitizer" in thread) folder=.build-tsan ;; address) folder=.build-asan ;; *) folder=".build-$sanitizer" ;; esac
    swift test --sanitize="$sanitizer" --scratch-path "$folder"
done
