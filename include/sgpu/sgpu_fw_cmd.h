/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sgpu hardware ABI: commands the PF gives the GPU's firmware.
 *
 * The PF writes arguments to FW_ARG(0..15), then the opcode to FW_CMD.
 * FW_STATUS reads BUSY until the firmware is done; then it holds an
 * enum sgpu_fw_err, FW_RESP(0..15) the results, FW_DONE has counted the
 * command and SGPU_IRQ_FW is raised. A command written while one is busy
 * is dropped (FW_STATUS keeps the first). Arguments not listed must be 0.
 */
#ifndef SGPU_FW_CMD_H
#define SGPU_FW_CMD_H

enum sgpu_fw_cmd {
	/*
	 * -> RESP0 version, RESP1 mmu units, RESP2 dma channels,
	 *    RESP3 codec cores, RESP4 total VFs, RESP5/6 VRAM size,
	 *    RESP7/8 VF window, RESP9 VRAM granule
	 */
	SGPU_FW_CMD_QUERY = 1,
	/*
	 * ARG0 vf, ARG1 mmu first, ARG2 mmu count, ARG3 dma first,
	 * ARG4 dma count, ARG5 codec first, ARG6 codec count,
	 * ARG7/8 VRAM base, ARG9/10 VRAM size. Resources are ranges of the
	 * physical numbering. Refused while the VF is enabled.
	 */
	SGPU_FW_CMD_VF_PROVISION = 2,
	/* ARG0 vf. Refused while the VF is enabled. */
	SGPU_FW_CMD_VF_UNPROVISION = 3,
	/*
	 * ARG0 vf -> RESP0 flags (SGPU_FW_VF_*), RESP1..10 as the
	 * arguments 1..10 of VF_PROVISION, RESP11 resets since the VF was
	 * provisioned (FLRs and VF_RESETs; the VF's RESETS register)
	 */
	SGPU_FW_CMD_VF_QUERY = 4,
	/* ARG0 vf -> RESP0..SGPU_CNT_NUM-1 the VF's adverse-event counters */
	SGPU_FW_CMD_VF_COUNTERS = 5,
	/* ARG0 vf: zero them */
	SGPU_FW_CMD_VF_CLEAR_COUNTERS = 6,
	/*
	 * ARG0 vf: reset the VF as an FLR does (its jobs stop, its slice is
	 * scrubbed, its state returns to defaults), without touching its
	 * PCI configuration; it then waits for VF_REARM. Raises
	 * SGPU_IRQ_STATE on the VF.
	 */
	SGPU_FW_CMD_VF_RESET = 7,
	/*
	 * ARG0 vf, ARG1..10 the slice as in VF_PROVISION -> RESP0 resets so
	 * far: let a reset VF run again. The slice must be the one it holds.
	 * This covers every reset counted up to RESP0, however many arrived
	 * since the PF last looked.
	 */
	SGPU_FW_CMD_VF_REARM = 8,
	/* ARG0 vf, ARG1 1 to hold the VF (its engines stop), 0 to release */
	SGPU_FW_CMD_VF_QUARANTINE = 9,
};

#define SGPU_FW_VF_PROVISIONED	0x1u
#define SGPU_FW_VF_ENABLED	0x2u	/* the VF exists (VF Enable, < NumVFs) */
#define SGPU_FW_VF_RESET_PENDING 0x4u	/* reset, waiting for VF_REARM */
#define SGPU_FW_VF_QUARANTINED	0x8u	/* held by the PF */

enum sgpu_fw_err {
	SGPU_FW_OK = 0,
	SGPU_FW_E_UNKNOWN_CMD,	/* no such command */
	/* an argument that must be 0 is not, or a count a VF cannot hold */
	SGPU_FW_E_INVAL,
	SGPU_FW_E_NO_VF,	/* VF number >= TotalVFs */
	SGPU_FW_E_RANGE,	/* a range runs past the GPU's resources */
	SGPU_FW_E_OVERLAP,	/* a range overlaps another VF's slice */
	SGPU_FW_E_BUSY,		/* the VF is enabled: its slice cannot change */
	SGPU_FW_E_NOT_PROVISIONED, /* the VF has no slice */
	SGPU_FW_E_ALIGN,	/* VRAM base or size not granule aligned */
	SGPU_FW_E_WINDOW,	/* VRAM slice larger than the VF BAR2 window */
	SGPU_FW_E_STATE,	/* the VF is not waiting for that (VF_REARM) */
	SGPU_FW_E_MISMATCH,	/* VF_REARM: not the slice the VF holds */
	SGPU_FW_E_NUM
};

static inline const char *sgpu_fw_err_name(unsigned int err)
{
	static const char *const names[SGPU_FW_E_NUM] = {
		[SGPU_FW_OK] = "ok",
		[SGPU_FW_E_UNKNOWN_CMD] = "unknown command",
		[SGPU_FW_E_INVAL] = "invalid argument",
		[SGPU_FW_E_NO_VF] = "no such VF",
		[SGPU_FW_E_RANGE] = "range past the GPU's resources",
		[SGPU_FW_E_OVERLAP] = "overlaps another VF's slice",
		[SGPU_FW_E_BUSY] = "VF is enabled",
		[SGPU_FW_E_NOT_PROVISIONED] = "VF has no slice",
		[SGPU_FW_E_ALIGN] = "VRAM not granule aligned",
		[SGPU_FW_E_WINDOW] = "VRAM larger than the VF window",
		[SGPU_FW_E_STATE] = "VF is not waiting to be re-armed",
		[SGPU_FW_E_MISMATCH] = "not the slice the VF holds",
	};

	return err < SGPU_FW_E_NUM ? names[err] : "unknown status";
}

#endif /* SGPU_FW_CMD_H */
