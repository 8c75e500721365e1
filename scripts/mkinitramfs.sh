#!/usr/bin/env bash
# Build the guest's initramfs: busybox, the guest kernel's vfio/mdev modules
# (with dependencies resolved from modules.dep), our modules, lspci/setpci
# with their libraries, our tools and the guest tests.
#
#   mkinitramfs.sh OUT.cpio.gz
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${1:?usage: mkinitramfs.sh OUT.cpio.gz}
kver=$(sgpu_kver)
kroot=$(sgpu_kroot)
moddir=$kroot/lib/modules/$kver
# Debian modules the guest needs; their dependencies come from modules.dep.
# igb, igbvf and nvme drive the bench rig's SR-IOV peers.
ROOT_MODULES=(vfio-pci vfio_iommu_type1 mdev igb igbvf nvme)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,etc,root} \
	"$stage/lib/modules/$kver/extra" "$stage/usr/share/misc" "$stage/sgpu"

sgpu_stage_busybox "$stage"
for bin in /usr/bin/lspci /usr/bin/setpci; do
	sgpu_stage_binary "$stage" "$bin"
done
cp /usr/share/misc/pci.ids "$stage/usr/share/misc/" 2>/dev/null || true

# Modules: the roots above plus everything modules.dep says they need.
declare -A want=()
resolve() {
	local path=$1 dep
	[ -n "${want[$path]:-}" ] && return
	want[$path]=1
	for dep in $(awk -v m="$path:" '$1 == m {$1=""; print}' "$moddir/modules.dep"); do
		resolve "$dep"
	done
}
for m in "${ROOT_MODULES[@]}"; do
	path=$(modinfo -b "$kroot" -k "$kver" -n "$m") ||
		die "module $m not found for $kver"
	resolve "${path#"$moddir/"}"
done
for path in "${!want[@]}"; do
	install -D -m 0644 "$moddir/$path" "$stage/lib/modules/$kver/$path"
done
cp "$(sgpu_kbuild)"/modules/*.ko "$stage/lib/modules/$kver/extra/"
cp "$moddir"/modules.builtin "$moddir"/modules.builtin.modinfo \
	"$moddir"/modules.order "$stage/lib/modules/$kver/" 2>/dev/null || true
depmod -b "$stage" "$kver"

# sgpu: our tools, the guest tests, the init script.
cp -r "$SGPU_BUILD/bin" "$stage/sgpu/bin"
sgpu_stage_binary "$stage" "$SGPU_BUILD/bin/sgpu-smi" /sgpu/bin/sgpu-smi
install -m 0755 "$SGPU_TOP/scripts/sgpu-vfctl" "$stage/sgpu/bin/"
cp -r "$SGPU_TOP/tests/guest" "$stage/sgpu/tests"
cp -r "$SGPU_BUILD/guest-data" "$stage/sgpu/data"
install -m 0755 "$SGPU_TOP/scripts/guest/init" "$stage/init"
cp "$SGPU_TOP"/scripts/guest/*.sh "$stage/sgpu/"
echo "$kver" >"$stage/sgpu/kver"

sgpu_stage_cpio "$stage" "$out"
