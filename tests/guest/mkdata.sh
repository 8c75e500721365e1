#!/usr/bin/env bash
# Make the guest suite's reference images with ffmpeg, the outside
# implementation the codec cores are checked against: for each image the
# raw pixels and ffmpeg's own QOI encoding of them, plus an index.
#   tests/guest/mkdata.sh OUTDIR
set -euo pipefail
out=${1:?usage: mkdata.sh OUTDIR}
mkdir -p "$out"
: >"$out/images"
# name  width height  pixel format  ffmpeg source
while read -r name w h fmt src; do
	ch=$([ "$fmt" = rgba ] && echo 4 || echo 3)
	ffmpeg -nostdin -v error -y -f lavfi -i "$src,format=$fmt" -frames:v 1 \
		-f rawvideo -pix_fmt "$fmt" "$out/$name.raw"
	ffmpeg -nostdin -v error -y -f rawvideo -pix_fmt "$fmt" -s "${w}x$h" \
		-i "$out/$name.raw" -frames:v 1 -c:v qoi "$out/$name.qoi"
	echo "$name $w $h $ch" >>"$out/images"
done <<'LIST'
testsrc2 97 61 rgba testsrc2=size=97x61
mandel 128 96 rgb24 mandelbrot=size=128x96
alpha 257 131 rgba testsrc=size=257x131,format=rgba,geq=r='r(X\,Y)':g='g(X\,Y)':b='b(X\,Y)':a='(X+Y)*7'
cells 640 480 rgb24 cellauto=size=640x480:rule=110
LIST
