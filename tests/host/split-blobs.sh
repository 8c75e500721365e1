#!/usr/bin/env bash
# Split what a guest exported (export_blob in tests/guest/lib.sh) into
# files: blobs.bin is "SGPU-BLOB name length\n" then length bytes, repeated.
#   tests/host/split-blobs.sh BLOBS.bin DIR
set -euo pipefail
mkdir -p "${2:?usage: split-blobs.sh BLOBS.bin DIR}"
python3 - "$1" "$2" <<'PY'
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
