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

enum sgpu_mbox_op {
	/*
	 * -> payload: the highest version the VF speaks.
	 * <- payload: status, the version the PF chose.
	 */
	SGPU_MBOX_HELLO = 1,
	/*
	 * <- payload: status, mmu units, dma channels, codec cores,
	 *    VRAM size lo, VRAM size hi, profile index (or ~0: custom/auto)
	 */
	SGPU_MBOX_GET_SLICE = 2,
	/*
	 * -> payload: how many user sessions the VF driver has open, at
	 *    most SGPU_MBOX_MAX_SESSIONS (else E_MALFORMED).
	 * <- payload: status. Advisory: the PF refuses to disable VFs
	 *    while a VF bound to sgpu_vf reports sessions, nothing more.
	 */
	SGPU_MBOX_SESSIONS = 3,
};

#define SGPU_MBOX_MAX_SESSIONS	65536

enum sgpu_mbox_err {
	SGPU_MBOX_OK = 0,
	SGPU_MBOX_E_VERSION,	/* a version the PF does not speak */
	SGPU_MBOX_E_UNKNOWN,	/* an opcode the PF does not know */
	SGPU_MBOX_E_MALFORMED,	/* a length that does not fit the opcode */
	SGPU_MBOX_E_STATE,	/* not now (e.g. before HELLO) */
};

#endif /* SGPU_MBOX_H */
