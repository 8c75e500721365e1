#!/usr/bin/env bash
# make stress: the cases in tests/guest/stress/ looped STRESS_ROUNDS times
# (default 50) in one boot of the demo rig; each case prints its failed
# rounds and what the failing VF showed. SGPU_TCG=single runs the guest's
# vCPUs on one host thread. Last line: "N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
cd "$SGPU_TOP" || exit 1
rounds=${STRESS_ROUNDS:-50}
out=$SGPU_BUILD/guest-stress
mkdir -p "$SGPU_BUILD"
make -s qemu initramfs >"$SGPU_BUILD/stress-build.log" 2>&1 ||
	{ tail -n 40 "$SGPU_BUILD/stress-build.log"; die "build failed"; }
t0=$SECONDS
scripts/run-guest.sh --rig demo --mode test --out "$out" --timeout 86400 \
	--append "sgpu.suite=stress sgpu.rounds=$rounds" | tr -d '\r' |
	tee "$out.log"
passed=$(grep -cE '^ok ' "$out.log")
failed=$(grep -cE '^not ok ' "$out.log")
grep -qE '^1\.\.[0-9]+$' "$out.log" ||
	{ echo "not ok - stress: the guest ended early"; failed=$((failed + 1)); }
if [ "$failed" != 0 ]; then
	echo "# ---- guest console log ($out/console.log), last 200 lines:"
	tail -n 200 "$out/console.log"
fi
echo "# $rounds rounds, tcg ${SGPU_TCG:-multi}, $((SECONDS - t0)) s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
