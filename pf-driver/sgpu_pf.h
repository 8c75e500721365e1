/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sgpu PF driver: state shared by the PF driver's files.
 */
#ifndef SGPU_PF_H
#define SGPU_PF_H

#include <linux/completion.h>
#include <linux/pci.h>
#include <linux/types.h>

#define SGPU_PF_DRV_NAME	"sgpu_pf"
/* VFs bound to this driver are ours; any other driver is a foreign user. */
#define SGPU_VF_DRV_NAME	"sgpu_vf"

/* What the device says it has, read once at probe. Read-only afterwards. */
struct sgpu_pf_resources {
	u32 mmu_units;
	u32 dma_channels;
	u32 codec_cores;
	u32 total_vfs;
	u64 vram_size;
	u64 vf_window;
};

struct sgpu_pf {
	struct pci_dev *pdev;
	void __iomem *regs;		/* BAR0 */
	u32 version;			/* SGPU_REG_VERSION at probe */
	struct sgpu_pf_resources res;

	/* MSI-X self-test: completed from the event vector's hard IRQ. */
	struct completion selftest_done;
	atomic_t event_irqs;		/* event-vector interrupts taken */
};

static inline u32 sgpu_pf_rd(struct sgpu_pf *pf, u32 reg)
{
	return readl(pf->regs + reg);
}

static inline void sgpu_pf_wr(struct sgpu_pf *pf, u32 reg, u32 val)
{
	writel(val, pf->regs + reg);
}

/* sgpu_pf_sriov.c */
int sgpu_pf_sriov_configure(struct pci_dev *pdev, int num_vfs);
unsigned int sgpu_pf_vfs_in_use(struct sgpu_pf *pf);
void sgpu_pf_sriov_remove(struct sgpu_pf *pf);

/* sgpu_pf_sysfs.c */
extern const struct attribute_group *sgpu_pf_groups[];

#endif /* SGPU_PF_H */
