#!/bin/sh
# sgpu-smi against the real devices: the table names every GPU and VF,
# -q shows one function, bad input is refused with its cause, and the
# JSON is exported to the host with the sysfs files and lspci -vvv of the
# same functions, where tests/host/guest-blobs.sh checks every key of it
# against both.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
err() { "$@" 2>&1 >/dev/null; }

is "$(numvfs_write "$PF8" 2)" ok "enable 2 VFs on the 8-VF GPU"
v0=$(vf_bdf "$PF8" 0)
v1=$(vf_bdf "$PF8" 1)
sysfs-write "/sys/bus/pci/devices/$v1/driver/unbind" "$v1" >/dev/null
is "$(driver_of "$v1")" "" "VF1 unbound: a function without a driver"

out=$(sgpu-smi)
is "$?" 0 "sgpu-smi: exit 0"
npf=$(lspci -D -n -d 1234:5347 | wc -l)
is "$(echo "$out" | grep -c '^GPU ')" "$npf" "... one GPU line per PF lspci sees ($npf)"
check "... the 8-VF GPU: 2 of 8 VFs, bound to sgpu_pf" \
	sh -c "echo '$out' | grep -q '^GPU $PF8  driver sgpu_pf  ABI .*  VFs 2 of 8 '"
g0=$(basename "$(readlink "/sys/bus/pci/devices/$v0/iommu_group")")
is "$(echo "$out" | awk -v v="$v0" '$2 == v { print $1, $3, $4, $NF }')" \
	"0 sgpu_vf $g0 $(cat "$PD8/sgpu_vf0/reset_state")" \
	"... VF0's row: number, driver, IOMMU group, reset state"
is "$(echo "$out" | awk -v v="$v0" '$2 == v { print $6, $7, $8, $9 }')" \
	"$(cat "$PD8/sgpu_vf0/slice")" "... VF0's row: its slice"
is "$(echo "$out" | awk -v v="$v1" '$2 == v { print $3 }')" "-" \
	"... VF1's row: no driver"

q=$(sgpu-smi -q "$v0")
check "-q VF0: its reset_count from sysfs" \
	sh -c "echo '$q' | grep -qx '    reset_count *$(cat "$PD8/sgpu_vf0/reset_count")'"
check "-q VF0: its counters" sh -c "echo '$q' | grep -q '^    counters:'"
is "$(echo "$q" | grep -c '^  VF ')" 1 "-q VF0: that VF alone"
check "-q PF: the guard" sh -c "sgpu-smi -q $PF8 | grep -q '^  guard *resets='"

is "$(err sgpu-smi -q 01:00.0; echo $?)" "sgpu-smi: no PCI function 01:00.0 (a full BDF: DDDD:BB:DD.F, as lspci -D prints)
1" "-q of a short BDF: refused, saying what a BDF is"
host=$(lspci -D -n | awk '$3 !~ /^1234:/ { print $1; exit }')
is "$(err sgpu-smi -q "$host"; echo $?)" "sgpu-smi: $host is not an sgpu function (vendor 1234, device 5347 or 5348)
1" "-q of another device: refused"
is "$(err sgpu-smi --bogus; echo $?)" "$(printf 'usage: sgpu-smi [--json] [-q BDF]\n  (no option)  every sgpu GPU and its VFs, as a table\n  -q BDF       everything about one GPU or VF\n  --json       the same as JSON (keys: docs/sgpu-smi.md)\n2')" \
	"an unknown option: the usage, exit 2"

# What the host compares it with: every file the tool reads, before and
# after (interrupt counts move meanwhile), and lspci.
dump() {
	for pf in $(lspci -D -n -d 1234:5347 | cut -d' ' -f1); do
		d=/sys/bus/pci/devices/$pf
		printf '=== %s %s %s\n' "$pf" "$(cat "$d/sriov_numvfs")" \
			"$(cat "$d/sriov_totalvfs")"
		for f in "$d"/sgpu/* "$d"/sgpu_vf*/*; do
			[ -f "$f" ] && [ -r "$f" ] || continue
			case "$f" in */reset|*/profiles) continue ;; esac
			printf '=== %s\n' "${f#/sys/bus/pci/devices/}"
			cat "$f" 2>/dev/null || echo "=== ERROR"
		done
	done
}
# A held VF: its state has spaces, and ends the table's row.
is "$(sysfs-write "$PD8/sgpu_vf1/quarantine" 1)" ok "quarantine VF1"
is "$(sgpu-smi | awk -v v="$v1" '$2 == v { sub(/.*0x[0-9a-f]*\+0x[0-9a-f]* +/, ""); print }')" \
	"$(cat "$PD8/sgpu_vf1/reset_state")" "... the table ends VF1's row with its whole state"
dump >/tmp/smi-sysfs.txt
sgpu-smi --json >/tmp/smi.json
is "$?" 0 "--json: exit 0"
dump >/tmp/smi-sysfs-after.txt
lspci -D -vvv -d 1234: >/tmp/smi-lspci.txt
for f in smi.json smi-sysfs.txt smi-sysfs-after.txt smi-lspci.txt; do
	export_blob "$f" "/tmp/$f"
done
diag "exported smi.json ($(wc -c </tmp/smi.json) bytes) with sysfs and lspci -vvv"

is "$(sysfs-write "$PD8/sgpu_vf1/quarantine" 0)" ok "release VF1"
sysfs-write "/sys/bus/pci/drivers/sgpu_vf/bind" "$v1" >/dev/null
is "$(numvfs_write "$PF8" 0)" ok "disable the VFs"
