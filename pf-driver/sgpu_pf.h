/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sgpu PF driver: state shared by the PF driver's files.
 */
#ifndef SGPU_PF_H
#define SGPU_PF_H

#include <linux/completion.h>
#include <linux/sysfs.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include <sgpu/sgpu_fw_cmd.h>
#include <sgpu/sgpu_regs.h>

#include "sgpu_plan.h"

#define SGPU_NO_PROFILE		(-1)	/* "auto": a fair share */

/* What the device says it has, read once at probe. Read-only afterwards. */
struct sgpu_pf_resources {
	u32 mmu_units;
	u32 dma_channels;
	u32 codec_cores;
	u32 total_vfs;
	u64 vram_size;
	u64 vf_window;
};

/* The steps of a VF reset (sgpu_pf_reset.c), one bit each in reset_steps. */
enum sgpu_reset_step {
	SGPU_RESET_SEEN,	/* the device reported the reset */
	SGPU_RESET_WAIT_FW,	/* the firmware has finished it */
	SGPU_RESET_CONFIG,	/* the PF's own state of the VF is reset */
	SGPU_RESET_DATA,	/* the slice reads zero */
	SGPU_RESET_REPROVISION,	/* the firmware took the slice back */
	SGPU_RESET_READY,
	SGPU_RESET_NR_STEPS
};

enum sgpu_reset_state {
	SGPU_RESET_IDLE,	/* the last reset, if any, went through */
	SGPU_RESET_RUNNING,
	SGPU_RESET_FAILED,	/* a step failed: the VF is quarantined */
};

#define SGPU_GUARD_MAX_RESETS	64

/* Too many resets or adverse events in a window stop a VF. */
struct sgpu_guard {
	u32 resets;		/* more than this many in the window: stop */
	u32 events;		/* 0 disables a check */
	u32 mbox;		/* mailbox requests */
	u32 window_ms;
};

/*
 * Admin state of one VF number, whether or not that VF exists now, shown
 * in .../<PF>/sgpu_vf<N>/. Device-managed: freed after remove().
 */
struct sgpu_pf_vf {
	struct sgpu_pf *pf;
	unsigned int index;
	/* Configuration, set before VFs are enabled; under pf->lock. */
	struct sgpu_quota quota;	/* all 0: none */
	int profile;			/* SGPU_NO_PROFILE: none */
	/* What the firmware holds; under pf->lock. */
	bool provisioned;
	struct sgpu_slice slice;
	int slice_profile;		/* the profile it came from, if any */
	/* Mailbox state; under pf->lock. */
	bool hello;			/* the VF driver has said HELLO */
	/*
	 * User sessions its sgpu_vf reports open: advisory, at most
	 * SGPU_MBOX_MAX_SESSIONS, and only heeded while sgpu_vf is bound.
	 */
	u32 sessions;

	/* Resets and the guard; under pf->lock. */
	enum sgpu_reset_state reset_state;
	unsigned long reset_steps;	/* BIT(enum sgpu_reset_step) done */
	int failed_step, failed_err;
	bool quarantined;		/* as the firmware holds it */
	char reason[80];		/* why */
	bool reset_again;		/* another reset came while one ran */
	bool release_pending;		/* lift the quarantine once reset */
	u32 resets_seen;		/* the firmware's count, last event */
	u32 resets_armed;		/* ... that the last re-arm covered */
	u32 resets, reset_failures;	/* since the VF was enabled */
	u64 last_reset_us;
	ktime_t reset_start;
	ktime_t reset_times[SGPU_GUARD_MAX_RESETS];	/* a ring */
	unsigned int reset_times_next;
	u64 events_base;		/* adverse events when the window began */
	ktime_t events_start;
	u32 mbox_count;			/* mailbox requests in this window */
	ktime_t mbox_start;
	bool mbox_tripped;		/* quarantine asked for; until release */
	struct work_struct reset_work;
};

struct sgpu_pf {
	struct pci_dev *pdev;
	void __iomem *regs;		/* BAR0 */
	u32 version;			/* SGPU_REG_VERSION at probe */
	struct sgpu_pf_resources res;
	struct sgpu_plan_gpu gpu;	/* res, shaped for the planner */

	/*
	 * Provisioning configuration and per-VF state. Taken by sysfs
	 * stores, sriov_configure (inside the PCI core's locks) and the
	 * mailbox worker; never held while waiting for a VF's driver.
	 */
	struct mutex lock;
	struct sgpu_quota reserve;	/* what VFs never get */
	int default_profile;		/* for VFs with no quota or profile */
	unsigned int nr_provisioned;	/* VFs 0..n-1 hold slices */
	bool disabling;			/* VFs going: no new VF resets */
	struct sgpu_pf_vf **vfs;	/* res.total_vfs of them */

	/* Firmware commands: one at a time under fw_lock. */
	struct mutex fw_lock;
	u8 fw_seq;			/* the last command's; under fw_lock */
	wait_queue_head_t fw_wq;	/* woken from hard IRQ (SGPU_IRQ_FW) */

	/* The sgpu_vf<N> attribute groups, see sgpu_pf_sysfs.c. */
	const struct attribute_group **vf_groups;
	struct work_struct event_work;	/* VF resets and adverse events */
	/* Disables the VFs a PF reset emptied (sgpu_pf_main.c). */
	struct delayed_work vf_teardown;
	struct sgpu_guard guard;	/* under lock */
	int inject_fail_step;		/* debugfs: fail the next reset here */

	/* The PF's own engines (sgpu_pf_bench.c); under bench_lock. */
	struct mutex bench_lock;
	struct completion job_done;	/* completed from hard IRQ */
	struct dentry *debugfs;
	u64 bench_bytes, bench_ns;
	struct work_struct mbox_work;

	/* MSI-X self-test: completed from the event vector's hard IRQ. */
	struct completion selftest_done;
	atomic_t event_irqs;		/* event-vector interrupts taken */
	atomic_t mbox_irqs;		/* mailbox-vector interrupts taken */
};

static inline u32 sgpu_pf_rd(struct sgpu_pf *pf, u32 reg)
{
	return readl(pf->regs + reg);
}

static inline void sgpu_pf_wr(struct sgpu_pf *pf, u32 reg, u32 val)
{
	writel(val, pf->regs + reg);
}

/* sgpu_pf_fw.c */
int sgpu_pf_fw_cmd(struct sgpu_pf *pf, u32 cmd, const void *args,
		   size_t args_size, void *resp, size_t resp_size);
int sgpu_pf_fw_counters(struct sgpu_pf *pf, unsigned int vf, u32 *counters);
void sgpu_pf_fw_debugfs(struct sgpu_pf *pf);
int sgpu_pf_fw_vf_query(struct sgpu_pf *pf, unsigned int vf, u32 *flags,
			u32 *resets);
struct sgpu_fw_vf_slice_args sgpu_pf_fw_slice_args(unsigned int vf,
						   const struct sgpu_slice *s);

/* sgpu_pf_provision.c */
int sgpu_pf_provision_vfs(struct sgpu_pf *pf, unsigned int n);
void sgpu_pf_unprovision_vfs(struct sgpu_pf *pf, unsigned int n);

/* sgpu_pf_reset.c */
extern const char *const sgpu_reset_step_names[SGPU_RESET_NR_STEPS];
void sgpu_pf_event_work(struct work_struct *work);
void sgpu_pf_reset_work(struct work_struct *work);
int sgpu_pf_vf_request_reset(struct sgpu_pf *pf, struct sgpu_pf_vf *v);
int sgpu_pf_vf_quarantine(struct sgpu_pf *pf, struct sgpu_pf_vf *v,
			  const char *reason);
int sgpu_pf_vf_release(struct sgpu_pf *pf, struct sgpu_pf_vf *v);
void sgpu_pf_vf_reset_forget(struct sgpu_pf_vf *v);
void sgpu_pf_reset_debugfs(struct sgpu_pf *pf);

/* sgpu_pf_sriov.c */
int sgpu_pf_sriov_configure(struct pci_dev *pdev, int num_vfs);
unsigned int sgpu_pf_vfs_in_use(struct sgpu_pf *pf);
void sgpu_pf_sriov_remove(struct sgpu_pf *pf, const char *why);

/* sgpu_pf_mbox.c; sgpu_pf_mbox_irq runs in hard IRQ context. */
irqreturn_t sgpu_pf_mbox_irq(int irq, void *data);
void sgpu_pf_mbox_work(struct work_struct *work);

/* sgpu_pf_bench.c; sgpu_pf_job_irq runs in hard IRQ context. */
irqreturn_t sgpu_pf_job_irq(int irq, void *data);
void sgpu_pf_bench_debugfs(struct sgpu_pf *pf);

/* sgpu_pf_sysfs.c */
extern const struct attribute_group *sgpu_pf_groups[];
int sgpu_pf_sysfs_init(struct sgpu_pf *pf);
void sgpu_pf_sysfs_fini(struct sgpu_pf *pf);

#endif /* SGPU_PF_H */
