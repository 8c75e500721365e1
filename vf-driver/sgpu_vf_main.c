// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu VF driver: binds one virtual function of an sgpu GPU, in a guest or
 * on the host. It checks the VF's identity, proves its interrupt path,
 * greets the PF on the mailbox and learns its slice, sets up the MMU and
 * the engines, and offers the slice to userspace as /dev/sgpu-vf<N>.
 */
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "sgpu_vf.h"

#define SGPU_SELFTEST_TIMEOUT_MS	1000

static const struct pci_device_id sgpu_vf_ids[] = {
	{ PCI_DEVICE(SGPU_PCI_VENDOR_ID, SGPU_PCI_DEVICE_ID_VF) },
	{ }
};
MODULE_DEVICE_TABLE(pci, sgpu_vf_ids);

static void sgpu_vf_release(struct kref *ref)
{
	struct sgpu_vf *vf = container_of(ref, struct sgpu_vf, ref);

	sgpu_vf_mem_fini(vf);
	pci_dev_put(vf->pdev);
	kfree(vf);
}

void sgpu_vf_put(struct sgpu_vf *vf)
{
	kref_put(&vf->ref, sgpu_vf_release);
}

/* Hard IRQ context: the mailbox vector also carries the self-test. */
static irqreturn_t sgpu_vf_mbox_irq(int irq, void *data)
{
	struct sgpu_vf *vf = data;
	u32 status = sgpu_vf_rd(vf, SGPU_REG_IRQ_STATUS) &
		     (SGPU_IRQ_MBOX | SGPU_IRQ_SELFTEST);

	if (!status)
		return IRQ_NONE;
	sgpu_vf_wr(vf, SGPU_REG_IRQ_STATUS, status);
	if (status & SGPU_IRQ_MBOX)
		complete(&vf->mbox_done);
	if (status & SGPU_IRQ_SELFTEST)
		complete(&vf->selftest_done);
	return IRQ_HANDLED;
}

static int sgpu_vf_check_identity(struct sgpu_vf *vf)
{
	struct pci_dev *pdev = vf->pdev;
	u32 id = sgpu_vf_rd(vf, SGPU_REG_ID);
	u32 ver = sgpu_vf_rd(vf, SGPU_REG_VERSION);
	u32 fn = sgpu_vf_rd(vf, SGPU_REG_FUNCTION);

	if (id != SGPU_ID_MAGIC) {
		pci_err(pdev, "BAR0 identity reads %#010x, expected %#010x: not an sgpu VF\n",
			id, SGPU_ID_MAGIC);
		return -ENODEV;
	}
	if (SGPU_VERSION_MAJOR(ver) != SGPU_ABI_MAJOR) {
		pci_err(pdev, "VF speaks sgpu ABI %u.%u, this driver only %u.x: refusing it\n",
			SGPU_VERSION_MAJOR(ver), SGPU_VERSION_MINOR(ver),
			SGPU_ABI_MAJOR);
		return -ENODEV;
	}
	if (!(fn & SGPU_FUNCTION_IS_VF)) {
		pci_err(pdev, "function register %#x does not describe a VF\n",
			fn);
		return -ENODEV;
	}
	vf->version = ver;
	vf->index = SGPU_FUNCTION_VF_INDEX(fn);
	vf->window = sgpu_vf_rd(vf, SGPU_REG_VF_WINDOW_LO) |
		     (u64)sgpu_vf_rd(vf, SGPU_REG_VF_WINDOW_HI) << 32;
	vf->mmu_units = sgpu_vf_rd(vf, SGPU_REG_MMU_UNITS);
	vf->dma_channels = sgpu_vf_rd(vf, SGPU_REG_DMA_CHANNELS);
	vf->codec_cores = sgpu_vf_rd(vf, SGPU_REG_CODEC_CORES);
	vf->vram_size = sgpu_vf_rd(vf, SGPU_REG_VRAM_SIZE_LO) |
			(u64)sgpu_vf_rd(vf, SGPU_REG_VRAM_SIZE_HI) << 32;
	if (!vf->mmu_units || !vf->dma_channels || !vf->vram_size) {
		pci_err(pdev, "VF %u has no slice (mmu %u dma %u vram %llu): the PF did not provision it\n",
			vf->index, vf->mmu_units, vf->dma_channels,
			vf->vram_size);
		return -ENODEV;
	}
	/*
	 * An unassigned BAR reads as length 0: say so, since it is the
	 * platform's doing (a VF hot-added to a VM's PCIe port whose
	 * prefetchable window is too small), not the device's.
	 */
	if (!pci_resource_len(pdev, SGPU_BAR_VRAM)) {
		pci_err(pdev, "VRAM BAR %d (%llu bytes) got no MMIO space: a hot-added VF needs a port with that much prefetchable window\n",
			SGPU_BAR_VRAM, vf->window);
		return -ENOMEM;
	}
	if (vf->mmu_units > SGPU_VF_MAX_MMU ||
	    vf->dma_channels + vf->codec_cores > SGPU_VF_MAX_ENGINES ||
	    vf->vram_size > vf->window ||
	    vf->window > pci_resource_len(pdev, SGPU_BAR_VRAM)) {
		pci_err(pdev, "slice registers are inconsistent (mmu %u engines %u vram %llu window %llu)\n",
			vf->mmu_units, vf->dma_channels + vf->codec_cores,
			vf->vram_size, vf->window);
		return -EIO;
	}
	return 0;
}

static int sgpu_vf_setup_irqs(struct sgpu_vf *vf)
{
	struct pci_dev *pdev = vf->pdev;
	int ret;

	ret = pci_alloc_irq_vectors(pdev, SGPU_VF_MSIX_VECTORS,
				    SGPU_VF_MSIX_VECTORS, PCI_IRQ_MSIX);
	if (ret < 0) {
		pci_err(pdev, "cannot allocate %d MSI-X vectors: %d\n",
			SGPU_VF_MSIX_VECTORS, ret);
		return ret;
	}
	ret = request_irq(pci_irq_vector(pdev, SGPU_VF_VEC_MBOX),
			  sgpu_vf_mbox_irq, 0, SGPU_VF_DRV_NAME, vf);
	if (ret)
		goto err_vectors;
	ret = request_irq(pci_irq_vector(pdev, SGPU_VF_VEC_JOB),
			  sgpu_vf_job_irq, 0, SGPU_VF_DRV_NAME, vf);
	if (ret)
		goto err_mbox;
	ret = request_irq(pci_irq_vector(pdev, SGPU_VF_VEC_ERROR),
			  sgpu_vf_error_irq, 0, SGPU_VF_DRV_NAME, vf);
	if (ret)
		goto err_job;
	sgpu_vf_wr(vf, SGPU_REG_IRQ_RAISE, SGPU_IRQ_SELFTEST);
	if (!wait_for_completion_timeout(&vf->selftest_done,
					 msecs_to_jiffies(SGPU_SELFTEST_TIMEOUT_MS))) {
		pci_err(pdev, "MSI-X self-test: no interrupt on vector %d within %d ms\n",
			SGPU_VF_VEC_MBOX, SGPU_SELFTEST_TIMEOUT_MS);
		ret = -EIO;
		goto err_error;
	}
	return 0;

err_error:
	free_irq(pci_irq_vector(pdev, SGPU_VF_VEC_ERROR), vf);
err_job:
	free_irq(pci_irq_vector(pdev, SGPU_VF_VEC_JOB), vf);
err_mbox:
	free_irq(pci_irq_vector(pdev, SGPU_VF_VEC_MBOX), vf);
err_vectors:
	pci_free_irq_vectors(pdev);
	if (ret)
		pci_err(pdev, "cannot set up interrupts: %d\n", ret);
	return ret;
}

static void sgpu_vf_teardown_irqs(struct sgpu_vf *vf)
{
	struct pci_dev *pdev = vf->pdev;

	free_irq(pci_irq_vector(pdev, SGPU_VF_VEC_ERROR), vf);
	free_irq(pci_irq_vector(pdev, SGPU_VF_VEC_JOB), vf);
	free_irq(pci_irq_vector(pdev, SGPU_VF_VEC_MBOX), vf);
	pci_free_irq_vectors(pdev);
}

static int sgpu_vf_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct sgpu_vf *vf;
	int ret;

	vf = kzalloc(sizeof(*vf), GFP_KERNEL);
	if (!vf)
		return -ENOMEM;
	kref_init(&vf->ref);
	vf->pdev = pci_dev_get(pdev);
	vf->profile = -1;
	init_rwsem(&vf->gone_sem);
	init_waitqueue_head(&vf->state_wq);
	mutex_init(&vf->mem_lock);
	mutex_init(&vf->mbox_lock);
	mutex_init(&vf->files_lock);
	mutex_init(&vf->map_lock);
	INIT_LIST_HEAD(&vf->files);
	INIT_LIST_HEAD(&vf->bos);
	init_completion(&vf->mbox_done);
	init_completion(&vf->selftest_done);
	INIT_WORK(&vf->error_work, sgpu_vf_error_work);
	INIT_WORK(&vf->retire_work, sgpu_vf_retire_work);

	ret = pcim_enable_device(pdev);
	if (ret)
		goto err_put;
	ret = pcim_iomap_regions(pdev, BIT(SGPU_BAR_REGS), SGPU_VF_DRV_NAME);
	if (ret) {
		pci_err(pdev, "cannot map BAR%d: %d\n", SGPU_BAR_REGS, ret);
		goto err_put;
	}
	vf->regs = pcim_iomap_table(pdev)[SGPU_BAR_REGS];
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (ret)
		goto err_put;
	pci_set_master(pdev);
	pci_set_drvdata(pdev, vf);

	ret = sgpu_vf_check_identity(vf);
	if (ret)
		goto err_put;
	vf->vram_phys = pci_resource_start(pdev, SGPU_BAR_VRAM);
	vf->vram = devm_ioremap_wc(&pdev->dev, vf->vram_phys, vf->vram_size);
	if (!vf->vram) {
		pci_err(pdev, "cannot map the %llu-byte VRAM slice\n",
			vf->vram_size);
		ret = -ENOMEM;
		goto err_put;
	}
	ret = sgpu_vf_setup_irqs(vf);
	if (ret)
		goto err_put;
	vf->resets_seen = sgpu_vf_rd(vf, SGPU_REG_RESETS);
	ret = sgpu_vf_mbox_hello(vf);
	if (ret)
		goto err_irqs;
	ret = sgpu_vf_mem_init(vf);
	if (ret)
		goto err_irqs;
	ret = sgpu_vf_engines_init(vf);
	if (ret)
		goto err_engines;
	ret = sgpu_vf_cdev_add(vf);
	if (ret)
		goto err_engines;
	sgpu_vf_debugfs_add(vf);

	pci_info(pdev, "sgpu VF %u (ABI %u.%u, mailbox v%u): %u MMU units, %u DMA channels, %u codec cores, %llu MiB VRAM; /dev/sgpu-vf%d\n",
		 vf->index, SGPU_VERSION_MAJOR(vf->version),
		 SGPU_VERSION_MINOR(vf->version), vf->mbox_version,
		 vf->mmu_units, vf->dma_channels, vf->codec_cores,
		 vf->vram_size >> 20, vf->minor);
	return 0;

err_engines:
	sgpu_vf_engines_fini(vf);
err_irqs:
	sgpu_vf_teardown_irqs(vf);
	cancel_work_sync(&vf->error_work);
	cancel_work_sync(&vf->retire_work);
err_put:
	sgpu_vf_put(vf);
	return ret;
}

static void sgpu_vf_remove(struct pci_dev *pdev)
{
	struct sgpu_vf *vf = pci_get_drvdata(pdev);

	/*
	 * Waiters (a full ring, WAIT, a reset in flight) give up when they see
	 * @gone: tell them before waiting for their read locks to go. From
	 * the write lock on, no ioctl, mmap or open touches the device.
	 */
	mutex_lock(&vf->map_lock);	/* no VRAM fault maps past this */
	WRITE_ONCE(vf->gone, true);
	mutex_unlock(&vf->map_lock);
	sgpu_vf_engines_wake(vf);
	wake_up_all(&vf->state_wq);
	down_write(&vf->gone_sem);
	up_write(&vf->gone_sem);
	/*
	 * Files still open are sessions of a driver that is going: tell the
	 * PF there are none. Always: a file released after @gone was set
	 * reported nothing, so the PF may still count it.
	 */
	mutex_lock(&vf->files_lock);
	if (READ_ONCE(vf->state) == SGPU_VF_RUNNING ||
	    READ_ONCE(vf->state) == SGPU_VF_QUARANTINED)
		sgpu_vf_mbox_sessions(vf, 0);
	mutex_unlock(&vf->files_lock);

	sgpu_vf_debugfs_del(vf);
	sgpu_vf_engines_stop(vf);
	sgpu_vf_cdev_del(vf);
	sgpu_vf_unmap_all(vf);
	sgpu_vf_teardown_irqs(vf);
	cancel_work_sync(&vf->error_work);
	cancel_work_sync(&vf->retire_work);
	sgpu_vf_engines_fini(vf);
	sgpu_vf_wr(vf, SGPU_VF_MMU(0) + SGPU_MMU_CTRL, 0);
	sgpu_vf_put(vf);
}

static struct pci_driver sgpu_vf_driver = {
	.name = SGPU_VF_DRV_NAME,
	.id_table = sgpu_vf_ids,
	.probe = sgpu_vf_probe,
	.remove = sgpu_vf_remove,
	.err_handler = &sgpu_vf_err_handlers,
	.dev_groups = sgpu_vf_groups,
};

static int __init sgpu_vf_init(void)
{
	int ret = sgpu_vf_cdev_init();

	if (ret)
		return ret;
	sgpu_vf_debugfs_init();
	ret = pci_register_driver(&sgpu_vf_driver);
	if (ret) {
		sgpu_vf_debugfs_exit();
		sgpu_vf_cdev_exit();
	}
	return ret;
}

static void __exit sgpu_vf_exit(void)
{
	pci_unregister_driver(&sgpu_vf_driver);
	sgpu_vf_debugfs_exit();
	sgpu_vf_cdev_exit();
}

module_init(sgpu_vf_init);
module_exit(sgpu_vf_exit);

MODULE_DESCRIPTION("sgpu SR-IOV GPU virtual function driver");
MODULE_LICENSE("GPL");
