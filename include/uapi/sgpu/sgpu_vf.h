/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sgpu VF user API: /dev/sgpu-vf<N>, one per VF bound to sgpu_vf.
 *
 * A process opens the device, creates buffer objects (BOs) in the VF's
 * VRAM slice or in system memory, fills and reads them, and submits DMA and
 * codec jobs that name BOs by handle. Every BO has a GPU virtual address in
 * the VF's MMU; jobs complete asynchronously and are waited for by
 * sequence number. BOs and jobs belong to the file that made them. See
 * docs/user-api.md.
 */
#ifndef _UAPI_SGPU_VF_H
#define _UAPI_SGPU_VF_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define SGPU_VF_IOC_MAGIC	'G'

struct sgpu_vf_info {
	__u32 abi_version;	/* the device's, major << 16 | minor */
	__u32 vf_index;		/* VF number within its PF */
	__u32 mmu_units;
	__u32 dma_channels;	/* engines 0 .. dma_channels - 1 */
	__u32 codec_cores;	/* engines dma_channels .. + codec_cores - 1 */
	__u32 mbox_version;	/* mailbox version agreed with the PF */
	__u64 vram_size;	/* the slice */
	__u64 vram_free;	/* not used by BOs or page tables */
	__u64 vram_window;	/* BAR2 size */
	__s32 profile;		/* the PF's profile index, or -1 */
	__u32 pad;
};

#define SGPU_BO_VRAM		0x1	/* in the VF's VRAM slice */
#define SGPU_BO_SYSTEM		0x2	/* system memory the VF reaches by DMA */

struct sgpu_vf_bo_create {
	__u64 size;		/* in: bytes, rounded up to 4 KiB */
	__u32 flags;		/* in: exactly one of SGPU_BO_* */
	__u32 handle;		/* out */
	__u64 gpu_va;		/* out: where jobs see it */
	__u64 mmap_offset;	/* out: for mmap() of this file */
};

struct sgpu_vf_bo_destroy {
	__u32 handle;
	__u32 pad;
};

/* Copy between a BO and user memory. */
struct sgpu_vf_bo_rw {
	__u32 handle;
	__u32 pad;
	__u64 offset;		/* into the BO */
	__u64 size;
	__u64 data;		/* user pointer */
};

/* Job operations; the values are the device's descriptor ops. */
#define SGPU_JOB_COPY		1	/* DMA engine */
#define SGPU_JOB_FILL		2	/* DMA engine */
#define SGPU_JOB_QOI_ENCODE	3	/* codec engine */
#define SGPU_JOB_QOI_DECODE	4	/* codec engine */
/*
 * any engine: wait until the 32-bit value at src_offset of the src BO
 * equals fill (len 4, src_offset 4-byte aligned, no dst). Jobs behind it
 * on that engine wait too; a reset ends it ABORTED.
 */
#define SGPU_JOB_WAIT		5

#define SGPU_JOB_F_RGBA		0x1	/* QOI: 4 channels, else 3 */

struct sgpu_vf_submit {
	__u32 engine;		/* in: 0 .. dma_channels + codec_cores - 1 */
	__u32 op;		/* in: SGPU_JOB_* */
	__u32 src_handle;	/* in: BO read (not for FILL) */
	__u32 dst_handle;	/* in: BO written */
	__u64 src_offset;	/* in */
	__u64 dst_offset;	/* in */
	__u64 len;		/* in: bytes read (COPY/FILL: bytes written) */
	__u64 dst_len;		/* in: QOI: bytes available at dst */
	__u32 fill;		/* in: FILL pattern */
	__u32 flags;		/* in: SGPU_JOB_F_* */
	__u32 width;		/* in: QOI_ENCODE */
	__u32 height;		/* in: QOI_ENCODE */
	__u64 seqno;		/* out: wait for this */
};

struct sgpu_vf_wait {
	__u32 engine;		/* in */
	__u32 timeout_ms;	/* in: 0 = do not block */
	__u64 seqno;		/* in */
	__u32 status;		/* out: the device's error code, 0 = done */
	__u32 result;		/* out: QOI bytes produced */
	__u32 width;		/* out: QOI_DECODE */
	__u32 height;		/* out: QOI_DECODE */
};

#define SGPU_VF_MAX_COUNTERS	16

struct sgpu_vf_counters {
	__u32 count;		/* out: how many are valid */
	__u32 counter[SGPU_VF_MAX_COUNTERS];	/* see docs/user-api.md */
};

/*
 * Raw access for testing the device's defences: only with the module
 * parameter allow_raw=1 and CAP_SYS_RAWIO. They do what a hostile guest
 * driver could do to its own VF, nothing more.
 */
struct sgpu_vf_raw_desc {
	__u32 engine;		/* in: any number, even one the VF lacks */
	__u32 pad;
	__u8 desc[64];		/* in: the descriptor, verbatim */
	__u64 seqno;		/* out */
};

struct sgpu_vf_raw_reg {
	__u32 offset;		/* BAR0 offset, 4-aligned */
	__u32 value;		/* in (write) or out (read) */
	__u32 write;
	__u32 pad;
};

struct sgpu_vf_raw_vram {
	__u64 offset;		/* slice offset, 8-aligned */
	__u64 value;		/* in (write) or out (read) */
	__u32 write;
	__u32 pad;
};

#define SGPU_VF_IOC_INFO	_IOR(SGPU_VF_IOC_MAGIC, 0x00, struct sgpu_vf_info)
#define SGPU_VF_IOC_BO_CREATE	_IOWR(SGPU_VF_IOC_MAGIC, 0x01, struct sgpu_vf_bo_create)
#define SGPU_VF_IOC_BO_DESTROY	_IOW(SGPU_VF_IOC_MAGIC, 0x02, struct sgpu_vf_bo_destroy)
#define SGPU_VF_IOC_BO_WRITE	_IOW(SGPU_VF_IOC_MAGIC, 0x03, struct sgpu_vf_bo_rw)
#define SGPU_VF_IOC_BO_READ	_IOW(SGPU_VF_IOC_MAGIC, 0x04, struct sgpu_vf_bo_rw)
#define SGPU_VF_IOC_SUBMIT	_IOWR(SGPU_VF_IOC_MAGIC, 0x05, struct sgpu_vf_submit)
#define SGPU_VF_IOC_WAIT	_IOWR(SGPU_VF_IOC_MAGIC, 0x06, struct sgpu_vf_wait)
#define SGPU_VF_IOC_COUNTERS	_IOR(SGPU_VF_IOC_MAGIC, 0x07, struct sgpu_vf_counters)
#define SGPU_VF_IOC_RAW_DESC	_IOWR(SGPU_VF_IOC_MAGIC, 0x40, struct sgpu_vf_raw_desc)
#define SGPU_VF_IOC_RAW_REG	_IOWR(SGPU_VF_IOC_MAGIC, 0x41, struct sgpu_vf_raw_reg)
#define SGPU_VF_IOC_RAW_VRAM	_IOWR(SGPU_VF_IOC_MAGIC, 0x42, struct sgpu_vf_raw_vram)

#endif /* _UAPI_SGPU_VF_H */
