#!/usr/bin/env bash
# Boot the sgpu guest under TCG with one or more emulated GPUs.
#
#   run-guest.sh [--rig demo|test] [--gpu PROPS]... [--mode test|demo|shell]
#                [--out DIR] [--timeout SECONDS] [--append "kernel args"]
#                [--qemu-args "extra QEMU arguments"] [--mem SIZE]
#                [--initrd-add CPIO.gz] [--tcg multi|single]
#
# Rigs (which GPUs sit where):
#   demo  one sgpu with default properties behind a PCIe root port
#   bench the demo GPU, and QEMU's own SR-IOV devices as peers: igb (an
#         82576 NIC, 7 VFs) and nvme (8 secondary controllers)
#   test  gpu0: defaults (8 VFs); gpu1: a 64-VF part (ARI, 64 IOMMU groups);
#         gpu2: claims ABI 2.0, which the drivers must refuse;
#         gpu3: VF windows too large for the machine's MMIO (ENOMEM)
# --gpu adds one more sgpu with the given properties, e.g.
#   --gpu total-vfs=4,mmu-units=4,dma-channels=8,vram-size=1G
# The guest's console (kernel log) goes to DIR/console.log; what the demo or
# the tests print goes to its second serial port, shown here live and kept in
# DIR/output.log; files the guest hands back (export_blob in
# tests/guest/lib.sh) arrive in DIR/blobs.bin on the third. In shell mode
# the console is this terminal. --tcg single runs both vCPUs on one host
# thread (default multi, or $SGPU_TCG).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rig="" mode=demo out=$SGPU_BUILD/guest timeout=900 append="" extra=() gpu_props=()
mem=1G initrd_add="" tcg=${SGPU_TCG:-multi}
while [ $# -gt 0 ]; do
	case "$1" in
	--rig) rig=$2; shift ;;
	--gpu) gpu_props+=("$2"); shift ;;
	--qemu-args) read -r -a extra <<<"$2"; shift ;;
	--mode) mode=$2; shift ;;
	--out) out=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--append) append=$2; shift ;;
	--mem) mem=$2; shift ;;
	--initrd-add) initrd_add=$2; shift ;;
	--tcg) tcg=$2; shift ;;
	*) die "unknown option $1 (see the header of $0)" ;;
	esac
	shift
done

case "$tcg" in
multi | single) ;;
*) die "--tcg $tcg: multi (a host thread per vCPU) or single" ;;
esac
qemu=${QEMU:-$("$SGPU_TOP/scripts/build-qemu.sh")}
kver=$(sgpu_kver)
vmlinuz=$(sgpu_kroot)/boot/vmlinuz-$kver
initrd=$(sgpu_kbuild)/initramfs.cpio.gz
[ -e "$vmlinuz" ] || die "$vmlinuz is missing: run 'SGPU_KERNEL=$SGPU_KERNEL make initramfs'"
[ -e "$initrd" ] || die "$initrd is missing: run 'SGPU_KERNEL=$SGPU_KERNEL make initramfs'"
mkdir -p "$out"
if [ -n "$initrd_add" ]; then
	[ -e "$initrd_add" ] || die "$initrd_add is missing"
	# Linux unpacks concatenated archives one after the other.
	cat "$initrd" "$initrd_add" >"$out/initrd.cpio.gz"
	initrd=$out/initrd.cpio.gz
fi

# Each GPU gets a root port of its own: its VFs fill that port's bus.
gpus=() port=0 expect=
add_gpu() {
	local props=$1
	port=$((port + 1))
	gpus+=(-device "pcie-root-port,id=rp$port,chassis=$port,slot=$port"
	       -device "sgpu,id=gpu$((port - 1)),bus=rp$port${props:+,$props}")
}
case "$rig" in
"")
	[ ${#gpu_props[@]} -gt 0 ] || add_gpu ""
	;;
demo)
	add_gpu ""
	;;
bench)
	add_gpu ""
	port=$((port + 1))
	gpus+=(-device "pcie-root-port,id=rp$port,chassis=$port,slot=$port"
	       -netdev hubport,id=peer-net,hubid=0
	       -device "igb,bus=rp$port,netdev=peer-net")
	port=$((port + 1))
	gpus+=(-device "pcie-root-port,id=rp$port,chassis=$port,slot=$port"
	       -device nvme-subsys,id=peer-subsys
	       -device "nvme,bus=rp$port,subsys=peer-subsys,serial=peer,sriov_max_vfs=8,sriov_vq_flexible=16,sriov_vi_flexible=8,max_ioqpairs=18,msix_qsize=9")
	;;
test)
	add_gpu ""
	add_gpu "total-vfs=64,mmu-units=64,dma-channels=128,codec-cores=16,vram-size=1G,vf-vram-window=8M"
	add_gpu "total-vfs=2,x-abi-version=0x20000"
	# 6 x 8 GiB VF windows do not fit q35's default 32 GiB 64-bit hole:
	# enabling its VFs must fail cleanly with ENOMEM.
	add_gpu "total-vfs=6,mmu-units=6,dma-channels=8,codec-cores=0,vram-size=8G,vf-vram-window=8G"
	# What the guest tests expect the driver to read, per TotalVFs.
	expect="sgpu.expect=8:8:16:8:268435456:67108864,64:64:128:16:1073741824:8388608,6:6:8:0:8589934592:8589934592"
	;;
*)
	die "unknown rig '$rig' (demo, bench or test)"
	;;
esac
for p in "${gpu_props[@]}"; do
	add_gpu "$p"
done

args=(-L /usr/share/seabios -L /usr/share/qemu -nodefaults -no-user-config
	-machine q35 -accel "tcg,thread=$tcg" -cpu max -smp 2 -m "$mem"
	-device intel-iommu,intremap=on,caching-mode=on
	"${gpus[@]}"
	-kernel "$vmlinuz" -initrd "$initrd"
	-append "console=ttyS0 intel_iommu=on panic=-1 sgpu.mode=$mode $expect $append"
	-display none -no-reboot "${extra[@]}")

if [ "$mode" = shell ]; then
	exec "$qemu" "${args[@]}" -serial mon:stdio
fi

mkdir -p "$out"
rm -f "$out/console.log" "$out/output.log" "$out/blobs.bin"
set +e
timeout -k 10 "$timeout" "$qemu" "${args[@]}" \
	-serial "file:$out/console.log" \
	-chardev "stdio,id=out,signal=off,logfile=$out/output.log" \
	-serial chardev:out -serial "file:$out/blobs.bin" </dev/null
rc=$?
set -e
[ $rc = 124 ] && note "guest did not power off within ${timeout}s; killed"
exit $rc
