/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sgpu VF driver: state shared by the VF driver's files.
 */
#ifndef SGPU_VF_H
#define SGPU_VF_H

#include <linux/cdev.h>
#include <linux/completion.h>
#include <linux/idr.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/rwsem.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <sgpu/sgpu_desc.h>
#include <sgpu/sgpu_regs.h>
#include <uapi/sgpu/sgpu_vf.h>

#define SGPU_RING_ENTRIES	256
/* VRAM and GPU VA are handed out in 64 KiB units. */
#define SGPU_ALLOC_SHIFT	16
#define SGPU_ALLOC_UNIT		BIT_ULL(SGPU_ALLOC_SHIFT)

struct sgpu_vf;

struct sgpu_bo;

/*
 * A ring slot's job: what it left in its descriptor once finished, and the
 * BOs it uses, referenced from submission until retire_work runs after it
 * finished, so a BO the user drops mid-job stays mapped while the device
 * uses it.
 */
struct sgpu_job_result {
	u64 seqno;			/* the job these results are for */
	u32 status, result, dims;
	u64 bo_seq;			/* the job holding bos[] */
	struct sgpu_bo *bos[2];
};

/*
 * One of the VF's engines and its ring. lock (a spinlock: the job IRQ
 * takes it) protects the ring and every counter below it.
 */
struct sgpu_engine {
	struct sgpu_vf *vf;
	unsigned int index;		/* VF-relative */
	u32 type;			/* SGPU_ENG_TYPE_* */
	struct sgpu_desc *ring;		/* SGPU_RING_ENTRIES, coherent */
	dma_addr_t ring_dma;
	spinlock_t lock;		/* see above */
	u64 submitted;			/* seqno of the last job queued */
	u64 completed;			/* every seqno <= this is done */
	u64 retired;			/* ...and has let go of its BOs */
	u64 slot0_seq;			/* seqno held by ring slot 0 */
	u32 done_seen;			/* ENG_DONE when we last looked */
	struct sgpu_job_result results[SGPU_RING_ENTRIES];
	wait_queue_head_t wq;		/* completions and ring space */
};

/* A buffer object: VRAM in the slice, or system pages the VF reaches. */
/* mmap offsets: BO handle << SGPU_MMAP_SHIFT; low bits the page in it. */
#define SGPU_MMAP_SHIFT		40

struct sgpu_bo {
	struct kref ref;		/* the handle, each mmap, each job */
	struct sgpu_vf *vf;
	struct list_head node;		/* in vf->bos, under mem_lock */
	u32 flags;			/* SGPU_BO_VRAM or SGPU_BO_SYSTEM */
	u64 size;			/* bytes, a multiple of PAGE_SIZE */
	u64 alloc;			/* bytes of VA (and VRAM) reserved */
	u64 gpu_va;
	u64 vram_off;			/* VRAM: slice offset */
	struct page **pages;		/* SYSTEM */
	struct sg_table sgt;		/* SYSTEM, DMA-mapped */
	bool mapped;			/* PTEs and DMA mappings are live */
	struct page *dummy;		/* mmaps of VRAM once the VF has gone */
};

/* An open /dev/sgpu-vf<N>. */
struct sgpu_file {
	struct sgpu_vf *vf;
	struct list_head node;		/* in vf->files */
	struct mutex lock;		/* protects bos */
	struct idr bos;			/* handle -> struct sgpu_bo */
	struct address_space *mapping;	/* to zap mmaps when the VF goes */
};

enum sgpu_vf_state {
	SGPU_VF_RUNNING = 0,
	SGPU_VF_RESETTING,	/* a reset is in flight: jobs wait for it */
	SGPU_VF_QUARANTINED,	/* the PF holds it: jobs are refused */
	SGPU_VF_BROKEN,		/* not set up again after a reset: refused */
};

struct sgpu_vf {
	struct kref ref;		/* probe, and each open file */
	struct pci_dev *pdev;
	void __iomem *regs;		/* BAR0 */
	void __iomem *vram;		/* BAR2, the slice part, write-combined */
	resource_size_t vram_phys;
	u32 version;
	u32 index;			/* VF number within its PF */
	u64 window;			/* BAR2 size */

	/* The slice, from the registers and confirmed by the PF. */
	u32 mmu_units, dma_channels, codec_cores;
	u64 vram_size;
	int profile;
	u32 mbox_version;

	/*
	 * Held for reading by every user-facing operation, for writing by
	 * remove and by resets. Remove sets @gone first and wakes every
	 * sleeper (each checks it with READ_ONCE), so nobody sleeps on with
	 * gone_sem held while remove waits for it; once remove holds it for
	 * writing, nothing touches the device.
	 */
	struct rw_semaphore gone_sem;
	bool gone;
	/*
	 * What resets made of the VF (sgpu_vf_reset.c). Set to RESETTING
	 * before gone_sem is taken for writing, to anything else while it is
	 * held so; read locklessly. state_wq wakes on every change.
	 */
	enum sgpu_vf_state state;
	wait_queue_head_t state_wq;
	u32 resets_seen;		/* RESETS when we last set the VF up */
	u32 resets_done;		/* resets the driver recovered from */
	u32 reinit_again;		/* set-ups redone: reset meanwhile */
	u32 inject_reinit_delay_ms;	/* debugfs: stall each set-up */
	struct dentry *debugfs;

	/* VRAM, GPU VA and page tables; under mem_lock. */
	struct mutex mem_lock;
	u64 pt_size;			/* page tables at slice offset 0 */
	unsigned long *pt_map;		/* 4 KiB units of the PT area */
	unsigned long *vram_map;	/* SGPU_ALLOC_UNITs after the PT area */
	unsigned long nr_vram_units;
	unsigned long *va_map;		/* SGPU_ALLOC_UNITs of GPU VA */
	u32 *l2_of;			/* L1 index -> L2 table offset, or 0 */
	unsigned long *l1_huge;		/* L1 indexes mapping a 2 MiB page */
	u64 system_bytes;		/* in SYSTEM BOs */
	struct list_head bos;		/* every live BO */

	unsigned int nr_engines;
	struct sgpu_engine *engines;
	struct work_struct error_work;
	struct work_struct retire_work;	/* drops finished jobs' BOs */

	/* Mailbox: one request at a time under mbox_lock. */
	struct mutex mbox_lock;
	struct completion mbox_done;	/* completed from hard IRQ */
	u8 mbox_seq;

	struct completion selftest_done;	/* from hard IRQ */

	/* User API. */
	struct mutex files_lock;	/* protects files and sessions */
	/* Orders VRAM mmap faults against remove setting @gone. */
	struct mutex map_lock;
	struct list_head files;
	u32 sessions;
	struct cdev cdev;
	struct device cdev_dev;
	int minor;
};

static inline u32 sgpu_vf_rd(struct sgpu_vf *vf, u32 reg)
{
	return readl(vf->regs + reg);
}

static inline void sgpu_vf_wr(struct sgpu_vf *vf, u32 reg, u32 val)
{
	writel(val, vf->regs + reg);
}

static inline u32 sgpu_eng_reg(unsigned int e, u32 reg)
{
	return SGPU_VF_ENGINES + e * SGPU_ENGINE_STRIDE + reg;
}

void sgpu_vf_put(struct sgpu_vf *vf);

/* sgpu_vf_mbox.c */
int sgpu_vf_mbox_request(struct sgpu_vf *vf, u32 op, const void *payload,
			 unsigned int len, void *reply, unsigned int reply_len);
int sgpu_vf_mbox_hello(struct sgpu_vf *vf);
void sgpu_vf_mbox_sessions(struct sgpu_vf *vf, u32 sessions);
int sgpu_vf_mbox_ready(struct sgpu_vf *vf, u32 resets);

/* sgpu_vf_mem.c */
int sgpu_vf_mem_init(struct sgpu_vf *vf);
void sgpu_vf_mem_fini(struct sgpu_vf *vf);
int sgpu_vf_mem_alloc(struct sgpu_vf *vf, struct sgpu_bo *bo);
void sgpu_vf_mem_free(struct sgpu_vf *vf, struct sgpu_bo *bo);
int sgpu_vf_map_bo(struct sgpu_vf *vf, struct sgpu_bo *bo);
void sgpu_vf_unmap_bo(struct sgpu_vf *vf, struct sgpu_bo *bo);
void sgpu_vf_vram_write64(struct sgpu_vf *vf, u64 off, u64 val);
u64 sgpu_vf_vram_free(struct sgpu_vf *vf);

/* sgpu_vf_bo.c */
struct sgpu_bo *sgpu_bo_create(struct sgpu_vf *vf, u64 size, u32 flags);
void sgpu_bo_put(struct sgpu_bo *bo);
void sgpu_vf_unmap_all(struct sgpu_vf *vf);
int sgpu_bo_rw(struct sgpu_bo *bo, u64 offset, u64 size, void __user *data,
	       bool write);
int sgpu_bo_mmap(struct sgpu_bo *bo, struct vm_area_struct *vma);

/* sgpu_vf_engine.c; sgpu_vf_job_irq and sgpu_vf_error_irq: hard IRQ. */
int sgpu_vf_engines_init(struct sgpu_vf *vf);
void sgpu_vf_engines_fini(struct sgpu_vf *vf);
int sgpu_vf_engine_push(struct sgpu_engine *eng, const struct sgpu_desc *d,
			struct sgpu_bo *src, struct sgpu_bo *dst, u64 *seqno);
int sgpu_vf_engine_wait(struct sgpu_engine *eng, u64 seqno,
			unsigned int timeout_ms, struct sgpu_job_result *res);
void sgpu_vf_engines_stop(struct sgpu_vf *vf);
/* Wake every sleeper on an engine (they re-check vf->gone). */
void sgpu_vf_engines_wake(struct sgpu_vf *vf);
void sgpu_vf_engine_restart(struct sgpu_engine *eng);
void sgpu_vf_retire_work(struct work_struct *work);
irqreturn_t sgpu_vf_job_irq(int irq, void *data);
irqreturn_t sgpu_vf_error_irq(int irq, void *data);
void sgpu_vf_error_work(struct work_struct *work);

/* sgpu_vf_reset.c */
extern const struct pci_error_handlers sgpu_vf_err_handlers;
extern const struct attribute_group *sgpu_vf_groups[];
int sgpu_vf_wait_usable(struct sgpu_vf *vf);

/* A user's request refused: say why, without flooding the log. */
#define sgpu_refuse(vf, fmt, ...) \
	dev_warn_ratelimited(&(vf)->pdev->dev, fmt, ##__VA_ARGS__)
void sgpu_vf_state_changed(struct sgpu_vf *vf);

/* sgpu_vf_mem.c, after a reset scrubbed the slice */
void sgpu_vf_mem_rebuild(struct sgpu_vf *vf);
int sgpu_vf_mem_check(struct sgpu_vf *vf);

/* sgpu_vf_debugfs.c */
void sgpu_vf_debugfs_add(struct sgpu_vf *vf);
void sgpu_vf_debugfs_del(struct sgpu_vf *vf);
void sgpu_vf_debugfs_init(void);
void sgpu_vf_debugfs_exit(void);

/* sgpu_vf_cdev.c */
int sgpu_vf_cdev_init(void);
void sgpu_vf_cdev_exit(void);
int sgpu_vf_cdev_add(struct sgpu_vf *vf);
void sgpu_vf_cdev_del(struct sgpu_vf *vf);

#endif /* SGPU_VF_H */
