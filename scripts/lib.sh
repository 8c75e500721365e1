# shellcheck shell=bash
# Shared settings for sgpu's scripts. Source it; do not run it.

SGPU_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SGPU_CACHE=${SGPU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sgpu}
SGPU_BUILD=${SGPU_BUILD:-$SGPU_TOP/build}

die() { echo "sgpu: $*" >&2; exit 1; }
note() { echo "sgpu: $*" >&2; }

# The guest and the modules use the kernel that Debian's linux-image-amd64
# points at, so every module is built against that exact version.
sgpu_kver() {
	local dep
	if [ -n "${SGPU_KVER:-}" ]; then
		echo "$SGPU_KVER"
		return
	fi
	dep=$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null) ||
		die "linux-image-amd64 is not installed: run 'make deps' as root"
	dep=${dep%% *}
	echo "${dep#linux-image-}"
}

# Path of the QEMU binary built by build-qemu.sh for the current inputs.
sgpu_qemu_hash() {
	local ver
	ver=$(cat "$SGPU_CACHE/qemu-source-version" 2>/dev/null) || ver=unknown
	{
		echo "$ver"
		cd "$SGPU_TOP" && find qemu-device include/sgpu scripts/build-qemu.sh \
			-type f | LC_ALL=C sort | xargs sha256sum
	} | sha256sum | cut -c1-16
}

# Staging a guest root: busybox with all its applets under $1.
sgpu_stage_busybox() {
	local stage=$1 applet
	mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin}
	cp /bin/busybox "$stage/bin/busybox"
	for applet in $(/bin/busybox --list-full); do
		[ -e "$stage/$applet" ] || ln -s /bin/busybox "$stage/$applet"
	done
}

# Copy host binary $2 into stage $1 at the same path (or at $3), with the
# shared libraries it loads (ldd's list, the dynamic loader included).
sgpu_stage_binary() {
	local stage=$1 bin=$2 dest=${3:-$2} lib
	rm -f "$stage$dest"
	install -D "$bin" "$stage$dest"
	for lib in $(ldd "$bin" | awk '/=>/ {print $3} /^\t\// {print $1}'); do
		[ -e "$stage$lib" ] || install -D "$lib" "$stage$lib"
	done
}

# Write stage $1 as a gzipped newc cpio archive $2 (sorted: reproducible).
sgpu_stage_cpio() {
	mkdir -p "$(dirname "$2")"
	(cd "$1" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --quiet) | gzip -1 >"$2.tmp"
	mv "$2.tmp" "$2"
}
