#!/usr/bin/env bash
# The whole suite (make test): build, then host unit tests, QEMU property
# tests, lint, the guest suite in one TCG boot per guest kernel (Debian
# 12's 6.1 and 6.12), and the libvirt end to end (on 6.1) in a boot of its
# own (--e2e-only runs just that: make test-e2e). Every suite speaks TAP;
# the last line is "N passed, N failed, N skipped". Exits non-zero on any
# failure, after showing the guest console log that explains it.
set -uo pipefail
e2e_only=0
[ "${1:-}" = --e2e-only ] && e2e_only=1
. "$(dirname "$0")/../scripts/lib.sh"
cd "$SGPU_TOP" || exit 1

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

# What each guest kernel runs (6.1 is also the end to end's).
kernels=$SGPU_KERNELS
[ $e2e_only = 1 ] && kernels=6.1
build() {
	make -s qemu tools nested SGPU_KERNEL=6.1 || return
	for k in $kernels; do
		make -s initramfs SGPU_KERNEL="$k" || return
	done
}
echo "# ==== build (QEMU is cached in $SGPU_CACHE)" | tee -a "$log"
t0=$SECONDS
if ! build >>"$log" 2>&1; then
	tail -n 40 "$log"
	echo "not ok - build: QEMU, modules and initramfs for $kernels, tools, nested guest (see $log)" | tee -a "$log"
	failed=$((failed + 1))
	finish
fi
echo "# build took $((SECONDS - t0)) s" | tee -a "$log"
export QEMU
QEMU=$(scripts/build-qemu.sh)

# A guest boot of kernel SERIES as a TAP suite; on failure, the console log
# that explains it.
guest_suite() { # NAME OUT_DIR SERIES run-guest.sh-args...
	local name=$1 out=$2
	export SGPU_KERNEL=$3
	shift 3
	if ! suite "$name" scripts/run-guest.sh --out "$out" "$@" ||
		grep -q '^not ok' "$out/output.log"; then
		echo "# ---- guest console log ($out/console.log), last 200 lines:"
		tail -n 200 "$out/console.log"
	fi
}

if [ $e2e_only = 0 ]; then
	suite unit tests/unit/run.sh
	suite fuzz tests/fuzz/run.sh "${SGPU_FUZZ_SECONDS:-20}"
	suite qemu-props tests/host/qemu-props.sh
	suite dkms tests/host/dkms.sh
	suite lint tests/lint.sh

	# The guest suite, once on each kernel.
	for k in $kernels; do
		name=guest-$k
		guest_out=$SGPU_BUILD/guest-test-$k
		t0=$SECONDS
		# One TCG thread: see "Memory-map changes under multi-threaded
		# TCG" in docs/testing.md.
		guest_suite "$name" "$guest_out" "$k" --rig test --mode test \
			--timeout 1200 --tcg "${SGPU_TCG:-single}" \
			${SGPU_TESTS:+--append "sgpu.tests=$SGPU_TESTS"}
		echo "# $name suite ($(SGPU_KERNEL=$k sgpu_kver)) took $((SECONDS - t0)) s" |
			tee -a "$log"
		suite "$name-blobs" tests/host/guest-blobs.sh "$guest_out" \
			"$SGPU_BUILD/guest-data"
	done
fi

# libvirt in the guest boots a nested guest with a VF (tests/guest/e2e/).
# SGPU_E2E=0 leaves it out of make test.
if [ "${SGPU_E2E:-1}" != 0 ] || [ $e2e_only = 1 ]; then
	e2e_out=$SGPU_BUILD/guest-e2e
	t0=$SECONDS
	f0=$failed
	guest_suite e2e "$e2e_out" 6.1 --rig demo --mode test --timeout 1500 \
		--mem 2G --initrd-add "$SGPU_BUILD/linux-6.1/nested.cpio.gz" \
		--append "sgpu.suite=e2e"
	echo "# e2e suite took $((SECONDS - t0)) s" | tee -a "$log"
	# The nested guest's console, libvirtd's and QEMU's logs, the XML.
	rm -rf "$e2e_out/blobs"
	tests/host/split-blobs.sh "$e2e_out/blobs.bin" "$e2e_out/blobs"
	if [ "$failed" != "$f0" ]; then
		for f in nested-console.log nested-qemu.log libvirtd.log; do
			[ -e "$e2e_out/blobs/$f" ] || continue
			echo "# ---- $f (from the e2e guest), last 60 lines:"
			tail -n 60 "$e2e_out/blobs/$f" | tr -d '\r'
		done
	fi
fi
finish
