#!/usr/bin/env bash
# Build and run the host unit tests (ASan + UBSan); TAP on stdout.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${SGPU_BUILD:-$top/build}/unit
mkdir -p "$out"
CFLAGS=(-O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined
	-fno-sanitize-recover=all -I"$top/include" -I"$top/qemu-device/firmware"
	-I"$top/pf-driver" -I"$top/tests/unit")
# The plain-C code under test: the firmware and the PF's planner.
FW=("$top"/qemu-device/firmware/*.c "$top/pf-driver/sgpu_plan.c"
	"$top/pf-driver/sgpu_parse.c")
rc=0
for t in "$top"/tests/unit/test_*.c; do
	name=$(basename "$t" .c)
	echo "# ---- unit/$name"
	if ! gcc "${CFLAGS[@]}" -o "$out/$name" "$t" "${FW[@]}"; then
		echo "not ok - unit/$name: builds"
		rc=1
		continue
	fi
	"$out/$name" | sed -E "s/^((not )?ok [0-9]+ - )/\1unit\/$name: /" || rc=1
done
exit $rc
