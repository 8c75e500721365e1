#!/usr/bin/env bash
# Style and static checks, as TAP: checkpatch --strict (Debian's
# linux-source-6.1) on the kernel code and the ABI headers, sparse and W=1
# builds of both modules against both kernels (6.1, 6.12), QEMU's
# checkpatch (from the QEMU source we build) on the device model, bash -n
# on the scripts.
set -uo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
cd "$SGPU_TOP"

n=0 failed=0
# result NAME STATUS OUTPUT
result() {
	n=$((n + 1))
	if [ "$2" = 0 ]; then
		echo "ok $n - lint: $1"
	else
		echo "not ok $n - lint: $1"
		sed 's/^/#   /' <<<"$3" | head -n 60
		failed=1
	fi
}

# checkpatch.pl and the data files it reads, unpacked once.
cp_dir=$SGPU_CACHE/checkpatch-6.1
if [ ! -x "$cp_dir/scripts/checkpatch.pl" ]; then
	mkdir -p "$cp_dir"
	tar -xf /usr/src/linux-source-6.1.tar.xz -C "$cp_dir" --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
fi
checkpatch() {
	"$cp_dir/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
		"$@" 2>&1 | grep -v '^total: 0 errors, 0 warnings, 0 checks'
}
kernel_files=$(find pf-driver vf-driver include -name "*.[ch]" \
	! -name "*.mod.c" ! -name "*_compat.h" | sort)
# Each driver's kernel version checks live in its *_compat.h, and only there.
compat_files=$(find pf-driver vf-driver -name "*_compat.h" | sort)
out=$(checkpatch -f $kernel_files
	[ -z "$compat_files" ] || checkpatch --ignore LINUX_VERSION_CODE -f $compat_files
	grep -ln 'LINUX_VERSION_CODE' $kernel_files | sed 's/$/: a kernel version check outside *_compat.h/')
result "checkpatch --strict: kernel code and include/" "$([ -z "$out" ]; echo $?)" "$out"

# Both modules against each kernel: C=2 runs sparse on every file, W=1
# adds the extra warnings.
for k in $SGPU_KERNELS; do
	out=$(SGPU_KERNEL=$k scripts/build-modules.sh -s C=2 2>&1 |
		grep -E 'warning|error' | grep -v 'Skipping BTF')
	result "sparse and W=1 builds of both modules against $(SGPU_KERNEL=$k sgpu_kver): no warnings" \
		"$([ -z "$out" ]; echo $?)" "$out"
done

qver=$(cat "$SGPU_CACHE/qemu-source-version" 2>/dev/null) || qver=none
qsrc=$SGPU_CACHE/qemu-src-${qver//:/_}
if [ -x "$qsrc/scripts/checkpatch.pl" ]; then
	out=$("$qsrc/scripts/checkpatch.pl" --no-tree -f \
		$(find qemu-device tests/unit tests/fuzz -name '*.[ch]') 2>&1)
	result "QEMU checkpatch: qemu-device/, tests/unit/, tests/fuzz/" \
		"$(grep -q 'has style problems' <<<"$out"; [ $? = 1 ]; echo $?)" \
		"$(grep -E '^(ERROR|WARNING)|^#|FILE:' <<<"$out")"
else
	n=$((n + 1))
	echo "ok $n - lint: QEMU checkpatch # SKIP QEMU source not unpacked yet"
fi

out=""
for f in scripts/*.sh scripts/guest/*.sh tests/*.sh tests/unit/*.sh tests/host/*.sh; do
	out+=$(bash -n "$f" 2>&1)
done
for f in scripts/guest/init scripts/guest/nested-init scripts/sgpu-vfctl \
	tests/guest/*.sh tests/guest/e2e/*.sh tests/guest/stress/*.sh; do
	out+=$(busybox sh -n "$f" 2>&1)
done
result "shell scripts parse (bash -n, busybox sh -n)" "$([ -z "$out" ]; echo $?)" "$out"

echo "1..$n"
exit $failed
