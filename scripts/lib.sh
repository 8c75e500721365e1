# shellcheck shell=bash
# Shared settings for sgpu's scripts. Source it; do not run it.

SGPU_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SGPU_CACHE=${SGPU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sgpu}
SGPU_BUILD=${SGPU_BUILD:-$SGPU_TOP/build}
# The QEMU series the device model is written for (scripts/build-qemu.sh).
SGPU_QEMU_SERIES=10.0

die() { echo "sgpu: $*" >&2; exit 1; }
note() { echo "sgpu: $*" >&2; }

# The guest kernels sgpu supports, as series: Debian 12's default kernel
# (6.1, linux-image-amd64) and Debian 12's 6.12 (linux-image-6.12-amd64).
# SGPU_KERNEL picks one (default 6.1); SGPU_KVER pins an exact version.
SGPU_KERNELS="6.1 6.12"
SGPU_KERNEL=${SGPU_KERNEL:-6.1}
sgpu_kernel_meta() {
	case "$1" in
	6.1) echo linux-image-amd64 ;;
	6.12) echo linux-image-6.12-amd64 ;;
	*) die "SGPU_KERNEL=$1: sgpu supports the kernels $SGPU_KERNELS" ;;
	esac
}

# The exact version of SGPU_KERNEL the build unpacked (scripts/guest-kernel.sh,
# which runs here the first time): the modules are built against it and
# the guest boots it.
sgpu_kver() {
	if [ -n "${SGPU_KVER:-}" ]; then
		echo "$SGPU_KVER"
	elif [ -s "$SGPU_CACHE/kernel-$SGPU_KERNEL" ]; then
		cat "$SGPU_CACHE/kernel-$SGPU_KERNEL"
	else
		"$SGPU_TOP/scripts/guest-kernel.sh"
	fi
}

# The unpacked kernel: boot/vmlinuz-<kver>, lib/modules/<kver>/, and the
# headers kbuild builds external modules against.
sgpu_kroot() {
	echo "$SGPU_CACHE/linux-$(sgpu_kver)"
}
sgpu_kdir() {
	local kver
	kver=$(sgpu_kver)
	echo "$SGPU_CACHE/linux-$kver/usr/src/linux-headers-$kver"
}

# Where what depends on the kernel is built: the modules (kbuild of 6.1
# cannot put an external module's objects outside its sources, so each
# kernel builds a copy of them), the initramfs, the nested guest.
sgpu_kbuild() {
	echo "$SGPU_BUILD/linux-$SGPU_KERNEL"
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

# The files of the module source tree in the current directory: sources
# and Kbuild files, no build products. Extra arguments go to find.
sgpu_module_sources() {
	find . -type f \( -name '*.[ch]' -o -name Kbuild \) ! -name '*.mod.c' "$@"
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
