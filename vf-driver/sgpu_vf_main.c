// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu VF driver: binds one virtual function of an sgpu GPU, in a guest or on
 * the host, checks its identity and proves its interrupt path.
 */
#include <linux/completion.h>
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/pci.h>

#include <sgpu/sgpu_regs.h>

#define SGPU_VF_DRV_NAME		"sgpu_vf"
#define SGPU_SELFTEST_TIMEOUT_MS	1000

struct sgpu_vf {
	struct pci_dev *pdev;
	void __iomem *regs;		/* BAR0 */
	u32 version;
	u32 index;			/* VF number within its PF */
	u64 window;			/* BAR2 size */
	struct completion selftest_done; /* completed from hard IRQ */
};

static const struct pci_device_id sgpu_vf_ids[] = {
	{ PCI_DEVICE(SGPU_PCI_VENDOR_ID, SGPU_PCI_DEVICE_ID_VF) },
	{ }
};
MODULE_DEVICE_TABLE(pci, sgpu_vf_ids);

static u32 sgpu_vf_rd(struct sgpu_vf *vf, u32 reg)
{
	return readl(vf->regs + reg);
}

static void sgpu_vf_wr(struct sgpu_vf *vf, u32 reg, u32 val)
{
	writel(val, vf->regs + reg);
}

/* Hard IRQ context. */
static irqreturn_t sgpu_vf_irq(int irq, void *data)
{
	struct sgpu_vf *vf = data;
	u32 status = sgpu_vf_rd(vf, SGPU_REG_IRQ_STATUS);

	if (!status)
		return IRQ_NONE;
	sgpu_vf_wr(vf, SGPU_REG_IRQ_STATUS, status);
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
	return 0;
}

static int sgpu_vf_setup_irqs(struct sgpu_vf *vf)
{
	struct pci_dev *pdev = vf->pdev;
	int irq, ret;

	ret = pci_alloc_irq_vectors(pdev, SGPU_VF_MSIX_VECTORS,
				    SGPU_VF_MSIX_VECTORS, PCI_IRQ_MSIX);
	if (ret < 0) {
		pci_err(pdev, "cannot allocate %d MSI-X vectors: %d\n",
			SGPU_VF_MSIX_VECTORS, ret);
		return ret;
	}
	irq = pci_irq_vector(pdev, 0);
	ret = request_irq(irq, sgpu_vf_irq, 0, SGPU_VF_DRV_NAME, vf);
	if (ret) {
		pci_err(pdev, "cannot request IRQ %d: %d\n", irq, ret);
		goto err_vectors;
	}
	sgpu_vf_wr(vf, SGPU_REG_IRQ_RAISE, SGPU_IRQ_SELFTEST);
	if (!wait_for_completion_timeout(&vf->selftest_done,
					 msecs_to_jiffies(SGPU_SELFTEST_TIMEOUT_MS))) {
		pci_err(pdev, "MSI-X self-test: no interrupt on vector 0 within %d ms\n",
			SGPU_SELFTEST_TIMEOUT_MS);
		ret = -EIO;
		goto err_irq;
	}
	return 0;

err_irq:
	free_irq(irq, vf);
err_vectors:
	pci_free_irq_vectors(pdev);
	return ret;
}

static int sgpu_vf_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct sgpu_vf *vf;
	int ret;

	vf = devm_kzalloc(&pdev->dev, sizeof(*vf), GFP_KERNEL);
	if (!vf)
		return -ENOMEM;
	vf->pdev = pdev;
	init_completion(&vf->selftest_done);

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	ret = pcim_iomap_regions(pdev, BIT(SGPU_BAR_REGS), SGPU_VF_DRV_NAME);
	if (ret) {
		pci_err(pdev, "cannot map BAR%d: %d\n", SGPU_BAR_REGS, ret);
		return ret;
	}
	vf->regs = pcim_iomap_table(pdev)[SGPU_BAR_REGS];
	pci_set_master(pdev);
	pci_set_drvdata(pdev, vf);

	ret = sgpu_vf_check_identity(vf);
	if (ret)
		return ret;
	ret = sgpu_vf_setup_irqs(vf);
	if (ret)
		return ret;

	pci_info(pdev, "sgpu VF %u (ABI %u.%u), %llu MiB VRAM window\n",
		 vf->index, SGPU_VERSION_MAJOR(vf->version),
		 SGPU_VERSION_MINOR(vf->version), vf->window >> 20);
	return 0;
}

static void sgpu_vf_remove(struct pci_dev *pdev)
{
	struct sgpu_vf *vf = pci_get_drvdata(pdev);

	free_irq(pci_irq_vector(pdev, 0), vf);
	pci_free_irq_vectors(pdev);
}

static struct pci_driver sgpu_vf_driver = {
	.name = SGPU_VF_DRV_NAME,
	.id_table = sgpu_vf_ids,
	.probe = sgpu_vf_probe,
	.remove = sgpu_vf_remove,
};
module_pci_driver(sgpu_vf_driver);

MODULE_DESCRIPTION("sgpu SR-IOV GPU virtual function driver");
MODULE_LICENSE("GPL");
