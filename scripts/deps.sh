#!/usr/bin/env bash
# Install what sgpu needs from Debian's archive. A no-op when all is there.
#
#   scripts/deps.sh          install what is missing (needs root)
#   scripts/deps.sh --check  exit 1 and list what is missing
#
# Everything comes from Debian: bookworm for nearly all of it, meson 1.7
# from bookworm-backports (QEMU 10.0 wants meson >= 1.5), and QEMU 10.0's
# source from Debian 13 (trixie) through a source-only entry. Nothing else
# changes: backports stay at apt's priority 100 and only meson is taken
# from there. The guest kernels (6.1 and 6.12: image, headers, kbuild) are
# not installed -- an installed image becomes the next kernel this machine
# boots, and Debian's 6.12 headers depend on theirs: scripts/guest-kernel.sh
# unpacks them into the cache, as the build's user.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# package:probe -- the probe is a file or command that proves the package.
PKGS=(
	build-essential:/usr/bin/gcc
	bc:/usr/bin/bc
	bison:/usr/bin/bison
	flex:/usr/bin/flex
	libelf-dev:/usr/include/libelf.h
	libssl-dev:/usr/include/openssl/ssl.h
	# 6.12's modules build their BTF with pahole
	dwarves:/usr/bin/pahole
	kmod:/usr/bin/kmod
	cpio:/usr/bin/cpio
	xz-utils:/usr/bin/xz
	busybox-static:/bin/busybox
	pciutils:/usr/bin/lspci
	libpci-dev:/usr/include/x86_64-linux-gnu/pci/pci.h
	ninja-build:/usr/bin/ninja
	pkg-config:/usr/bin/pkg-config
	libglib2.0-dev:/usr/include/glib-2.0/glib.h
	libpixman-1-dev:/usr/include/pixman-1/pixman.h
	zlib1g-dev:/usr/include/zlib.h
	libfdt-dev:/usr/include/libfdt.h
	python3:/usr/bin/python3
	python3-venv:/usr/share/doc/python3-venv
	seabios:/usr/share/seabios/bios-256k.bin
	qemu-system-data:/usr/share/qemu/kvmvapic.bin
	sparse:/usr/bin/sparse
	linux-source-6.1:/usr/src/linux-source-6.1.tar.xz
	dpkg-dev:/usr/bin/dpkg-source
	pci.ids:/usr/share/misc/pci.ids
	ffmpeg:/usr/bin/ffmpeg
	libvirt-clients:/usr/bin/virt-xml-validate
	libvirt-daemon:/usr/sbin/libvirtd
	libvirt-daemon-driver-qemu:/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so
	clang:/usr/bin/clang
	# the DKMS package (packaging/dkms/) is built in make test
	dkms:/usr/sbin/dkms
	libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
)
# package:minimum-version, from bookworm-backports.
BACKPORTS=(
	meson:1.5
)

# The Debian mirror this machine uses for bookworm (a stanza signed with
# Debian's archive key), else deb.debian.org.
MIRROR=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '
	function stanza() {
		if (!found && deb && bw && key && uri != "") { print uri; found = 1 }
		deb = bw = key = 0; uri = ""
	}
	/^[ \t]*$/ { stanza() }
	/^Types:/ { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
	/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == "bookworm") bw = 1 }
	/^Signed-By: *\/usr\/share\/keyrings\/debian-archive-keyring.gpg/ { key = 1 }
	/^URIs:/ { uri = $2 }
	END { stanza() }')
MIRROR=${MIRROR:-http://deb.debian.org/debian}
# Our apt entries: the file, then what it must hold.
SRC_FILE=/etc/apt/sources.list.d/sgpu-deb-src.sources
SRC_TEXT="Types: deb-src
URIs: $MIRROR
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
BPO_FILE=/etc/apt/sources.list.d/sgpu-backports.sources
BPO_TEXT="Types: deb
URIs: $MIRROR
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"

installed() { # PACKAGE: its version if installed, else nothing
	# dpkg-query fails for a package it never saw: that is "not installed".
	{ dpkg-query -W -f='${db:Status-Abbrev}|${Version}' "$1" 2>/dev/null ||
		true; } | sed -n 's/^ii *|//p'
}

missing=()
for entry in "${PKGS[@]}"; do
	[ -e "${entry#*:}" ] && [ -n "$(installed "${entry%%:*}")" ] ||
		missing+=("${entry%%:*}")
done
old_bpo=()
for entry in "${BACKPORTS[@]}"; do
	v=$(installed "${entry%%:*}")
	dpkg --compare-versions "${v:-0}" ge "${entry#*:}" ||
		old_bpo+=("${entry%%:*}")
done
sources=()
[ "$(cat "$SRC_FILE" 2>/dev/null)" = "$SRC_TEXT" ] || sources+=("$SRC_FILE")
# Any working entry for bookworm-backports will do; ours if apt knows none.
# (grep without -q: it reads all, so pipefail sees no SIGPIPE.)
apt-cache policy 2>/dev/null | grep 'n=bookworm-backports,.*c=main' >/dev/null ||
	sources+=("$BPO_FILE")
# apt must see QEMU 10.0's source (its lists may be older than our entry).
apt-cache showsrc qemu 2>/dev/null |
	grep -E "^Version: 1:$SGPU_QEMU_SERIES\\." >/dev/null ||
	sources+=("trixie's QEMU source")

if [ ${#missing[@]} -eq 0 ] && [ ${#old_bpo[@]} -eq 0 ] &&
	[ ${#sources[@]} -eq 0 ]; then
	exit 0
fi
if [ "${1:-}" = --check ]; then
	[ ${#missing[@]} -gt 0 ] && echo "missing packages: ${missing[*]}" >&2
	[ ${#old_bpo[@]} -gt 0 ] &&
		echo "missing from bookworm-backports: ${old_bpo[*]}" >&2
	[ ${#sources[@]} -gt 0 ] && echo "missing apt entries: ${sources[*]}" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	die "missing: ${missing[*]} ${old_bpo[*]} ${sources[*]}." \
	    "Run 'sudo make deps' once (sgpu installs only from Debian's archive)."
fi

export DEBIAN_FRONTEND=noninteractive
for f in "${sources[@]}"; do
	case "$f" in
	"$SRC_FILE")
		note "adding $f: Debian 13's source packages (deb-src only)," \
		     "so 'apt-get source' can fetch QEMU 10.0"
		echo "$SRC_TEXT" >"$f"
		;;
	"$BPO_FILE")
		note "adding $f: bookworm-backports, at apt's default" \
		     "priority 100 (nothing is taken from it unless named)"
		echo "$BPO_TEXT" >"$f"
		;;
	esac
done
apt-get update -q
if [ ${#missing[@]} -gt 0 ]; then
	note "installing from bookworm: ${missing[*]}"
	# shellcheck disable=SC2068
	apt-get install -y -q --no-install-recommends ${missing[@]}
fi
if [ ${#old_bpo[@]} -gt 0 ]; then
	note "installing from bookworm-backports: ${old_bpo[*]}"
	apt-get install -y -q --no-install-recommends \
		$(printf '%s/bookworm-backports ' "${old_bpo[@]}")
fi
note "dependencies ready; the build unpacks the guest kernels ($SGPU_KERNELS)"
