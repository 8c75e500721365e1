#!/usr/bin/env bash
# Make the guest kernel SGPU_KERNEL names ready, and print its version.
#
# The version is what Debian 12's meta-package for the series points at
# now (linux-image-amd64 for 6.1, linux-image-6.12-amd64 for 6.12), or
# SGPU_KVER. Its packages -- the image, the headers and kbuild -- are
# unpacked into $SGPU_CACHE/linux-<version>/, not installed: installing
# an image makes it the next kernel this machine boots, and Debian's 6.12
# headers depend on the image. apt-get download and dpkg-deb need no root;
# depmod writes the module index the image's postinst would. The version
# is recorded in $SGPU_CACHE/kernel-<series> for the scripts that run the
# guest (scripts/lib.sh: sgpu_kver).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

meta=$(sgpu_kernel_meta "$SGPU_KERNEL")
if [ -n "${SGPU_KVER:-}" ]; then
	kver=$SGPU_KVER
else
	kver=$(apt-cache show --no-all-versions "$meta" 2>/dev/null |
		sed -n 's/^Depends: linux-image-\([^ ,]*\).*/\1/p')
	[ -n "$kver" ] || die "apt knows no $meta: run 'make deps' as root"
fi
root=$SGPU_CACHE/linux-$kver

mkdir -p "$SGPU_CACHE"
exec 9>"$SGPU_CACHE/kernel.lock"
flock 9
if [ ! -e "$root/.sgpu-unpacked" ]; then
	# The headers name the common headers and the kbuild they build with.
	pkgs=("linux-image-$kver" "linux-headers-$kver")
	for dep in $(apt-cache show --no-all-versions "linux-headers-$kver" \
		2>/dev/null | sed -n 's/^Depends: //p' | tr ',|' '\n\n' |
		awk '{print $1}'); do
		case "$dep" in
		linux-headers-*-common | linux-kbuild-*) pkgs+=("$dep") ;;
		esac
	done
	[ ${#pkgs[@]} = 4 ] ||
		die "linux-headers-$kver: cannot tell its common headers and kbuild"
	note "unpacking Debian's ${pkgs[*]} into $root"
	rm -rf "$root" "$root.dl"
	mkdir -p "$root.dl"
	(cd "$root.dl" && apt-get download -q "${pkgs[@]}" >&2) ||
		die "cannot download ${pkgs[*]}: run 'make deps' as root"
	for deb in "$root.dl"/*.deb; do
		dpkg-deb -x "$deb" "$root"
	done
	rm -rf "$root.dl"
	kdir=$root/usr/src/linux-headers-$kver
	[ -e "$root/boot/vmlinuz-$kver" ] && [ -d "$root/lib/modules/$kver" ] &&
		[ -e "$kdir/Makefile" ] ||
		die "the packages of $kver lack boot/vmlinuz, lib/modules or headers"
	# The headers' Makefile includes the common headers by absolute path.
	sed -i "s|^include /usr/src/|include $root/usr/src/|" "$kdir/Makefile"
	depmod -b "$root" "$kver"
	touch "$root/.sgpu-unpacked"
	# Older unpacked versions of this series go.
	for old in "$SGPU_CACHE"/linux-*; do
		[ "$old" != "$root" ] && [ -e "$old/.sgpu-series-$SGPU_KERNEL" ] &&
			rm -rf "$old"
	done
	touch "$root/.sgpu-series-$SGPU_KERNEL"
fi
echo "$kver" >"$SGPU_CACHE/kernel-$SGPU_KERNEL.tmp"
mv "$SGPU_CACHE/kernel-$SGPU_KERNEL.tmp" "$SGPU_CACHE/kernel-$SGPU_KERNEL"
echo "$kver"
