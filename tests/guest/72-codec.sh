#!/bin/sh
# The codec cores against ffmpeg, byte for byte: the device's QOI encoding
# of each source image is the one ffmpeg made, the device decodes ffmpeg's
# QOI to the source pixels, and the device's encodings go to the host,
# where ffmpeg decodes them (tests/host/guest-blobs.sh).
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
is "$(numvfs_write "$PF8" 2)" ok "enable 2 VFs"
dev=$(vf_dev "$PF8" 1)
while read -r name w h ch; do
	src=/sgpu/data/$name.raw ref=/sgpu/data/$name.qoi
	sgpu -d "$dev" qoi-encode "$src" "$w" "$h" "$ch" "/tmp/$name.qoi" >/dev/null
	check "$name (${w}x$h, $ch channels): device encoding == ffmpeg's" \
		cmp -s "/tmp/$name.qoi" "$ref"
	export_blob "$name.qoi" "/tmp/$name.qoi"
	sgpu -d "$dev" qoi-decode "$ref" "$ch" "/tmp/$name.raw" >/dev/null
	check "$name: device decodes ffmpeg's QOI to the source pixels" \
		cmp -s "/tmp/$name.raw" "$src"
done </sgpu/data/images

# Decode to the other channel count: RGBA source, RGB out.
sgpu -d "$dev" qoi-decode /sgpu/data/testsrc2.qoi 3 /tmp/t3.raw >/dev/null
is "$(wc -c </tmp/t3.raw)" $((97 * 61 * 3)) "RGBA image decodes to 3 channels on request"
# A corrupt image is refused, not half decoded.
head -c 1000 /sgpu/data/cells.qoi >/tmp/cut.qoi
check "a truncated QOI image is refused" sh -c \
	"! sgpu -d $dev qoi-decode /tmp/cut.qoi 3 /tmp/cut.raw 2>/tmp/cut.err"
check "... with the device's reason" grep -q "bad QOI image" /tmp/cut.err
numvfs_write "$PF8" 0 >/dev/null
check "no kernel splat" [ -z "$(dmesg_splats)" ]
