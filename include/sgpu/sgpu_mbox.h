/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sgpu hardware ABI: messages between a VF driver and the PF driver.
 *
 * The device only carries them: a VF writes up to 8 dwords to MBOX_REQ and
 * writes MBOX_SEND; the PF gets SGPU_IRQ_MBOX and the VF's bit in
 * MBOX_PENDING, reads the request at PF_MBOX_REQ, writes the reply at
 * PF_MBOX_REPLY and the VF number to MBOX_SEND; the VF gets SGPU_IRQ_MBOX
 * and the reply in MBOX_REPLY. One request is outstanding per VF.
 *
 * Dword 0 is a header; a reply echoes the request's opcode with
 * SGPU_MBOX_REPLY set and the sequence number, and dword 1 of a reply is an
 * enum sgpu_mbox_err. The first message must be HELLO; the PF answers
 * anything else with SGPU_MBOX_E_STATE until then.
 */
#ifndef SGPU_MBOX_H
#define SGPU_MBOX_H

#include <linux/types.h>
#ifdef __KERNEL__
#include <linux/build_bug.h>
#else
#include <assert.h>
#endif

#define SGPU_MBOX_DWORDS	8
#define SGPU_MBOX_VERSION	1

#define SGPU_MBOX_HDR(ver, op, seq, len)				\
	((__u32)(ver) << 24 | (__u32)((op) & 0xff) << 16 |		\
	 (__u32)((seq) & 0xff) << 8 | (__u32)((len) & 0xff))
#define SGPU_MBOX_HDR_VER(h)	(((h) >> 24) & 0xff)
#define SGPU_MBOX_HDR_OP(h)	(((h) >> 16) & 0xff)
#define SGPU_MBOX_HDR_SEQ(h)	(((h) >> 8) & 0xff)
#define SGPU_MBOX_HDR_LEN(h)	((h) & 0xff)	/* payload dwords after dword 0 */
#define SGPU_MBOX_REPLY		0x80

/*
 * Payloads are the structs below: dword n of a struct is dword n + 1 of a
 * request (after the header), or dword n + 2 of a reply (after the header
 * and the status). A reply with a status other than OK has no payload.
 */
enum sgpu_mbox_op {
	/* -> struct sgpu_mbox_version (the highest the VF speaks);
	 * <- struct sgpu_mbox_version (the one the PF chose).
	 */
	SGPU_MBOX_HELLO = 1,
	/* -> nothing; <- struct sgpu_mbox_slice. */
	SGPU_MBOX_GET_SLICE = 2,
	/*
	 * -> struct sgpu_mbox_sessions, at most SGPU_MBOX_MAX_SESSIONS
	 *    (else E_MALFORMED); <- nothing. Advisory: the PF refuses to
	 *    disable VFs while a VF bound to sgpu_vf reports sessions,
	 *    nothing more.
	 */
	SGPU_MBOX_SESSIONS = 3,
	/*
	 * -> struct sgpu_mbox_ready: the VF driver has set the VF up again
	 *    after the reset that made RESETS read @resets, and read its
	 *    setup back. <- struct sgpu_mbox_ready, the resets the firmware
	 *    counts: the grant. E_STALE: the VF was reset or held since
	 *    (look at STATUS, set it up again); E_BUSY: the PF is still handling a reset of it (ask
	 *    again). Only after the grant may the VF run jobs.
	 */
	SGPU_MBOX_READY = 4,
};

struct sgpu_mbox_version {
	__u32 version;
};

struct sgpu_mbox_slice {
	__u32 mmu_units, dma_channels, codec_cores;
	__u32 vram_size_lo, vram_size_hi;
	__u32 profile;		/* profile index, or ~0: custom or fair share */
};

struct sgpu_mbox_sessions {
	__u32 sessions;
};

struct sgpu_mbox_ready {
	__u32 resets;
};

#define SGPU_MBOX_WORDS(type)	(sizeof(type) / sizeof(__u32))

static_assert(sizeof(struct sgpu_mbox_version) == 4, "HELLO: 1 dword");
static_assert(sizeof(struct sgpu_mbox_slice) == 6 * 4, "GET_SLICE: 6 dwords");
static_assert(sizeof(struct sgpu_mbox_slice) <= (SGPU_MBOX_DWORDS - 2) * 4,
	      "a reply payload fits after header and status");
static_assert(sizeof(struct sgpu_mbox_sessions) == 4, "SESSIONS: 1 dword");
static_assert(sizeof(struct sgpu_mbox_ready) == 4, "READY: 1 dword");

#define SGPU_MBOX_MAX_SESSIONS	65536

enum sgpu_mbox_err {
	SGPU_MBOX_OK = 0,
	SGPU_MBOX_E_VERSION,	/* a version the PF does not speak */
	SGPU_MBOX_E_UNKNOWN,	/* an opcode the PF does not know */
	SGPU_MBOX_E_MALFORMED,	/* a length that does not fit the opcode */
	SGPU_MBOX_E_STATE,	/* not now (e.g. before HELLO) */
	SGPU_MBOX_E_STALE,	/* READY: the VF was reset or held since */
	SGPU_MBOX_E_BUSY,	/* READY: the PF is still resetting the VF */
	SGPU_MBOX_E_NUM
};

#endif /* SGPU_MBOX_H */
