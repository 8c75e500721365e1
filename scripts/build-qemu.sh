#!/usr/bin/env bash
# Build QEMU 10.0 from Debian's source package (Debian 13's, which
# 'make deps' makes visible as a source-only entry) with the sgpu device
# added. Prints the path of qemu-system-x86_64. The binary is cached under
# $SGPU_CACHE/qemu-<hash>/, keyed by the Debian source version and every
# file in qemu-device/, include/sgpu/ and this script; an unchanged input
# set costs nothing, a changed one an incremental ninja run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mkdir -p "$SGPU_CACHE"
exec 9>"$SGPU_CACHE/qemu.lock"
flock 9

# Which Debian QEMU source we build: the newest 10.0.x apt can fetch (one
# QEMU: the device model follows 10.0's APIs).
# Offline, or with apt's lists gone, the source already unpacked here does.
ver=$(apt-cache showsrc qemu 2>/dev/null | awk '/^Version:/ {print $2}' |
	grep -E "^1:$SGPU_QEMU_SERIES\." | sort -V | tail -n 1) || true
if [ -z "$ver" ]; then
	ver=$(ls -d "$SGPU_CACHE/qemu-src-1_$SGPU_QEMU_SERIES".*/.sgpu-unpacked \
		2>/dev/null | sed 's|.*/qemu-src-1_\([^/]*\)/.*|1:\1|' |
		sort -V | tail -n 1)
fi
[ -n "$ver" ] || die "no QEMU $SGPU_QEMU_SERIES source package visible:" \
	"run 'make deps' as root (it adds Debian 13's deb-src entry)"
echo "$ver" >"$SGPU_CACHE/qemu-source-version"

hash=$(sgpu_qemu_hash)
out=$SGPU_CACHE/qemu-$hash
if [ -x "$out/qemu-system-x86_64" ]; then
	echo "$out/qemu-system-x86_64"
	exit 0
fi

src=$SGPU_CACHE/qemu-src-${ver//:/_}
if [ ! -e "$src/.sgpu-unpacked" ]; then
	note "fetching Debian's QEMU $ver source"
	rm -rf "$src" "$src.dl"
	mkdir -p "$src.dl"
	(cd "$src.dl" && apt-get source -q --download-only "qemu=$ver" >&2)
	dpkg-source --no-copy -x "$src.dl"/qemu_*.dsc "$src" >&2
	rm -rf "$src.dl"
	# Debian strips the firmware blobs pc-bios/ would install; its tests'
	# meson files only want the list.
	grep -qx "subdir('pc-bios')" "$src/meson.build" ||
		die "$src/meson.build has no subdir('pc-bios') to replace"
	sed -i "s/^subdir('pc-bios')\$/roms = []/" "$src/meson.build"
	touch "$src/.sgpu-unpacked"
fi

# One QEMU: source trees of other versions, and the tarballs dpkg-source
# used to leave beside them, go.
for old in "$SGPU_CACHE"/qemu-src-*; do
	[ "$old" = "$src" ] || [ ! -d "$old" ] || rm -rf "$old"
done
rm -f "$SGPU_CACHE"/qemu_*.orig.tar.*

# Our device goes in as hw/misc/sgpu; the ABI headers come along with it.
dev=$src/hw/misc/sgpu
rm -rf "$dev"
mkdir -p "$dev/include"
cp -r "$SGPU_TOP/qemu-device/." "$dev/"
cp -r "$SGPU_TOP/include/sgpu" "$dev/include/"
grep -qx "subdir('sgpu')" "$src/hw/misc/meson.build" ||
	echo "subdir('sgpu')" >>"$src/hw/misc/meson.build"
grep -qx "source sgpu/Kconfig" "$src/hw/misc/Kconfig" ||
	printf '\nsource sgpu/Kconfig\n' >>"$src/hw/misc/Kconfig"

if [ ! -e "$src/build/build.ninja" ]; then
	note "configuring QEMU (x86_64 TCG only)"
	mkdir -p "$src/build"
	# Debian's python3, not whatever python3 comes first in PATH: it has
	# the meson 1.7 that 'make deps' installed.
	(cd "$src/build" && ../configure --python=/usr/bin/python3 \
		--target-list=x86_64-softmmu \
		--without-default-features --enable-tcg --disable-docs \
		--disable-werror >&2)
fi
note "building QEMU with sgpu (a few minutes the first time)"
ninja -C "$src/build" qemu-system-x86_64 >&2

mkdir -p "$out.tmp"
cp "$src/build/qemu-system-x86_64" "$out.tmp/"
rm -rf "$out"
mv "$out.tmp" "$out"
# Keep the newest few builds only.
ls -dt "$SGPU_CACHE"/qemu-[0-9a-f]* 2>/dev/null | tail -n +4 | xargs -r rm -rf
echo "$out/qemu-system-x86_64"
