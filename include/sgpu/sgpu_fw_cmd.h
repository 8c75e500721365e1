/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sgpu hardware ABI: commands the PF gives the GPU's firmware.
 *
 * The PF writes arguments to FW_ARG(0..15), then SGPU_FW_CMD_WORD(opcode,
 * seq) to FW_CMD: the firmware takes its copy of the arguments at that
 * moment. FW_STATUS reads BUSY and the command's seq until the firmware is
 * done; then it holds the seq and an enum sgpu_fw_err, FW_RESP(0..15) the
 * results, FW_DONE has counted the command and SGPU_IRQ_FW is raised. A
 * command written while one is busy is dropped and counted in FW_DROPPED
 * (FW_STATUS keeps the first): a driver waits for !BUSY before it writes
 * FW_CMD and checks that the seq it reads back is its own. Arguments not
 * listed must be 0.
 *
 * The structs below are the argument and result layouts: dword n of a
 * struct is FW_ARG(n) or FW_RESP(n).
 */
#ifndef SGPU_FW_CMD_H
#define SGPU_FW_CMD_H

#include <linux/types.h>
#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/stddef.h>
#else
#include <assert.h>
#include <stddef.h>
#endif

enum sgpu_fw_cmd {
	/* No arguments -> struct sgpu_fw_query_resp. */
	SGPU_FW_CMD_QUERY = 1,
	/*
	 * struct sgpu_fw_vf_slice_args: resources are ranges of the
	 * physical numbering. Refused while the VF is enabled, unless it is
	 * mediated (VF_S2_SET) and has no slice: then the slice is scrubbed
	 * and appears in its BAR2 at once.
	 */
	SGPU_FW_CMD_VF_PROVISION = 2,
	/*
	 * struct sgpu_fw_vf_arg. Refused while the VF is enabled, unless it
	 * is mediated: then the VF is reset first (its jobs stop, its slice
	 * is scrubbed) and its BAR2 shows no VRAM.
	 */
	SGPU_FW_CMD_VF_UNPROVISION = 3,
	/*
	 * struct sgpu_fw_vf_arg -> struct sgpu_fw_vf_query_resp: resets
	 * counts those since the VF was provisioned (FLRs and VF_RESETs; the
	 * VF's RESETS register).
	 */
	SGPU_FW_CMD_VF_QUERY = 4,
	/*
	 * struct sgpu_fw_vf_arg -> RESP0..SGPU_CNT_NUM-1 the VF's
	 * adverse-event counters
	 */
	SGPU_FW_CMD_VF_COUNTERS = 5,
	/* struct sgpu_fw_vf_arg: zero them */
	SGPU_FW_CMD_VF_CLEAR_COUNTERS = 6,
	/*
	 * struct sgpu_fw_vf_arg: reset the VF as an FLR does (its jobs stop, its slice is
	 * scrubbed, its state returns to defaults), without touching its
	 * PCI configuration; it then waits for VF_REARM. Raises
	 * SGPU_IRQ_STATE on the VF.
	 */
	SGPU_FW_CMD_VF_RESET = 7,
	/*
	 * struct sgpu_fw_vf_slice_args -> struct sgpu_fw_vf_rearm_resp, the
	 * resets so far: let a reset VF run again. The slice must be the one it holds.
	 * This covers every reset counted up to RESP0, however many arrived
	 * since the PF last looked.
	 */
	SGPU_FW_CMD_VF_REARM = 8,
	/* struct sgpu_fw_vf_quarantine_args: a held VF's engines stop */
	SGPU_FW_CMD_VF_QUARANTINE = 9,
	/*
	 * struct sgpu_fw_vf_s2_args: turn the VF's second-stage translation
	 * (sgpu_s2.h) on with a root table, or off (root 0). Refused while
	 * the VF is enabled and has a slice. Drops a pending S2 fault.
	 */
	SGPU_FW_CMD_VF_S2_SET = 10,
};

/* A slice as commands carry it (64-bit values low dword first). */
struct sgpu_fw_slice_words {
	__u32 mmu_first, mmu_count;
	__u32 dma_first, dma_count;
	__u32 codec_first, codec_count;
	__u32 vram_base_lo, vram_base_hi;
	__u32 vram_size_lo, vram_size_hi;
};

/* QUERY's results. */
struct sgpu_fw_query_resp {
	__u32 version, mmu_units, dma_channels, codec_cores, total_vfs;
	__u32 vram_size_lo, vram_size_hi, vf_window_lo, vf_window_hi;
	__u32 vram_granule;
};

/* The argument of every VF command but the three below. */
struct sgpu_fw_vf_arg {
	__u32 vf;
};

/* VF_PROVISION's and VF_REARM's arguments. */
struct sgpu_fw_vf_slice_args {
	__u32 vf;
	struct sgpu_fw_slice_words slice;
};

/* VF_QUARANTINE's arguments. */
struct sgpu_fw_vf_quarantine_args {
	__u32 vf;
	__u32 hold;	/* 1 hold, 0 release */
};

/* VF_S2_SET's arguments. */
struct sgpu_fw_vf_s2_args {
	__u32 vf;
	__u32 enable;		/* 1 on, 0 off */
	__u32 root_lo, root_hi;	/* PF IOVA of the root table; 0 when off */
};

/* VF_QUERY's results. */
struct sgpu_fw_vf_query_resp {
	__u32 flags;	/* SGPU_FW_VF_* */
	struct sgpu_fw_slice_words slice;
	__u32 resets;
};

/* VF_REARM's result. */
struct sgpu_fw_vf_rearm_resp {
	__u32 resets;
};

#define SGPU_FW_WORDS(type)	(sizeof(type) / sizeof(__u32))

static_assert(sizeof(struct sgpu_fw_slice_words) == 10 * 4, "slice: 10 dwords");
static_assert(sizeof(struct sgpu_fw_query_resp) == 10 * 4, "QUERY: RESP0..9");
static_assert(sizeof(struct sgpu_fw_vf_arg) == 4 &&
	      sizeof(struct sgpu_fw_vf_rearm_resp) == 4, "ARG0 / RESP0");
static_assert(sizeof(struct sgpu_fw_vf_slice_args) == 11 * 4,
	      "VF_PROVISION: ARG0..10");
static_assert(sizeof(struct sgpu_fw_vf_quarantine_args) == 2 * 4,
	      "VF_QUARANTINE: ARG0..1");
static_assert(sizeof(struct sgpu_fw_vf_s2_args) == 4 * 4,
	      "VF_S2_SET: ARG0..3");
static_assert(sizeof(struct sgpu_fw_vf_query_resp) == 12 * 4,
	      "VF_QUERY: RESP0..11");
static_assert(offsetof(struct sgpu_fw_vf_slice_args, slice) == 1 * 4,
	      "the slice from ARG1");
static_assert(offsetof(struct sgpu_fw_vf_query_resp, slice) == 1 * 4 &&
	      offsetof(struct sgpu_fw_vf_query_resp, resets) == 11 * 4,
	      "VF_QUERY: the slice from RESP1, resets RESP11");
static_assert(sizeof(struct sgpu_fw_vf_query_resp) <= 16 * 4 &&
	      sizeof(struct sgpu_fw_vf_slice_args) <= 16 * 4,
	      "at most SGPU_FW_NARGS dwords");

static inline __u64 sgpu_fw_u64(__u32 lo, __u32 hi)
{
	return (__u64)hi << 32 | lo;
}

#define SGPU_FW_VF_PROVISIONED	0x1u
#define SGPU_FW_VF_ENABLED	0x2u	/* the VF exists (VF Enable, < NumVFs) */
#define SGPU_FW_VF_RESET_PENDING 0x4u	/* reset, waiting for VF_REARM */
#define SGPU_FW_VF_QUARANTINED	0x8u	/* held by the PF */
#define SGPU_FW_VF_MEDIATED	0x10u	/* second-stage translation on */

enum sgpu_fw_err {
	SGPU_FW_OK = 0,
	SGPU_FW_E_UNKNOWN_CMD,	/* no such command */
	/* an argument that must be 0 is not, or a count a VF cannot hold */
	SGPU_FW_E_INVAL,
	SGPU_FW_E_NO_VF,	/* VF number >= TotalVFs */
	SGPU_FW_E_RANGE,	/* a range runs past the GPU's resources */
	SGPU_FW_E_OVERLAP,	/* a range overlaps another VF's slice */
	/* the VF is enabled: its slice (or S2 table) cannot change */
	SGPU_FW_E_BUSY,
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
