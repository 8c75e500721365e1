#!/usr/bin/env bash
# The whole suite (make test): build, then host unit tests, QEMU property
# tests, lint, and the guest suite in one TCG boot. Every suite speaks TAP;
# the last line is "N passed, N failed, N skipped". Exits non-zero on any
# failure, after showing the guest console log that explains it.
set -uo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
cd "$SGPU_TOP"

log=$SGPU_BUILD/test.log
mkdir -p "$SGPU_BUILD"
: >"$log"
passed=0 failed=0 skipped=0

# Run a TAP suite: show its lines, count them, note whether it completed.
suite() {
	local name=$1 out rc plan
	shift
	echo "# ==== $name" | tee -a "$log"
	"$@" 2>&1 | tr -d '\r' | tee "$SGPU_BUILD/suite.out"
	rc=${PIPESTATUS[0]}
	out=$(cat "$SGPU_BUILD/suite.out")
	cat "$SGPU_BUILD/suite.out" >>"$log"
	passed=$((passed + $(grep -E '^ok ' <<<"$out" | grep -vc '# SKIP')))
	skipped=$((skipped + $(grep -cE '^ok .*# SKIP' <<<"$out")))
	failed=$((failed + $(grep -cE '^not ok ' <<<"$out")))
	plan=$(grep -cE '^1\.\.[0-9]+$' <<<"$out")
	if [ "$plan" = 0 ]; then
		echo "not ok - $name: suite ended early (exit $rc, no TAP plan)" | tee -a "$log"
		failed=$((failed + 1))
		return 1
	fi
	return "$rc"
}

finish() {
	echo "$passed passed, $failed failed, $skipped skipped" | tee -a "$log"
	[ "$failed" = 0 ]
	exit
}

echo "# ==== build (QEMU is cached in $SGPU_CACHE)" | tee -a "$log"
t0=$SECONDS
if ! make -s qemu modules tools initramfs >>"$log" 2>&1; then
	tail -n 40 "$log"
	echo "not ok - build: QEMU, modules, tools and initramfs (see $log)" | tee -a "$log"
	failed=$((failed + 1))
	finish
fi
echo "# build took $((SECONDS - t0)) s" | tee -a "$log"
export QEMU
QEMU=$(scripts/build-qemu.sh)

suite unit tests/unit/run.sh
suite fuzz tests/fuzz/run.sh "${SGPU_FUZZ_SECONDS:-20}"
suite qemu-props tests/host/qemu-props.sh
suite lint tests/lint.sh

guest_out=$SGPU_BUILD/guest-test
t0=$SECONDS
if ! suite guest scripts/run-guest.sh --rig test --mode test --out "$guest_out" \
	--timeout 1200 ${SGPU_TESTS:+--append "sgpu.tests=$SGPU_TESTS"} || grep -q '^not ok' "$guest_out/output.log"; then
	echo "# ---- guest console log ($guest_out/console.log), last 200 lines:"
	tail -n 200 "$guest_out/console.log"
fi
echo "# guest suite took $((SECONDS - t0)) s" | tee -a "$log"
suite guest-blobs tests/host/guest-blobs.sh "$guest_out" "$SGPU_BUILD/guest-data"
finish
