// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu PF driver: binds the physical function of an sgpu SR-IOV GPU, checks
 * the device's ABI, reads its resources, sets up MSI-X and the firmware
 * link. SR-IOV lives in sgpu_pf_sriov.c, provisioning in
 * sgpu_pf_provision.c, the mailbox in sgpu_pf_mbox.c, the admin sysfs in
 * sgpu_pf_sysfs.c.
 */
#include <linux/debugfs.h>
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/pci.h>

#include <sgpu/sgpu_fw_cmd.h>
#include <sgpu/sgpu_regs.h>

#include "sgpu_pf.h"

#define SGPU_SELFTEST_TIMEOUT_MS	1000

static const struct pci_device_id sgpu_pf_ids[] = {
	{ PCI_DEVICE(SGPU_PCI_VENDOR_ID, SGPU_PCI_DEVICE_ID_PF) },
	{ }
};
MODULE_DEVICE_TABLE(pci, sgpu_pf_ids);

#define SGPU_PF_EVENT_CAUSES	(SGPU_IRQ_FW | SGPU_IRQ_ERROR | \
				 SGPU_IRQ_VF_EVENT | SGPU_IRQ_SELFTEST)

/* Hard IRQ context. */
static irqreturn_t sgpu_pf_event_irq(int irq, void *data)
{
	struct sgpu_pf *pf = data;
	u32 status = sgpu_pf_rd(pf, SGPU_REG_IRQ_STATUS) & SGPU_PF_EVENT_CAUSES;

	if (!status)
		return IRQ_NONE;
	sgpu_pf_wr(pf, SGPU_REG_IRQ_STATUS, status);
	atomic_inc(&pf->event_irqs);
	if (status & SGPU_IRQ_FW)
		wake_up(&pf->fw_wq);
	if (status & SGPU_IRQ_SELFTEST)
		complete(&pf->selftest_done);
	if (status & SGPU_IRQ_ERROR)
		dev_warn_ratelimited(&pf->pdev->dev, "a PF engine stopped on an error\n");
	if (status & SGPU_IRQ_VF_EVENT)
		schedule_work(&pf->event_work);
	return IRQ_HANDLED;
}

static int sgpu_pf_check_identity(struct sgpu_pf *pf)
{
	struct pci_dev *pdev = pf->pdev;
	u32 id = sgpu_pf_rd(pf, SGPU_REG_ID);
	u32 ver = sgpu_pf_rd(pf, SGPU_REG_VERSION);

	if (id != SGPU_ID_MAGIC) {
		pci_err(pdev, "BAR0 identity reads %#010x, expected %#010x: not an sgpu\n",
			id, SGPU_ID_MAGIC);
		return -ENODEV;
	}
	if (SGPU_VERSION_MAJOR(ver) != SGPU_ABI_MAJOR) {
		pci_err(pdev, "device speaks sgpu ABI %u.%u, this driver only %u.x: refusing it\n",
			SGPU_VERSION_MAJOR(ver), SGPU_VERSION_MINOR(ver),
			SGPU_ABI_MAJOR);
		return -ENODEV;
	}
	if (!(sgpu_pf_rd(pf, SGPU_REG_STATUS) & SGPU_STATUS_READY)) {
		pci_err(pdev, "device is not ready\n");
		return -ENODEV;
	}
	pf->version = ver;
	return 0;
}

static u64 sgpu_pf_rd64(struct sgpu_pf *pf, u32 lo, u32 hi)
{
	return sgpu_pf_rd(pf, lo) | (u64)sgpu_pf_rd(pf, hi) << 32;
}

static int sgpu_pf_read_resources(struct sgpu_pf *pf)
{
	struct sgpu_pf_resources *res = &pf->res;
	struct pci_dev *pdev = pf->pdev;

	res->mmu_units = sgpu_pf_rd(pf, SGPU_REG_MMU_UNITS);
	res->dma_channels = sgpu_pf_rd(pf, SGPU_REG_DMA_CHANNELS);
	res->codec_cores = sgpu_pf_rd(pf, SGPU_REG_CODEC_CORES);
	res->total_vfs = sgpu_pf_rd(pf, SGPU_REG_TOTAL_VFS);
	res->vram_size = sgpu_pf_rd64(pf, SGPU_REG_VRAM_SIZE_LO,
				      SGPU_REG_VRAM_SIZE_HI);
	res->vf_window = sgpu_pf_rd64(pf, SGPU_REG_VF_WINDOW_LO,
				      SGPU_REG_VF_WINDOW_HI);

	/* The device validates its shape; a driver still trusts nothing. */
	if (!res->mmu_units || res->mmu_units > SGPU_MAX_MMU_UNITS ||
	    !res->dma_channels || res->dma_channels > SGPU_MAX_DMA_CHANNELS ||
	    res->codec_cores > SGPU_MAX_CODEC_CORES ||
	    res->total_vfs != pci_sriov_get_totalvfs(pdev) ||
	    res->vram_size != pci_resource_len(pdev, SGPU_BAR_VRAM)) {
		pci_err(pdev, "resource registers are inconsistent (mmu %u dma %u codec %u vfs %u vram %llu, BAR2 %llu, TotalVFs %d)\n",
			res->mmu_units, res->dma_channels, res->codec_cores,
			res->total_vfs, res->vram_size,
			(u64)pci_resource_len(pdev, SGPU_BAR_VRAM),
			pci_sriov_get_totalvfs(pdev));
		return -EIO;
	}
	return 0;
}

/* Prove the interrupt path (MSI-X through any IOMMU remapping) works. */
static int sgpu_pf_irq_selftest(struct sgpu_pf *pf)
{
	reinit_completion(&pf->selftest_done);
	sgpu_pf_wr(pf, SGPU_REG_IRQ_RAISE, SGPU_IRQ_SELFTEST);
	if (!wait_for_completion_timeout(&pf->selftest_done,
					 msecs_to_jiffies(SGPU_SELFTEST_TIMEOUT_MS))) {
		pci_err(pf->pdev, "MSI-X self-test: no interrupt on vector %d within %d ms\n",
			SGPU_PF_VEC_EVENT, SGPU_SELFTEST_TIMEOUT_MS);
		return -EIO;
	}
	return 0;
}

static int sgpu_pf_setup_irqs(struct sgpu_pf *pf)
{
	struct pci_dev *pdev = pf->pdev;
	int ret;

	ret = pci_alloc_irq_vectors(pdev, SGPU_PF_MSIX_VECTORS,
				    SGPU_PF_MSIX_VECTORS, PCI_IRQ_MSIX);
	if (ret < 0) {
		pci_err(pdev, "cannot allocate %d MSI-X vectors: %d\n",
			SGPU_PF_MSIX_VECTORS, ret);
		return ret;
	}
	ret = request_irq(pci_irq_vector(pdev, SGPU_PF_VEC_EVENT),
			  sgpu_pf_event_irq, 0, SGPU_PF_DRV_NAME, pf);
	if (ret) {
		pci_err(pdev, "cannot request the event IRQ: %d\n", ret);
		goto err_vectors;
	}
	ret = request_irq(pci_irq_vector(pdev, SGPU_PF_VEC_MBOX),
			  sgpu_pf_mbox_irq, 0, SGPU_PF_DRV_NAME, pf);
	if (ret) {
		pci_err(pdev, "cannot request the mailbox IRQ: %d\n", ret);
		goto err_event;
	}
	ret = request_irq(pci_irq_vector(pdev, SGPU_PF_VEC_JOB),
			  sgpu_pf_job_irq, 0, SGPU_PF_DRV_NAME, pf);
	if (ret) {
		pci_err(pdev, "cannot request the job IRQ: %d\n", ret);
		goto err_mbox;
	}
	ret = sgpu_pf_irq_selftest(pf);
	if (ret)
		goto err_job;
	return 0;

err_job:
	free_irq(pci_irq_vector(pdev, SGPU_PF_VEC_JOB), pf);
err_mbox:
	free_irq(pci_irq_vector(pdev, SGPU_PF_VEC_MBOX), pf);
err_event:
	free_irq(pci_irq_vector(pdev, SGPU_PF_VEC_EVENT), pf);
err_vectors:
	pci_free_irq_vectors(pdev);
	return ret;
}

static void sgpu_pf_teardown_irqs(struct sgpu_pf *pf)
{
	free_irq(pci_irq_vector(pf->pdev, SGPU_PF_VEC_JOB), pf);
	free_irq(pci_irq_vector(pf->pdev, SGPU_PF_VEC_MBOX), pf);
	free_irq(pci_irq_vector(pf->pdev, SGPU_PF_VEC_EVENT), pf);
	pci_free_irq_vectors(pf->pdev);
}

/* The firmware must agree with the registers, and answer at all. */
static int sgpu_pf_fw_handshake(struct sgpu_pf *pf)
{
	struct sgpu_fw_query_resp r;
	int ret;

	ret = sgpu_pf_fw_cmd(pf, SGPU_FW_CMD_QUERY, NULL, 0, &r, sizeof(r));
	if (ret) {
		pci_err(pf->pdev, "firmware did not answer QUERY: %d\n", ret);
		return ret;
	}
	if (r.version != pf->version || r.mmu_units != pf->res.mmu_units ||
	    r.dma_channels != pf->res.dma_channels ||
	    r.codec_cores != pf->res.codec_cores ||
	    r.total_vfs != pf->res.total_vfs ||
	    sgpu_fw_u64(r.vram_size_lo, r.vram_size_hi) != pf->res.vram_size ||
	    sgpu_fw_u64(r.vf_window_lo, r.vf_window_hi) != pf->res.vf_window ||
	    !r.vram_granule || !is_power_of_2(r.vram_granule)) {
		pci_err(pf->pdev, "firmware and registers disagree about the GPU\n");
		return -EIO;
	}
	pf->gpu.mmu_units = pf->res.mmu_units;
	pf->gpu.dma_channels = pf->res.dma_channels;
	pf->gpu.codec_cores = pf->res.codec_cores;
	pf->gpu.vram_size = pf->res.vram_size;
	pf->gpu.vf_window = pf->res.vf_window;
	pf->gpu.granule = r.vram_granule;
	return 0;
}

/* By default the PF keeps one DMA channel and 1/16 of VRAM. */
static void sgpu_pf_default_config(struct sgpu_pf *pf)
{
	pf->reserve.dma = 1;
	pf->reserve.codec = 0;
	pf->reserve.vram = max_t(u64, pf->gpu.granule,
				 round_down(pf->gpu.vram_size / 16,
					    pf->gpu.granule));
	pf->default_profile = SGPU_NO_PROFILE;
	pf->guard.resets = 10;
	pf->guard.events = 1000;
	pf->guard.mbox = 10000;
	pf->guard.window_ms = 60000;
	pf->inject_fail_step = -1;
}

static struct dentry *sgpu_pf_debugfs_root;

/* /sys/kernel/debug/sgpu_pf/<PF>/: benchmarks, reset fault injection, firmware. */
static void sgpu_pf_debugfs_init(struct sgpu_pf *pf)
{
	pf->debugfs = debugfs_create_dir(pci_name(pf->pdev),
					 sgpu_pf_debugfs_root);
	sgpu_pf_bench_debugfs(pf);
	sgpu_pf_reset_debugfs(pf);
	sgpu_pf_fw_debugfs(pf);
}

static void sgpu_pf_debugfs_fini(struct sgpu_pf *pf)
{
	debugfs_remove_recursive(pf->debugfs);
}

/* Stop everything that runs on its own: workers, then interrupts. */
static void sgpu_pf_quiesce(struct sgpu_pf *pf)
{
	unsigned int i;

	cancel_work_sync(&pf->event_work);
	cancel_work_sync(&pf->mbox_work);
	for (i = 0; pf->vfs && i < pf->res.total_vfs; i++)
		if (pf->vfs[i])
			cancel_work_sync(&pf->vfs[i]->reset_work);
}

/* After a PF reset (below): disable the VFs it emptied. */
static void sgpu_pf_vf_teardown(struct work_struct *work)
{
	struct sgpu_pf *pf = container_of(to_delayed_work(work), struct sgpu_pf,
					  vf_teardown);
	struct device *dev = &pf->pdev->dev;

	/* sriov_numvfs and unbind hold the device lock: take turns. */
	if (!device_trylock(dev)) {
		schedule_delayed_work(&pf->vf_teardown, msecs_to_jiffies(10));
		return;
	}
	sgpu_pf_sriov_remove(pf, "PF reset emptied them");
	device_unlock(dev);
}

static int sgpu_pf_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct sgpu_pf *pf;
	int ret;

	pf = devm_kzalloc(&pdev->dev, sizeof(*pf), GFP_KERNEL);
	if (!pf)
		return -ENOMEM;
	pf->pdev = pdev;
	mutex_init(&pf->lock);
	mutex_init(&pf->fw_lock);
	mutex_init(&pf->bench_lock);
	init_waitqueue_head(&pf->fw_wq);
	init_completion(&pf->job_done);
	init_completion(&pf->selftest_done);
	INIT_WORK(&pf->mbox_work, sgpu_pf_mbox_work);
	INIT_WORK(&pf->event_work, sgpu_pf_event_work);
	INIT_DELAYED_WORK(&pf->vf_teardown, sgpu_pf_vf_teardown);
	atomic_set(&pf->event_irqs, 0);
	atomic_set(&pf->mbox_irqs, 0);

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	ret = pcim_iomap_regions(pdev, BIT(SGPU_BAR_REGS), SGPU_PF_DRV_NAME);
	if (ret) {
		pci_err(pdev, "cannot map BAR%d: %d\n", SGPU_BAR_REGS, ret);
		return ret;
	}
	pf->regs = pcim_iomap_table(pdev)[SGPU_BAR_REGS];
	pci_set_master(pdev);
	pci_set_drvdata(pdev, pf);

	ret = sgpu_pf_check_identity(pf);
	if (ret)
		return ret;
	ret = sgpu_pf_read_resources(pf);
	if (ret)
		return ret;
	ret = sgpu_pf_setup_irqs(pf);
	if (ret)
		return ret;
	ret = sgpu_pf_fw_handshake(pf);
	if (ret)
		goto err_irqs;
	sgpu_pf_default_config(pf);
	ret = sgpu_pf_sysfs_init(pf);
	if (ret)
		goto err_irqs;
	sgpu_pf_debugfs_init(pf);

	pci_info(pdev, "sgpu ABI %u.%u: %u MMU units, %u DMA channels, %u codec cores, %llu MiB VRAM, up to %u VFs with %llu MiB VRAM windows\n",
		 SGPU_VERSION_MAJOR(pf->version),
		 SGPU_VERSION_MINOR(pf->version), pf->res.mmu_units,
		 pf->res.dma_channels, pf->res.codec_cores,
		 pf->res.vram_size >> 20, pf->res.total_vfs,
		 pf->res.vf_window >> 20);
	return 0;

err_irqs:
	sgpu_pf_teardown_irqs(pf);
	sgpu_pf_quiesce(pf);
	return ret;
}

static void sgpu_pf_remove(struct pci_dev *pdev)
{
	struct sgpu_pf *pf = pci_get_drvdata(pdev);

	/* No store may run on into the rest: IRQs go below. */
	sgpu_pf_sysfs_fini(pf);
	cancel_delayed_work_sync(&pf->vf_teardown);
	sgpu_pf_sriov_remove(pf, "driver going away");
	sgpu_pf_debugfs_fini(pf);
	sgpu_pf_teardown_irqs(pf);
	sgpu_pf_quiesce(pf);
}

/*
 * A reset of the PF resets the whole GPU: the firmware forgets every slice
 * and the device drops its VFs. The PCI core then restores VF Enable with
 * the rest of the PF's saved state, so the VFs come back empty: they run
 * nothing. They cannot be disabled from these handlers -- the core holds
 * the PF's config lock, which pci_disable_sriov() takes too -- so
 * vf_teardown does it once the reset is done.
 */
static void sgpu_pf_reset_prepare(struct pci_dev *pdev)
{
	sgpu_pf_quiesce(pci_get_drvdata(pdev));
}

static void sgpu_pf_reset_done(struct pci_dev *pdev)
{
	struct sgpu_pf *pf = pci_get_drvdata(pdev);
	int n = pci_num_vf(pdev);
	unsigned int i;

	mutex_lock(&pf->lock);
	for (i = 0; i < pf->res.total_vfs; i++)
		pf->vfs[i]->provisioned = false;	/* the firmware has none */
	mutex_unlock(&pf->lock);
	if (sgpu_pf_fw_handshake(pf))
		pci_err(pdev, "firmware did not come back after the PF reset\n");
	else
		pci_info(pdev, "PF reset: GPU back at power-on state\n");
	if (n) {
		pci_warn(pdev, "PF reset: its %d VFs lost their slices; disabling them\n",
			 n);
		schedule_delayed_work(&pf->vf_teardown, 0);
	}
}

static const struct pci_error_handlers sgpu_pf_err_handlers = {
	.reset_prepare = sgpu_pf_reset_prepare,
	.reset_done = sgpu_pf_reset_done,
};

static struct pci_driver sgpu_pf_driver = {
	.name = SGPU_PF_DRV_NAME,
	.id_table = sgpu_pf_ids,
	.probe = sgpu_pf_probe,
	.remove = sgpu_pf_remove,
	.sriov_configure = sgpu_pf_sriov_configure,
	.err_handler = &sgpu_pf_err_handlers,
	.dev_groups = sgpu_pf_groups,
};

static int __init sgpu_pf_init(void)
{
	int ret;

	sgpu_pf_debugfs_root = debugfs_create_dir(SGPU_PF_DRV_NAME, NULL);
	ret = pci_register_driver(&sgpu_pf_driver);
	if (ret)
		debugfs_remove_recursive(sgpu_pf_debugfs_root);
	return ret;
}

static void __exit sgpu_pf_exit(void)
{
	pci_unregister_driver(&sgpu_pf_driver);
	debugfs_remove_recursive(sgpu_pf_debugfs_root);
}

module_init(sgpu_pf_init);
module_exit(sgpu_pf_exit);

MODULE_DESCRIPTION("sgpu SR-IOV GPU physical function driver");
MODULE_LICENSE("GPL");
