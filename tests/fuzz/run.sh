#!/usr/bin/env bash
# Build the firmware fuzzer (clang, libFuzzer, ASan, UBSan) and run it.
#   tests/fuzz/run.sh [SECONDS]     default 60; make test uses a short run
# Prints TAP: the run ends without a crash or an isolation breach.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${SGPU_BUILD:-$top/build}/fuzz
secs=${1:-60}
mkdir -p "$out/corpus" "$out/crashes"
fw=("$top"/qemu-device/firmware/*.c)
inc=(-I"$top/include" -I"$top/qemu-device/firmware")
if ! clang -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all "${inc[@]}" -o "$out/fuzz_fw" \
	"$top/tests/fuzz/fuzz_fw.c" "${fw[@]}" 2>"$out/build.log" ||
   ! gcc -O1 -Wall -Wextra -Werror "${inc[@]}" -o "$out/mkseeds" \
	"$top/tests/fuzz/mkseeds.c" 2>>"$out/build.log"; then
	echo "not ok 1 - fuzz: the fuzzer builds"
	sed 's/^/# /' "$out/build.log"
	echo "1..1"
	exit 1
fi
"$out/mkseeds" "$out/corpus"
cd "$out" || exit 1
if "$out/fuzz_fw" -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 \
	-print_final_stats=1 -artifact_prefix="$out/crashes/" \
	"$out/corpus" >"$out/fuzz.log" 2>&1; then
	runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$out/fuzz.log")
	echo "ok 1 - fuzz: firmware survives ${secs}s of hostile input ($runs runs, isolation held)"
	rc=0
else
	echo "not ok 1 - fuzz: firmware survives ${secs}s of hostile input"
	grep -E 'ERROR|SUMMARY|changed|abort|Test unit written' "$out/fuzz.log" | head -20 | sed 's/^/# /'
	rc=1
fi
echo "1..1"
exit $rc
