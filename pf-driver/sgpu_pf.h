/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sgpu PF driver: state shared by the PF driver's files.
 */
#ifndef SGPU_PF_H
#define SGPU_PF_H

#include <linux/completion.h>
#include <linux/kobject.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include <sgpu/sgpu_regs.h>

#include "sgpu_plan.h"

#define SGPU_PF_DRV_NAME	"sgpu_pf"
/* VFs bound to this driver are ours; any other driver is a foreign user. */
#define SGPU_VF_DRV_NAME	"sgpu_vf"
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

/*
 * Admin state of one VF number, whether or not that VF exists now. Freed
 * by its kobject's release.
 */
struct sgpu_pf_vf {
	struct kobject kobj;		/* .../<PF>/sgpu/vf<N> */
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
	u32 sessions;			/* user sessions it reports open */
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
	struct sgpu_pf_vf **vfs;	/* res.total_vfs of them */

	/* Firmware commands: one at a time under fw_lock. */
	struct mutex fw_lock;
	struct completion fw_done;	/* completed from hard IRQ */

	struct kobject *kobj;		/* .../<PF>/sgpu, see sgpu_pf_sysfs.c */

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
int sgpu_pf_fw_cmd(struct sgpu_pf *pf, u32 cmd, const u32 *args,
		   unsigned int nargs, u32 *resp, unsigned int nresp);
int sgpu_pf_fw_counters(struct sgpu_pf *pf, unsigned int vf, u32 *counters);

/* sgpu_pf_provision.c */
int sgpu_pf_provision_vfs(struct sgpu_pf *pf, unsigned int n);
void sgpu_pf_unprovision_vfs(struct sgpu_pf *pf, unsigned int n);

/* sgpu_pf_sriov.c */
int sgpu_pf_sriov_configure(struct pci_dev *pdev, int num_vfs);
unsigned int sgpu_pf_vfs_in_use(struct sgpu_pf *pf);
void sgpu_pf_sriov_remove(struct sgpu_pf *pf);

/* sgpu_pf_mbox.c; sgpu_pf_mbox_irq runs in hard IRQ context. */
irqreturn_t sgpu_pf_mbox_irq(int irq, void *data);
void sgpu_pf_mbox_work(struct work_struct *work);

/* sgpu_pf_bench.c; sgpu_pf_job_irq runs in hard IRQ context. */
irqreturn_t sgpu_pf_job_irq(int irq, void *data);
void sgpu_pf_bench_module_init(void);
void sgpu_pf_bench_module_exit(void);
void sgpu_pf_bench_init(struct sgpu_pf *pf);
void sgpu_pf_bench_fini(struct sgpu_pf *pf);

/* sgpu_pf_sysfs.c */
int sgpu_pf_sysfs_init(struct sgpu_pf *pf);
void sgpu_pf_sysfs_fini(struct sgpu_pf *pf);

#endif /* SGPU_PF_H */
