#!/bin/sh
# The PF answers every mailbox message: a malformed or unknown one gets an
# error status, never silence or a crash, and the VF keeps working.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
is "$(numvfs_write "$PF8" 1)" ok "enable 1 VF"
a=$(vf_dev "$PF8" 0)
# hdr = version << 24 | op << 16 | seq << 8 | payload dwords
while read -r desc hdr payload want; do
	[ "$payload" = - ] && payload=
	# shellcheck disable=SC2086
	out=$(sgpu-hostile "$a" mbox "$hdr" $payload)
	is "${out##* }" "status=$want" "$desc: status $want"
done <<'EOT'
unknown-opcode 0x01630500 - 2
GET_SLICE-with-payload 0x01020603 1 3
HELLO-without-payload 0x01010700 - 3
HELLO-version-0 0x01010801 0 1
wrong-header-version 0x07020900 - 1
length-past-the-mailbox 0x01020a09 - 3
SESSIONS-claims-4294967295 0x01030c01 4294967295 3
SESSIONS-claims-65537 0x01030d01 65537 3
EOT
is "$(cat "$PD8/sgpu_vf0/sessions")" 0 \
	"the absurd session counts changed nothing at the PF"
out=$(sgpu-hostile "$a" mbox 0x01020b00)
is "${out##* }" "status=0" "a well-formed GET_SLICE still answers 0"
check "its reply echoes opcode and sequence" sh -c "echo '$out' | grep -q 'hdr=0x01820b07'"
i=0
while [ $i -lt 50 ]; do sgpu-hostile "$a" mbox 0x01ee0000 >/dev/null; i=$((i + 1)); done
out=$(sgpu -d "$a" dma-test 65536)
check "after 50 junk messages the VF still works: $out" [ "${out%% *}" = ok ]
check "refusals are logged by the PF" sh -c \
	"dmesg | grep -q 'VF 0: mailbox request 0x01630500 refused: unknown opcode'"
# A mailbox storm trips the guard: more than mbox= requests in the window
# quarantine the VF (each sgpu-hostile run is 3: open, the junk, close).
S=$PD8/sgpu
guard=$(cat "$S/guard")
is "$(sysfs-write "$S/guard" "resets=10 events=1000 mbox=60 window_ms=60000")" ok \
	"guard: at most 60 mailbox requests a minute"
i=0
while [ $i -lt 25 ]; do sgpu-hostile "$a" mbox 0x01ee0000 >/dev/null; i=$((i + 1)); done
case "$(cat "$PD8/sgpu_vf0/reset_state")" in
"quarantined: too many mailbox requests: "*" in 60000 ms") r=yes ;;
*) r="no: $(cat "$PD8/sgpu_vf0/reset_state")" ;;
esac
is "$r" yes "a mailbox flood quarantines the VF"
is "$(sysfs-write "$S/guard" "$guard")" ok "the guard as it was"
is "$(sysfs-write "$PD8/sgpu_vf0/quarantine" 0)" ok "the administrator releases it"
wait_file "$PD8/sgpu_vf0/reset_state" ready >/dev/null
out=$(sgpu -d "$a" dma-test 65536)
check "and it works again: $out" [ "${out%% *}" = ok ]
numvfs_write "$PF8" 0 >/dev/null
check "no kernel splat" [ -z "$(dmesg_splats)" ]
