#!/usr/bin/env bash
# The device model refuses impossible properties and placements with a clear
# message, accepts sane ones, and blocks migration. TAP on stdout.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
qemu=${QEMU:-$("$top/scripts/build-qemu.sh")}
n=0 failed=0
result() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - host/qemu-props: $2"; else echo "not ok $n - host/qemu-props: $2"; failed=1; fi; }

# Start QEMU without a guest (-accel qtest), feed it monitor commands.
run_qemu() {
	local cmds=$1
	shift
	printf '%s\nquit\n' "$cmds" | timeout 30 "$qemu" -L /usr/share/seabios \
		-L /usr/share/qemu -nodefaults -machine q35 -accel qtest \
		-display none -monitor stdio "$@" 2>&1 | tr -d '\033'
}
port=(-device pcie-root-port,id=rp,chassis=1,slot=1)

# refused DESCRIPTION EXPECTED-MESSAGE DEVICE-ARGS...
refused() {
	local desc=$1 want=$2 out rc
	shift 2
	out=$(run_qemu "" "$@")
	rc=$?
	if [ $rc -ne 0 ] && grep -qF -- "$want" <<<"$out"; then
		result 0 "refuses $desc"
	else
		result 1 "refuses $desc"
		echo "# exit $rc, output:"; sed 's/^/#   /' <<<"$out"
	fi
}

out=$(run_qemu "info qtree" "${port[@]}" -device sgpu,bus=rp)
grep -q "class 3D controller, addr 00:00.0, pci id 1234:5347" <<<"$out"
result $? "a default sgpu behind a root port starts as a 1234:5347 3D controller"

# QEMU 10.0 creates every VF when the PF is realized: all 64 of a 64-VF
# part are in the tree, disabled, and a machine reset (the PF's reset
# disabling and resetting its VFs from inside the bus's) leaves a
# working QEMU behind.
out=$(run_qemu "info qtree
system_reset
info status" "${port[@]}" \
	-device sgpu,bus=rp,total-vfs=64,mmu-units=64,dma-channels=128,vram-size=1G,vf-vram-window=8M)
[ "$(grep -c 'dev: sgpu-vf' <<<"$out")" = 64 ] &&
	grep -q "^VM status: " <<<"$out"
result $? "a 64-VF sgpu holds its 64 VFs from the start and survives a machine reset"

out=$(run_qemu 'migrate "exec:cat >/dev/null"
info migrate' "${port[@]}" -device sgpu,bus=rp)
grep -q "non-migratable device: .*sgpu" <<<"$out"
result $? "migration is blocked by the sgpu device"

refused "TotalVFs above the MMU units" \
	"total-vfs=9 exceeds mmu-units=8: every VF owns at least one MMU unit" \
	"${port[@]}" -device sgpu,bus=rp,total-vfs=9
refused "TotalVFs above the DMA channels" \
	"total-vfs=8 exceeds dma-channels=4" \
	"${port[@]}" -device sgpu,bus=rp,dma-channels=4
refused "more VFs than an ARI bus holds" \
	"total-vfs=256 is out of range 1..255" \
	"${port[@]}" -device sgpu,bus=rp,total-vfs=256,mmu-units=256,dma-channels=256
refused "zero VFs" "total-vfs=0 is out of range" \
	"${port[@]}" -device sgpu,bus=rp,total-vfs=0
refused "VRAM that is not a power of two" \
	"vram-size=104857600 must be a power of two" \
	"${port[@]}" -device sgpu,bus=rp,vram-size=100M
refused "a VF window that is not a power of two" \
	"vf-vram-window=50331648 must be a power of two" \
	"${port[@]}" -device sgpu,bus=rp,vf-vram-window=48M
refused "a VF window larger than VRAM" \
	"vf-vram-window=536870912 must be a power of two from 1 MiB to vram-size=268435456" \
	"${port[@]}" -device sgpu,bus=rp,vf-vram-window=512M
refused "an sgpu on the root bus" \
	"sgpu must sit behind a pcie-root-port" \
	-device sgpu
refused "an sgpu that is not function 0 of its bus" \
	"sgpu must be at addr=0.0 of its bus, not 00.1" \
	"${port[@]}" -device sgpu,bus=rp,addr=0.1
refused "a VF created by hand" \
	"Parameter 'driver' expects a pluggable device type" \
	"${port[@]}" -device sgpu-vf,bus=rp

echo "1..$n"
exit $failed
