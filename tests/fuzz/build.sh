#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) and runs one of them
# for FUZZ_SECONDS (default 60) on its corpus in tests/fuzz/corpus/TARGET:
#   FUZZ_TARGET=read   every reader (first byte picks it) + annotate (default)
#   FUZZ_TARGET=ingest every reader + annotate + a fresh SQLite store
#   FUZZ_TARGET=query  the query layer on a small store (docs/fuzz.md)
# New crashers land in build-fuzz/. Inputs up to 64 KB. FUZZ_ARGS adds
# libFuzzer flags. The grown corpus stays in build-fuzz/corpus-TARGET; fold
# it back minimised with:
#   build-fuzz/fuzz_TARGET -merge=1 NEWDIR tests/fuzz/corpus/TARGET build-fuzz/corpus-TARGET
set -eu
cd "$(dirname "$0")/../.."
command -v clang >/dev/null || { echo "fuzz: clang is needed (apt-get install clang)" >&2; exit 2; }
target=${FUZZ_TARGET:-read}
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DHERALD_FUZZ=ON \
  -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" >/dev/null
cmake --build build-fuzz --target fuzz_read fuzz_ingest fuzz_query -j"${JOBS:-2}"
mkdir -p build-fuzz/corpus-$target && cp tests/fuzz/corpus/$target/* build-fuzz/corpus-$target/
build-fuzz/fuzz_$target -max_total_time="${FUZZ_SECONDS:-60}" -max_len=65536 ${FUZZ_ARGS:-} \
  build-fuzz/corpus-$target
