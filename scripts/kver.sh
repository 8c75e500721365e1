#!/usr/bin/env bash
# Print the guest kernel version that modules are built against.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
sgpu_kver
