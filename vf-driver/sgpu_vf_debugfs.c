// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu VF driver: debugfs, for people chasing a stuck job.
 *
 * /sys/kernel/debug/sgpu_vf/<BDF>/state shows what the device says (its
 * STATUS, RESETS, MMU unit 0 and every engine's registers) next to what
 * the driver believes (its state and each engine's sequence numbers).
 */
#include <linux/debugfs.h>
#include <linux/pci.h>
#include <linux/seq_file.h>

#include "sgpu_vf.h"

static struct dentry *sgpu_vf_debugfs_root;

static int sgpu_vf_state_dump(struct seq_file *m, void *unused)
{
	struct sgpu_vf *vf = m->private;
	unsigned long flags;
	unsigned int e;
	u32 mmu = SGPU_VF_MMU(0);

	down_read(&vf->gone_sem);
	if (READ_ONCE(vf->gone)) {
		up_read(&vf->gone_sem);
		return -ENODEV;
	}
	seq_printf(m, "driver state %d resets_seen %u resets_done %u reinit_again %u\n",
		   READ_ONCE(vf->state), vf->resets_seen, vf->resets_done,
		   vf->reinit_again);
	seq_printf(m, "STATUS %#x RESETS %u IRQ_STATUS %#x\n",
		   sgpu_vf_rd(vf, SGPU_REG_STATUS),
		   sgpu_vf_rd(vf, SGPU_REG_RESETS),
		   sgpu_vf_rd(vf, SGPU_REG_IRQ_STATUS));
	seq_printf(m, "MMU0 PT_BASE %#x CTRL %#x FAULT_STATUS %#x\n",
		   sgpu_vf_rd(vf, mmu + SGPU_MMU_PT_BASE_LO),
		   sgpu_vf_rd(vf, mmu + SGPU_MMU_CTRL),
		   sgpu_vf_rd(vf, mmu + SGPU_MMU_FAULT_STATUS));
	for (e = 0; e < vf->nr_engines; e++) {
		struct sgpu_engine *eng = &vf->engines[e];

		seq_printf(m, "engine %u HEAD %u TAIL %u CTRL %#x STATUS %#x DONE %u",
			   e, sgpu_vf_rd(vf, sgpu_eng_reg(e, SGPU_ENG_RING_HEAD)),
			   sgpu_vf_rd(vf, sgpu_eng_reg(e, SGPU_ENG_RING_TAIL)),
			   sgpu_vf_rd(vf, sgpu_eng_reg(e, SGPU_ENG_CTRL)),
			   sgpu_vf_rd(vf, sgpu_eng_reg(e, SGPU_ENG_STATUS)),
			   sgpu_vf_rd(vf, sgpu_eng_reg(e, SGPU_ENG_DONE)));
		spin_lock_irqsave(&eng->lock, flags);
		seq_printf(m, " | submitted %llu completed %llu retired %llu slot0 %llu done_seen %u\n",
			   eng->submitted, eng->completed, eng->retired,
			   eng->slot0_seq, eng->done_seen);
		spin_unlock_irqrestore(&eng->lock, flags);
	}
	up_read(&vf->gone_sem);
	return 0;
}

static int sgpu_vf_state_open(struct inode *inode, struct file *file)
{
	return single_open(file, sgpu_vf_state_dump, inode->i_private);
}

static const struct file_operations sgpu_vf_state_fops = {
	.owner = THIS_MODULE,
	.open = sgpu_vf_state_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

void sgpu_vf_debugfs_add(struct sgpu_vf *vf)
{
	vf->debugfs = debugfs_create_dir(pci_name(vf->pdev),
					 sgpu_vf_debugfs_root);
	debugfs_create_file("state", 0400, vf->debugfs, vf,
			    &sgpu_vf_state_fops);
	/* Fault injection: widen the window a reset can land in. */
	debugfs_create_u32("inject_reinit_delay_ms", 0600, vf->debugfs,
			   &vf->inject_reinit_delay_ms);
}

void sgpu_vf_debugfs_del(struct sgpu_vf *vf)
{
	debugfs_remove_recursive(vf->debugfs);
}

void sgpu_vf_debugfs_init(void)
{
	sgpu_vf_debugfs_root = debugfs_create_dir(SGPU_VF_DRV_NAME, NULL);
}

void sgpu_vf_debugfs_exit(void)
{
	debugfs_remove_recursive(sgpu_vf_debugfs_root);
}
