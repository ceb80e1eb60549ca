#!/bin/sh
# Runs the plumb benchmark harness (a Go program in its own module, so gosh
# and friends never become plumb dependencies). Flags: see README.md or -h.
#   bench/run.sh            full run, < 10 min on 2 cores
#   bench/run.sh -quick     < 1 min
#   PLUMB=/path/to/plumb bench/run.sh -quick
set -e
dir=$(cd "$(dirname "$0")" && pwd)
BENCH_CMD="bench/run.sh"
for a in "$@"; do BENCH_CMD="$BENCH_CMD $a"; done
export BENCH_CMD
cd "$dir"
exec go run . "$@"
