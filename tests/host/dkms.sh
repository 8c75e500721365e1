#!/usr/bin/env bash
# The DKMS package (packaging/dkms/dkms.conf, scripts/dkms.sh) builds both
# modules against each supported kernel's headers, in a scratch DKMS tree
# (nothing on this machine's /usr/src or /lib/modules changes; DKMS signs
# only where /lib/modules/KVER/build/scripts/sign-file exists, which the
# cached headers are not), and removes them again. TAP on stdout.
set -uo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"
n=0 failed=0
result() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - host/dkms: $2"; else echo "not ok $n - host/dkms: $2"; failed=1; fi; }

if ! command -v dkms >/dev/null; then
	echo "not ok 1 - host/dkms: dkms is installed (make deps)"
	echo "1..1"
	exit 1
fi
version=$(cat "$SGPU_TOP/VERSION")
s=$(mktemp -d)
trap 'rm -rf "$s"' EXIT
mkdir -p "$s/tree" "$s/src"
dk() { dkms "$@" --dkmstree "$s/tree" --sourcetree "$s/src"; }
symbols() { nm --defined-only "$1" | awk '{ print $3 }' | sort; modinfo -F parm "$1"; }
"$SGPU_TOP/scripts/dkms.sh" stage "$s/src" >/dev/null
out=$(dk add -m sgpu -v "$version" 2>&1)
rc=$?
result $rc "dkms add sgpu/$version from a staged tree"
[ $rc = 0 ] || sed 's/^/#   /' <<<"$out"
for series in $SGPU_KERNELS; do
	kver=$(SGPU_KERNEL=$series sgpu_kver)
	kdir=$(SGPU_KERNEL=$series sgpu_kdir)
	out=$(dk build -m sgpu -v "$version" -k "$kver" --kernelsourcedir "$kdir" 2>&1)
	rc=$?
	result $rc "dkms build for $kver"
	if [ $rc != 0 ]; then
		sed 's/^/#   /' <<<"$out" | tail -n 30
		log=$s/tree/sgpu/$version/build/make.log
		[ -f "$log" ] && sed 's/^/#   /' "$log" | tail -n 40
		continue
	fi
	mods=$s/tree/sgpu/$version/$kver/x86_64/module
	for m in sgpu_pf sgpu_vf; do
		vm=$(modinfo -F vermagic "$mods/$m.ko" 2>&1 | cut -d' ' -f1)
		[ "$vm" = "$kver" ]
		result $? "... $m.ko is built for $kver (vermagic '$vm')"
	done
	# The same module as the tree's own build, when that is there: the
	# same symbols and parameters (paths in debug info differ).
	own=$SGPU_BUILD/linux-$series/modules
	for m in sgpu_pf sgpu_vf; do
		if [ ! -f "$own/$m.ko" ]; then
			n=$((n + 1))
			echo "ok $n - host/dkms: ... $m.ko against the tree's build # SKIP the tree has not built it"
			continue
		fi
		a=$(symbols "$mods/$m.ko")
		b=$(symbols "$own/$m.ko")
		[ -n "$a" ] && [ "$a" = "$b" ]
		result $? "... $m.ko has the symbols and parameters of the tree's build ($(wc -l <<<"$a") lines)"
	done
	st=$(dk status -m sgpu -v "$version" -k "$kver" 2>&1)
	grep -q ": built" <<<"$st"
	result $? "... dkms status: $st"
done
out=$(dk remove -m sgpu -v "$version" --all 2>&1)
rc=$?
result $rc "dkms remove sgpu/$version --all"
[ $rc = 0 ] || sed 's/^/#   /' <<<"$out"
st=$(dk status -m sgpu 2>&1)
[ -z "$st" ] && [ ! -e "$s/tree/sgpu/$version" ]
result $? "... and nothing of it is left ('$st')"
echo "1..$n"
exit $failed
