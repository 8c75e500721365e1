#!/usr/bin/env bash
# Install what sgpu needs from Debian's packages. A no-op when all is there.
#
#   scripts/deps.sh          install what is missing (needs root)
#   scripts/deps.sh --check  exit 1 and list what is missing
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
	kmod:/usr/bin/kmod
	cpio:/usr/bin/cpio
	xz-utils:/usr/bin/xz
	busybox-static:/bin/busybox
	pciutils:/usr/bin/lspci
	libpci-dev:/usr/include/x86_64-linux-gnu/pci/pci.h
	ninja-build:/usr/bin/ninja
	meson:/usr/bin/meson
	pkg-config:/usr/bin/pkg-config
	libglib2.0-dev:/usr/include/glib-2.0/glib.h
	libpixman-1-dev:/usr/include/pixman-1/pixman.h
	zlib1g-dev:/usr/include/zlib.h
	libfdt-dev:/usr/include/libfdt.h
	python3:/usr/bin/python3
	seabios:/usr/share/seabios/bios-256k.bin
	qemu-system-data:/usr/share/qemu/kvmvapic.bin
	sparse:/usr/bin/sparse
	linux-source-6.1:/usr/src/linux-source-6.1.tar.xz
	dpkg-dev:/usr/bin/dpkg-source
	linux-image-amd64:/usr/share/doc/linux-image-amd64
	linux-headers-amd64:/usr/share/doc/linux-headers-amd64
	pci.ids:/usr/share/misc/pci.ids
	ffmpeg:/usr/bin/ffmpeg
	libvirt-clients:/usr/bin/virt-xml-validate
	libvirt-daemon:/usr/sbin/libvirtd
	libvirt-daemon-driver-qemu:/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so
	clang:/usr/bin/clang
	libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
)

DEB_SRC=/etc/apt/sources.list.d/sgpu-deb-src.sources

missing=()
for entry in "${PKGS[@]}"; do
	[ -e "${entry#*:}" ] || missing+=("${entry%%:*}")
done
have_src=0
grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list \
	/etc/apt/sources.list.d/ && have_src=1
kver_headers_ok=1
if [ ${#missing[@]} -eq 0 ]; then
	kver=$(sgpu_kver)
	[ -e "/lib/modules/$kver/build/Makefile" ] || kver_headers_ok=0
fi

if [ ${#missing[@]} -eq 0 ] && [ $have_src = 1 ] && [ $kver_headers_ok = 1 ]; then
	exit 0
fi
if [ "${1:-}" = --check ]; then
	[ ${#missing[@]} -gt 0 ] && echo "missing packages: ${missing[*]}" >&2
	[ $have_src = 1 ] || echo "missing: a deb-src entry for apt-get source" >&2
	[ $kver_headers_ok = 1 ] || echo "missing: headers of the guest kernel" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	die "these Debian packages are missing: ${missing[*]:-(none)}; a deb-src" \
	    "entry is $([ $have_src = 1 ] && echo present || echo missing)." \
	    "Run 'sudo make deps' once (sgpu installs only from Debian's archive)."
fi

export DEBIAN_FRONTEND=noninteractive
if [ $have_src = 0 ]; then
	note "adding $DEB_SRC so 'apt-get source qemu' can fetch Debian's QEMU"
	uris=http://deb.debian.org/debian
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -e "$f" ] || continue
		u=$(awk '/^URIs:/ && /debian\/?$/ {print $2; exit}' "$f")
		[ -n "$u" ] && { uris=$u; break; }
	done
	cat >"$DEB_SRC" <<SRC
Types: deb-src
URIs: $uris
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
note "installing: ${missing[*]:-(sources only)}"
apt-get update -q
# shellcheck disable=SC2068
apt-get install -y -q --no-install-recommends ${missing[@]}
kver=$(sgpu_kver)
if [ ! -e "/lib/modules/$kver/build/Makefile" ]; then
	apt-get install -y -q --no-install-recommends "linux-headers-$kver"
fi
note "dependencies ready (guest kernel $kver)"
