#!/bin/sh
# Firmware commands stay in step when they time out: with sgpu_pf's
# fw_timeout_ms at 0 (fault injection: no command waits), two readers
# hammer VF0's and VF1's counters (one FW VF_COUNTERS command per read,
# different answers). Every read either fails with a clear errno or shows
# exactly that VF's counters -- never the other VF's answer; the driver
# never writes a command while the firmware is busy (FW_DROPPED stays);
# once the timeout is back, every command works again.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
V0=$(vf_sys "$PF8" 0)
V1=$(vf_sys "$PF8" 1)
FW=/sys/kernel/debug/sgpu_pf/$PF8/firmware
P=/sys/module/sgpu_pf/parameters/fw_timeout_ms
is "$(numvfs_write "$PF8" 2)" ok "enable 2 VFs"
# VF1 gets adverse events, VF0 none: the two answers differ.
sgpu-hostile "$(vf_dev "$PF8" 1)" bad-op >/dev/null
sgpu-hostile "$(vf_dev "$PF8" 1)" zero-len >/dev/null
c0=$(tr '\n' ' ' <"$V0/counters")
c1=$(tr '\n' ' ' <"$V1/counters")
check "VF0's and VF1's counters differ ($c1)" [ "$c0" != "$c1" ]
check "the PF's debugfs shows the firmware's registers ($(cat "$FW"))" \
	grep -q '^status 0x[0-9a-f]* done [0-9]* dropped [0-9]*$' "$FW"
dropped=$(sed -n 's/.* dropped //p' "$FW")
timeout=$(cat "$P")

hammer() { # VF EXPECTED OUT: 300 reads; count right, wrong and failed
	_r=0 _w=0 _f=0 _i=0
	while [ $_i -lt 300 ]; do
		if _c=$(tr '\n' ' ' 2>/dev/null <"$(vf_sys "$PF8" "$1")/counters"); then
			if [ "$_c" = "$2" ]; then
				_r=$((_r + 1))
			else
				_w=$((_w + 1))
				echo "wrong: $_c" >>"$3.wrong"
			fi
		else
			_f=$((_f + 1))
		fi
		_i=$((_i + 1))
	done
	echo "right $_r wrong $_w failed $_f" >"$3"
}
echo 0 >"$P"
hammer 0 "$c0" /tmp/fw0 &
h0=$!
hammer 1 "$c1" /tmp/fw1 &
h1=$!
wait $h0 $h1
echo "$timeout" >"$P"
r0=$(cat /tmp/fw0)
r1=$(cat /tmp/fw1)
diag "VF0 reads: $r0; VF1 reads: $r1"
check "no read showed another command's answer" \
	sh -c "echo '$r0 $r1' | grep -q 'wrong 0 .*wrong 0 '"
[ -f /tmp/fw0.wrong ] && sed 's/^/# VF0 /' /tmp/fw0.wrong | head -5
[ -f /tmp/fw1.wrong ] && sed 's/^/# VF1 /' /tmp/fw1.wrong | head -5
f=$(echo "$r0 $r1" | awk '{print $6 + $12}')
check "the timeouts happened ($f reads failed) and were logged" \
	sh -c "[ $f -gt 0 ] && dmesg | grep -qE 'did not finish|still busy'"
is "$(sed -n 's/.* dropped //p' "$FW")" "$dropped" \
	"the driver never wrote a command while the firmware was busy"
ok=0
for i in 1 2 3 4 5 6 7 8 9 10; do
	[ "$(tr '\n' ' ' <"$V0/counters")" = "$c0" ] &&
		[ "$(tr '\n' ' ' <"$V1/counters")" = "$c1" ] && ok=$((ok + 1))
done
is "$ok" 10 "with the timeout back, every command answers its own caller"
is "$(sysfs-write "$V0/reset" 1)" ok "... and a VF reset goes through"
is "$(wait_reset "$PF8" 0 1)" ready "... the VF is re-armed"
numvfs_write "$PF8" 0 >/dev/null
check "no kernel splat" [ -z "$(dmesg_splats)" ]
