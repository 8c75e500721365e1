#!/bin/sh
# A userspace driver through VFIO (tests/vfio/, built as vfio-sgpu): two
# VFs on vfio-pci, each in a container of its own, as two VMs would have
# them. memcpy, VRAM through the GPU MMU, unmapped IOVAs refused without
# corruption, MSI-X through eventfds, VFIO_DEVICE_RESET mid-job, and the
# two VFs unable to reach each other's memory.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
is "$(sgpu-vfctl numvfs "$PF8" 2 --no-probe; echo $?)" 0 "enable 2 VFs, no driver"
a=$(vf_bdf "$PF8" 0)
b=$(vf_bdf "$PF8" 1)
is "$(sgpu-vfctl vfio "$a" "$b"; echo $?)" 0 "both on vfio-pci"
n=$(cat "$PD8/sgpu_vf0/reset_count")
vfio-sgpu test "$a" "$b" >/tmp/vfio.out 2>&1
echo "exit $?" >>/tmp/vfio.out
while read -r r rest; do
	case "$r" in
	ok) pass "${rest#- }" ;;
	not) fail "${rest#ok - }" ;;
	exit) is "$rest" 0 "vfio-sgpu exits 0" ;;
	*) diag "$r $rest" ;;
	esac
done </tmp/vfio.out
check "the PF saw VFIO's resets of VF0 and re-armed it each time ($(cat "$PD8/sgpu_vf0/reset_count") since $n)" \
	[ "$(cat "$PD8/sgpu_vf0/reset_state")" = ready ]
is "$(sgpu-vfctl host "$a" "$b"; echo $?)" 0 "give both back to sgpu_vf"
out=$(sgpu -d "$(vf_dev "$PF8" 0)" dma-test 1M)
check "VF0 works under sgpu_vf again: $out" [ "${out%% *}" = ok ]
sgpu-vfctl numvfs "$PF8" 0
check "no kernel splat" [ -z "$(dmesg_splats)" ]
