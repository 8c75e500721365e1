#!/usr/bin/env bash
# sgpu_pf and sgpu_vf as a DKMS package (packaging/dkms/dkms.conf).
#
#   scripts/dkms.sh stage DIR      copy the module sources to DIR/sgpu-VERSION
#   scripts/dkms.sh install [KVER] add, build and install for KVER (default:
#                                  the running kernel) from /usr/src (root);
#                                  the same version installed before is
#                                  removed first, so a newer tree is built
#   scripts/dkms.sh remove         remove every version of sgpu from DKMS
#
# VERSION (top of the tree) is the package version. Needs Debian's dkms and
# the kernel's headers (linux-headers-KVER).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

version=$(cat "$SGPU_TOP/VERSION")

stage() {
	local dst=$1/sgpu-$version d
	rm -rf "$dst"
	mkdir -p "$dst"
	for d in pf-driver vf-driver include; do
		mkdir -p "$dst/$d"
		(cd "$SGPU_TOP/$d" && sgpu_module_sources -print0 |
			cpio --null -pdm --quiet "$dst/$d")
	done
	sed "s/@VERSION@/$version/" "$SGPU_TOP/packaging/dkms/dkms.conf" >"$dst/dkms.conf"
	cp "$SGPU_TOP/packaging/dkms/Kbuild" "$dst/Kbuild"
	echo "$dst"
}

need_dkms() {
	command -v dkms >/dev/null ||
		die "dkms is not installed: apt-get install --no-install-recommends dkms"
}

case "${1:-}" in
stage)
	[ $# = 2 ] || die "usage: scripts/dkms.sh stage DIR"
	stage "$2"
	;;
install)
	need_dkms
	[ "$(id -u)" = 0 ] || die "dkms install writes /usr/src and /lib/modules: run it as root"
	kver=${2:-$(uname -r)}
	[ -d "/lib/modules/$kver/build" ] ||
		die "no headers for $kver: apt-get install linux-headers-$kver"
	# The same version again (a newer tree, VERSION unchanged): DKMS
	# would keep what it built before, so it goes first.
	if [ -d "/var/lib/dkms/sgpu/$version" ]; then
		dkms remove -m sgpu -v "$version" --all
	fi
	stage /usr/src >/dev/null
	dkms add -m sgpu -v "$version"
	dkms build -m sgpu -v "$version" -k "$kver"
	dkms install -m sgpu -v "$version" -k "$kver"
	note "sgpu $version installed for $kver: modprobe sgpu_pf"
	;;
remove)
	need_dkms
	[ "$(id -u)" = 0 ] || die "dkms remove writes /usr/src and /lib/modules: run it as root"
	# dkms remove needs each version by name.
	for d in /var/lib/dkms/sgpu/*/; do
		[ -d "$d" ] || continue
		v=$(basename "$d")
		dkms remove -m sgpu -v "$v" --all
	done
	rm -rf /usr/src/sgpu-*
	note "sgpu removed from DKMS"
	;;
*)
	die "usage: scripts/dkms.sh stage DIR | install [KVER] | remove"
	;;
esac
