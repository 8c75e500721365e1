#!/bin/sh
# Run every guest test in order; TAP on stdout, the plan at the end.
cd /sgpu/tests || exit 1
rm -f /tmp/tap.count /tmp/tap.failed
/sgpu/setup.sh allow_raw=1
# sgpu.tests=60,8 runs only the scripts whose names start with those
# prefixes; sgpu.suite=e2e runs the end-to-end scripts in e2e/ instead
# (their boot carries libvirt and a nested guest: run-guest.sh --initrd-add);
# sgpu.suite=stress loops the cases in stress/ sgpu.rounds=N times each.
only= dir=. limit=600
export STRESS_ROUNDS=50
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	sgpu.tests=*) only=$(echo "${arg#sgpu.tests=}" | tr , ' ') ;;
	sgpu.suite=e2e) dir=e2e limit=1500 ;;
	sgpu.suite=stress) dir=stress limit=86400 ;;
	sgpu.rounds=*) STRESS_ROUNDS=${arg#sgpu.rounds=} ;;
	esac
done
for t in "$dir"/[0-9]*.sh; do
	if [ -n "$only" ]; then
		want=
		for p in $only; do
			case "${t##*/}" in "$p"*) want=1 ;; esac
		done
		[ -n "$want" ] || continue
	fi
	echo "# ---- $t"
	timeout "$limit" sh "./$t"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		. ./lib.sh
		T=$(basename "$t" .sh)
		fail "script exited with status $rc (timeout is 143)"
	fi
done
echo "1..$(cat /tmp/tap.count 2>/dev/null || echo 0)"
# A failure's explanation is in the kernel log: put all of it on the console.
if [ -e /tmp/tap.failed ]; then
	echo "==== guest dmesg (a test failed) ====" >/dev/console
	dmesg >/dev/console
fi
