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
    if [ "$sanitizer" = address ]; then
        # Leak checking reports process-lifetime globals (lazy statics, Foundation caches) and makes
        # every subprocess exit non-zero; ASan's quarantine also holds freed memory, so the soak
        # test's memory-growth check is skipped (it runs in the ordinary test pass).
        export ASAN_OPTIONS="detect_leaks=0 ${ASAN_OPTIONS:-}"
        export SOAK_SKIP_MEMORY_CHECK=1
    fi
    Scripts/test --sanitize="$sanitizer" --scratch-path "$folder"
done
