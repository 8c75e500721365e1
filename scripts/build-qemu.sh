#!/usr/bin/env bash
# Build QEMU 7.2 from Debian's source package with the sgpu device added.
#
# Prints the path of qemu-system-x86_64. The binary is cached under
# $SGPU_CACHE/qemu-<hash>/, keyed by the Debian source version and every
# file in qemu-device/, include/sgpu/ and this script; an unchanged input
# set costs nothing, a changed one an incremental ninja run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mkdir -p "$SGPU_CACHE"
exec 9>"$SGPU_CACHE/qemu.lock"
flock 9

# Which Debian QEMU source we build (the candidate apt-get source fetches).
ver=$(apt-cache showsrc qemu 2>/dev/null | awk '/^Version:/ {print $2}' |
	sort -V | tail -n 1)
[ -n "$ver" ] || die "no QEMU source package visible: run 'make deps' as root"
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
	# dpkg-source applies Debian's patches, skip-meson-pc-bios.diff among them.
	dpkg-source -x "$src.dl"/qemu_*.dsc "$src" >&2
	rm -rf "$src.dl"
	touch "$src/.sgpu-unpacked"
fi

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
	(cd "$src/build" && ../configure --target-list=x86_64-softmmu \
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
