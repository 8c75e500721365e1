#!/usr/bin/env bash
# After the guest suite, check on the host what the guest exported to
# blobs.bin: decode with ffmpeg every QOI image the device encoded
# (72-codec.sh) and compare the pixels with the source; validate the
# libvirt XML sgpu-vfctl wrote (90-vfctl.sh) against libvirt's schema and
# by defining it in libvirt's test driver; check sgpu-smi --json
# (88-smi.sh) against the guest's sysfs and lspci -vvv. TAP on stdout. With SGPU_TESTS
# set (a partial guest run), what the guest did not export is skipped.
#   tests/host/guest-blobs.sh GUEST_OUT_DIR DATA_DIR
set -uo pipefail
out=${1:?usage: guest-blobs.sh GUEST_OUT_DIR DATA_DIR}
data=${2:?usage: guest-blobs.sh GUEST_OUT_DIR DATA_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0 failed=0
result() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - host/guest-blobs: $2"; else echo "not ok $n - host/guest-blobs: $2"; failed=1; fi; }
skip() { n=$((n + 1)); echo "ok $n - host/guest-blobs: $1 # SKIP not exported by this partial run"; }
# Was blob $1 exported? A partial run may not have; a full one must have.
exported() {
	[ -s "$work/$1" ] && return 0
	[ -n "${SGPU_TESTS:-}" ] && { skip "$2"; return 1; }
	result 1 "$2 (the guest did not export $1)"
	return 1
}

"$(dirname "$0")/split-blobs.sh" "$out/blobs.bin" "$work"

while read -r name w h ch; do
	fmt=$([ "$ch" = 4 ] && echo rgba || echo rgb24)
	exported "$name.qoi" "$name: ffmpeg decodes the device's QOI to the source pixels" ||
		continue
	ffmpeg -nostdin -v error -y -i "$work/$name.qoi" -f rawvideo \
		-pix_fmt "$fmt" "$work/$name.raw" 2>"$work/err"
	cmp -s "$work/$name.raw" "$data/$name.raw"
	result $? "$name: ffmpeg decodes the device's QOI to the source pixels"
done <"$data/images"

# A <hostdev> alone is no document libvirt validates: put it in a domain.
in_domain() {
	sed -n '1,/<devices>/p' "$work/domain.xml"
	cat "$1"
	sed -n '/<\/devices>/,$p' "$work/domain.xml"
}
# Valid against libvirt's schema, and accepted by libvirt's own parser.
libvirt_ok() {
	virt-xml-validate "$1" domain >"$work/err" 2>&1 &&
		virsh -q -c test:///default define --validate "$1" >>"$work/err" 2>&1
	local rc=$?
	[ $rc = 0 ] || sed 's/^/#   /' "$work/err"
	return $rc
}
if exported domain.xml "sgpu-vfctl domain: libvirt's schema and test driver accept it"; then
	libvirt_ok "$work/domain.xml"
	result $? "sgpu-vfctl domain: libvirt's schema and test driver accept it"
	for x in hostdev mdev; do
		if exported $x.xml "sgpu-vfctl hostdev ($x): accepted in a domain"; then
			in_domain "$work/$x.xml" >"$work/$x-domain.xml"
			libvirt_ok "$work/$x-domain.xml"
			result $? "sgpu-vfctl hostdev ($x): accepted in a domain"
		fi
	done
	# libvirt read back the VF's address as written.
	a=$(grep -o "<address domain=[^>]*>" "$work/hostdev.xml")
	virsh -q -c test:///default "define $work/hostdev-domain.xml; dumpxml sgpu-vm" \
		2>/dev/null | grep -qF "$a"
	result $? "libvirt keeps the VF's PCI address ($a)"
fi
# sgpu-smi --json (88-smi.sh) against sysfs and lspci -vvv of the guest.
if exported smi.json "sgpu-smi --json agrees with sysfs and lspci -vvv"; then
	out=$("$(dirname "$0")/check-smi.py" "$work/smi.json" \
		"$work/smi-sysfs.txt" "$work/smi-sysfs-after.txt" \
		"$work/smi-lspci.txt" 2>&1)
	rc=$?
	result $rc "sgpu-smi --json agrees with sysfs and lspci -vvv ($(tail -n 1 <<<"$out"))"
	[ $rc = 0 ] || sed 's/^/#   /' <<<"$out"
	# The checker can fail: one VF count off by one must be caught.
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
d["gpus"][0]["caps"]["num_vfs"] += 1
json.dump(d, open(sys.argv[2], "w"))' "$work/smi.json" "$work/smi-bad.json"
	"$(dirname "$0")/check-smi.py" "$work/smi-bad.json" \
		"$work/smi-sysfs.txt" "$work/smi-sysfs-after.txt" \
		"$work/smi-lspci.txt" >"$work/smi-bad.out" 2>&1
	[ $? = 1 ] && grep -q "caps.num_vfs" "$work/smi-bad.out"
	result $? "... and a JSON with one VF count off by one is caught"
fi
echo "1..$n"
exit $failed
