#!/bin/sh
# TAP helpers and sgpu lookups shared by the guest tests (busybox sh).
# Every test script sources this; run.sh numbers the results across scripts.

T=$(basename "$0" .sh)
TAP_COUNTER=/tmp/tap.count
export PATH=/sgpu/bin:$PATH

_tap_next() {
	_n=$(($(cat "$TAP_COUNTER" 2>/dev/null || echo 0) + 1))
	echo "$_n" >"$TAP_COUNTER"
}
diag() { echo "# $*"; }
pass() { _tap_next; echo "ok $_n - $T: $*"; }
fail() { _tap_next; echo "not ok $_n - $T: $*"; : >/tmp/tap.failed; }
skip() { _tap_next; echo "ok $_n - $T: $1 # SKIP $2"; }
# check DESC CMD...: pass when CMD succeeds.
check() {
	_d=$1
	shift
	if "$@"; then pass "$_d"; else fail "$_d"; fi
}
# is GOT WANT DESC
is() {
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3"
		diag "got '$1', want '$2'"
	fi
}
# Stop this script: the rest of its checks make no sense.
bail() { fail "$*"; exit 1; }

# dmesg lines logged since the matching dmesg_mark.
dmesg_mark() { DMESG_MARK=$(dmesg | wc -l); }
dmesg_since() { dmesg | tail -n +$((DMESG_MARK + 1)); }
# Kernel splats in the whole log: WARN, BUG, oops, lockdep, refcount, ...
dmesg_splats() {
	dmesg | grep -E 'WARNING:|BUG:|Oops|Call Trace|refcount_t|general protection|UBSAN|KASAN|possible circular|INFO: task'
}

# PF BDFs of every sgpu in the guest, bound or not.
sgpu_all_pfs() {
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor")" = 0x1234 ] &&
			[ "$(cat "$d/device")" = 0x5347 ] && basename "$d"
	done
}
# The PF whose TotalVFs is $1 (our rigs give each GPU a distinct count).
sgpu_pf_by_total() {
	for p in $(sgpu_all_pfs); do
		[ "$(cat "/sys/bus/pci/devices/$p/sriov_totalvfs")" = "$1" ] &&
			echo "$p" && return 0
	done
	return 1
}
pf_dir() { echo "/sys/bus/pci/devices/$1"; }
# VF BDFs of PF $1 in VF order.
vfs_of() {
	_i=0
	while [ -e "/sys/bus/pci/devices/$1/virtfn$_i" ]; do
		basename "$(readlink "/sys/bus/pci/devices/$1/virtfn$_i")"
		_i=$((_i + 1))
	done
}
# Every sgpu VF in the system, whatever its PF.
all_sgpu_vfs() {
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/device")" = 0x5348 ] && basename "$d"
	done
	true
}
driver_of() {
	[ -e "/sys/bus/pci/devices/$1/driver" ] &&
		basename "$(readlink "/sys/bus/pci/devices/$1/driver")"
}
# Size in bytes of resource $2 of device $1, from sysfs "resource".
bar_size() {
	sed -n "$(($2 + 1))p" "/sys/bus/pci/devices/$1/resource" | {
		read -r start end _
		if [ "$((end))" = 0 ]; then echo 0; else echo $((end - start + 1)); fi
	}
}
# sgpu.expect=TOTAL:MMU:DMA:CODEC:VRAM:WINDOW[,...] from the kernel command line.
rig_expect() {
	for arg in $(cat /proc/cmdline); do
		case "$arg" in
		sgpu.expect=*) echo "${arg#sgpu.expect=}" | tr , '\n' ;;
		esac
	done
}
numvfs_write() { sysfs-write "$(pf_dir "$1")/sriov_numvfs" "$2"; }

# Hand FILE to the host as NAME, on the third serial port (build/guest-test-<kernel>/
# blobs.bin; tests/host/guest-blobs.sh checks what arrives there).
export_blob() {
	stty -F /dev/ttyS2 raw -echo 2>/dev/null
	printf 'SGPU-BLOB %s %s\n' "$1" "$(wc -c <"$2")" >/dev/ttyS2
	cat "$2" >/dev/ttyS2
}

# The PF of the 8-VF GPU, and its sysfs directory.
PF8=$(sgpu_pf_by_total 8)
PD8=$(pf_dir "$PF8")
# /dev node of VF $2 of PF $1.
vf_dev() {
	_v=$(basename "$(readlink "/sys/bus/pci/devices/$1/virtfn$2")")
	echo "/dev/$(ls "/sys/bus/pci/devices/$_v/sgpu")"
}

# ---- resets -------------------------------------------------------------
# The PF driver's directory for VF $2 of PF $1, and that VF's BDF.
vf_sys() { echo "$(pf_dir "$1")/sgpu_vf$2"; }
vf_bdf() { basename "$(readlink "/sys/bus/pci/devices/$1/virtfn$2")"; }
# "BASE SIZE" of VF $2's VRAM slice, from the PF driver's slice file.
vf_vram() {
	sed -n 's/.*vram=\(0x[0-9a-f]*\)+\(0x[0-9a-f]*\).*/\1 \2/p' \
		"$(vf_sys "$1" "$2")/slice"
}
# Bytes of VF $2's slice that are not zero, read through the PF's BAR2.
vf_vram_nonzero() {
	set -- "$1" $(vf_vram "$1" "$2")
	vram-sum -z "$1" "$2" "$3"
}
vf_vram_sum() {
	set -- "$1" $(vf_vram "$1" "$2")
	vram-sum "$1" "$2" "$3"
}
# Function Level Reset of PCI function $1, as Linux performs it.
flr() { echo 1 >"/sys/bus/pci/devices/$1/reset"; }
# Wait (10 s at most) until the PF has counted $3 resets of VF $2 and
# finished with them; print its reset_state.
wait_reset() {
	_d=$(vf_sys "$1" "$2")
	_i=0
	while [ "$_i" -lt 200 ]; do
		if [ "$(cat "$_d/reset_count")" -ge "$3" ]; then
			case "$(cat "$_d/reset_state")" in
			resetting*) ;;
			*) break ;;
			esac
		fi
		sleep 0.05
		_i=$((_i + 1))
	done
	cat "$_d/reset_state"
}
# Reset VF $2 of PF $1 again and again -- FLRs alternating with resets the
# PF asks for, each waited out until the PF re-armed the VF -- while any
# of the processes $3... runs; STORM_RESETS says how many there were. Not
# in a command substitution: the processes are this shell's children, and
# only this shell reaps them (kill -0 keeps finding a zombie).
reset_storm() {
	_sp=$1 _sv=$2
	shift 2
	_sn=$(cat "$(vf_sys "$_sp" "$_sv")/reset_count")
	_sk=0
	while kill -0 "$@" 2>/dev/null; do
		if [ $((_sk % 2)) = 0 ]; then
			flr "$(vf_bdf "$_sp" "$_sv")"
		else
			echo 1 >"$(vf_sys "$_sp" "$_sv")/reset"
		fi
		_sk=$((_sk + 1))
		wait_reset "$_sp" "$_sv" $((_sn + _sk)) >/dev/null
	done
	STORM_RESETS=$_sk
}
# The streams of VFs $2... of PF $1 (sgpu stream into /tmp/stream.N):
# STREAMS_BAD lists each that did not check out with what it said, and its
# driver's view goes to the log. Not in $(...): it prints diagnostics.
streams_check() {
	_cp=$1
	shift
	STREAMS_BAD=""
	for _cj in "$@"; do
		case "$(cat "/tmp/stream.$_cj")" in
		"rounds "*" errors 0") ;;
		*)
			STREAMS_BAD="$STREAMS_BAD VF$_cj:$(tr '\n' ' ' <"/tmp/stream.$_cj")"
			vf_debug "$(vf_bdf "$_cp" "$_cj")"
			;;
		esac
	done
}
# Wait (10 s at most) until file $1 has $2 lines.
wait_lines() {
	_i=0
	# A background job's output file may not exist yet.
	while [ "$(cat "$1" 2>/dev/null | wc -l)" -lt "$2" ] &&
		[ "$_i" -lt 200 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
}
# Ask "sgpu keep" process $1, writing to $2, for its verdict; print it.
keep_check() {
	_n=$(($(cat "$2" 2>/dev/null | wc -l) + 1))
	kill -USR1 "$1"
	wait_lines "$2" "$_n"
	sed -n "${_n}p" "$2"
}
# What the PF shows of itself and of VFs 0..$2-1, minus counters and logs:
# a VF's reset must not change any of it.
pf_snapshot() {
	_s=$(pf_dir "$1")/sgpu
	cat "$_s/abi_version" "$_s/vfs_in_use" "$_s/profile" "$_s/reserve" \
		"$_s/slice" "$_s/guard" "$(pf_dir "$1")/sriov_numvfs"
	_i=0
	while [ "$_i" -lt "$2" ]; do
		cat "$_s/../sgpu_vf$_i/slice" "$_s/../sgpu_vf$_i/quota" "$_s/../sgpu_vf$_i/profile" \
			"$_s/../sgpu_vf$_i/quarantine"
		_i=$((_i + 1))
	done
	md5sum <"$(pf_dir "$1")/config"
}
# Wait (10 s at most) until file $1 reads something starting with $2; print
# what it reads.
wait_file() {
	_i=0
	while [ "$_i" -lt 200 ]; do
		case "$(cat "$1")" in "$2"*) break ;; esac
		sleep 0.05
		_i=$((_i + 1))
	done
	cat "$1"
}
# Show sgpu_vf's view of VF $1 (its debugfs state) as diagnostics.
vf_debug() {
	sed "s/^/# $1: /" "/sys/kernel/debug/sgpu_vf/$1/state" 2>/dev/null
}
