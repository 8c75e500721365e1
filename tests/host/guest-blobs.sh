#!/usr/bin/env bash
# After the guest suite: decode, with ffmpeg on the host, every QOI image
# the device encoded in the guest (72-codec.sh exported them to blobs.bin)
# and compare the pixels with the source. TAP on stdout.
#   tests/host/guest-blobs.sh GUEST_OUT_DIR DATA_DIR
set -uo pipefail
out=${1:?usage: guest-blobs.sh GUEST_OUT_DIR DATA_DIR}
data=${2:?usage: guest-blobs.sh GUEST_OUT_DIR DATA_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0 failed=0
result() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - host/guest-blobs: $2"; else echo "not ok $n - host/guest-blobs: $2"; failed=1; fi; }

# Split blobs.bin: "SGPU-BLOB name length\n" then length bytes, repeated.
python3 - "$out/blobs.bin" "$work" <<'PY'
import sys, os
data = open(sys.argv[1], 'rb').read() if os.path.exists(sys.argv[1]) else b''
pos = 0
while True:
    i = data.find(b'SGPU-BLOB ', pos)
    if i < 0:
        break
    nl = data.index(b'\n', i)
    _, name, length = data[i:nl].decode().split()
    body = data[nl + 1:nl + 1 + int(length)]
    open(os.path.join(sys.argv[2], os.path.basename(name)), 'wb').write(body)
    pos = nl + 1 + int(length)
PY

while read -r name w h ch; do
	fmt=$([ "$ch" = 4 ] && echo rgba || echo rgb24)
	if [ ! -s "$work/$name.qoi" ]; then
		result 1 "$name: the guest exported the device's QOI encoding"
		continue
	fi
	ffmpeg -nostdin -v error -y -i "$work/$name.qoi" -f rawvideo \
		-pix_fmt "$fmt" "$work/$name.raw" 2>"$work/err"
	cmp -s "$work/$name.raw" "$data/$name.raw"
	result $? "$name: ffmpeg decodes the device's QOI to the source pixels"
done <"$data/images"
echo "1..$n"
exit $failed
