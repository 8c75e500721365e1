#!/usr/bin/env bash
# Build sgpu_pf.ko and sgpu_vf.ko for the kernel SGPU_KERNEL names (6.1 or
# 6.12; its headers are unpacked in the cache by scripts/guest-kernel.sh),
# warnings on (W=1), into build/linux-<series>/modules/. Extra arguments go
# to kbuild (tests/lint.sh passes C=2 for sparse).
#
# kbuild of 6.1 puts an external module's objects beside its sources, so
# each kernel builds its own copy of pf-driver/, vf-driver/ and include/
# (copied with their times: an unchanged file is not rebuilt).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# The kernel, fetched and unpacked if the series has a newer version now.
kver=$("$SGPU_TOP/scripts/guest-kernel.sh")
kdir=$(sgpu_kdir)
kb=$(sgpu_kbuild)
mkdir -p "$kb/src" "$kb/modules"
for d in pf-driver vf-driver include; do
	mkdir -p "$kb/src/$d"
	# Only sources: objects of an in-tree build must not come along.
	(cd "$SGPU_TOP/$d" && sgpu_module_sources -print0 | cpio --null -pdmu --quiet "$kb/src/$d")
	# A file gone from the tree goes from the copy too.
	(cd "$kb/src/$d" && sgpu_module_sources) | while read -r f; do
		[ -e "$SGPU_TOP/$d/$f" ] || rm -f "$kb/src/$d/$f"
	done
done
for m in pf-driver vf-driver; do
	make -C "$kdir" M="$kb/src/$m" W=1 "$@" modules
done
cp "$kb/src/pf-driver/sgpu_pf.ko" "$kb/src/vf-driver/sgpu_vf.ko" "$kb/modules/"
