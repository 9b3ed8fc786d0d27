#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/) and fuzzes each parser for FUZZ_SECONDS (default 30) seconds.
# Crashing inputs are written to Fuzz/Crashers/; turn each into a regression test in
# Tests/Unit/FuzzRegressionTests.swift, fix the bug, and delete the file.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-30}"
swift build -c release --package-path Fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library
binary="Fuzz/.build/release/LLMFuzz"
mkdir -p Fuzz/Crashers
work="$(mktemp -d)"
cp -r Fuzz/Corpus "$work/corpus"
# Let libFuzzer, not the Swift runtime's backtracer, handle crashes, so it saves the input.
SWIFT_BACKTRACE=enable=no "$binary" -max_total_time="$seconds" -max_len=4096 -artifact_prefix=Fuzz/Crashers/ -print_final_stats=1 "$work/corpus"
echo "fuzzed for $seconds s; corpus grew to $(ls "$work/corpus" | wc -l) inputs; crashers: $(ls Fuzz/Crashers | wc -l)"
