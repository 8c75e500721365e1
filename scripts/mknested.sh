#!/usr/bin/env bash
# Build the end-to-end add-on to the guest's initramfs: what the guest
# needs to act as a virtualization host for a nested guest.
#
#   mknested.sh OUT.cpio.gz
#
# It holds libvirtd and virsh (Debian's, with their libraries and the
# configuration in scripts/guest/libvirt/), our QEMU with the firmware a
# direct kernel boot needs, and the nested guest itself: the same kernel
# and a small initramfs (busybox, sgpu_vf, the sgpu tool, one reference
# image, scripts/guest/nested-init). run-guest.sh --initrd-add appends it
# to the guest's initramfs, so the files land at their usual paths.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${1:?usage: mknested.sh OUT.cpio.gz}
kver=$(sgpu_kver)
qemu=${QEMU:-$("$SGPU_TOP/scripts/build-qemu.sh")}
libvirt_lib=/usr/lib/x86_64-linux-gnu/libvirt
[ -x /usr/sbin/libvirtd ] && [ -e "$libvirt_lib/connection-driver/libvirt_driver_qemu.so" ] ||
	die "libvirtd or its QEMU driver is missing: run 'make deps' as root"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# The nested guest's initramfs.
inner=$stage/inner
mkdir -p "$inner"/{proc,sys,dev,tmp,sgpu/bin}
sgpu_stage_busybox "$inner"
install -m 0755 "$SGPU_TOP/scripts/guest/nested-init" "$inner/init"
cp "$(sgpu_kbuild)/modules/sgpu_vf.ko" "$inner/sgpu/"
cp "$SGPU_BUILD/bin/sgpu" "$inner/sgpu/bin/"
cp "$SGPU_BUILD/guest-data/mandel.raw" "$SGPU_BUILD/guest-data/mandel.qoi" "$inner/sgpu/"
outer=$stage/outer
mkdir -p "$outer/sgpu/nested"
sgpu_stage_cpio "$inner" "$outer/sgpu/nested/initramfs.cpio.gz"
cp "$(sgpu_kroot)/boot/vmlinuz-$kver" "$outer/sgpu/nested/vmlinuz"

# libvirt: the monolithic daemon with only the QEMU driver, and virsh.
sgpu_stage_binary "$outer" /usr/sbin/libvirtd
sgpu_stage_binary "$outer" /usr/bin/virsh
sgpu_stage_binary "$outer" "$libvirt_lib/connection-driver/libvirt_driver_qemu.so"
mkdir -p "$outer/usr/share/libvirt"
cp -r /usr/share/libvirt/cpu_map "$outer/usr/share/libvirt/"
mkdir -p "$outer"/etc/libvirt/qemu "$outer"/var/{lib,cache,log}/libvirt/qemu \
	"$outer"/run/libvirt/qemu
ln -s ../run "$outer/var/run"
cp "$SGPU_TOP"/scripts/guest/libvirt/*.conf "$outer/etc/libvirt/"
# The QEMU driver resolves Debian's compiled-in user and group
# (libvirt-qemu) before it reads qemu.conf (which says root), so they must
# exist.
cat >"$outer/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/bin/sh
libvirt-qemu:x:64055:64055::/var/lib/libvirt:/bin/false
PASSWD
cat >"$outer/etc/group" <<GROUP
root:x:0:
libvirt-qemu:x:64055:
GROUP

# Our QEMU, stripped, where libvirt looks for it, and its firmware where
# it looks for that: QEMU finds its data relative to its binary, so
# /usr/bin/../share/qemu.
strip -o "$stage/qemu-system-x86_64" "$qemu"
sgpu_stage_binary "$outer" "$stage/qemu-system-x86_64" /usr/bin/qemu-system-x86_64
install -d "$outer/usr/share/qemu"
cp /usr/share/seabios/bios-256k.bin /usr/share/qemu/linuxboot_dma.bin \
	/usr/share/qemu/kvmvapic.bin "$outer/usr/share/qemu/"

sgpu_stage_cpio "$outer" "$out"
