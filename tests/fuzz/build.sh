#!/usr/bin/env bash
# Builds the libFuzzer target with clang and runs it for FUZZ_SECONDS
# (default 60) on tests/fuzz/corpus. New crashers land in build-fuzz/.
set -eu
cd "$(dirname "$0")/../.."
command -v clang >/dev/null || { echo "fuzz: clang is needed (apt-get install clang)" >&2; exit 2; }
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" >/dev/null
cmake --build build-fuzz --target herald -j2
clang -g -fsanitize=fuzzer,address,undefined -Iinclude tests/fuzz/fuzz_annotate.c \
  build-fuzz/libherald.a $(pkg-config --libs sqlite3 libutf8proc libcjson libxxhash zlib libxml-2.0) -lstemmer -lm \
  -o build-fuzz/fuzz_annotate
mkdir -p build-fuzz/corpus && cp tests/fuzz/corpus/* build-fuzz/corpus/
build-fuzz/fuzz_annotate -max_total_time="${FUZZ_SECONDS:-60}" -max_len=65536 build-fuzz/corpus
