// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu PF driver: enabling and disabling VFs (sriov_configure).
 *
 * Enable: provision the slices, then pci_enable_sriov(). Disable: refuse
 * while any VF is used by a driver other than sgpu_vf (vfio-pci never marks
 * a VF assigned, so pci_vfs_assigned() cannot tell) or while a VF driver
 * reports open user sessions, then pci_disable_sriov() (the device scrubs
 * each VF as it goes), then unprovision.
 *
 * Locking: the PCI core calls sriov_configure with the PF's device lock and
 * the rescan/remove lock held, which serialises enable and disable. Each
 * VF's driver is read under that VF's device lock (PF lock, then VF lock:
 * the same order the core uses when it removes VFs).
 */
#include <linux/device.h>
#include <linux/pci.h>

#include <sgpu/sgpu_regs.h>

#include "sgpu_pf.h"

/*
 * The VF of @pf after @from (NULL: the first), with a reference held; the
 * reference on @from is dropped. NULL when there are no more.
 */
static struct pci_dev *sgpu_pf_next_vf(struct sgpu_pf *pf, struct pci_dev *from)
{
	struct pci_dev *vf = from;

	while ((vf = pci_get_device(SGPU_PCI_VENDOR_ID, SGPU_PCI_DEVICE_ID_VF,
				    vf))) {
		if (vf->is_virtfn && pci_physfn(vf) == pf->pdev)
			return vf;
	}
	return NULL;
}

/* VFs bound to any driver right now (ours, vfio-pci, pci-stub, ...). */
unsigned int sgpu_pf_vfs_in_use(struct sgpu_pf *pf)
{
	struct pci_dev *vf = NULL;
	unsigned int n = 0;

	while ((vf = sgpu_pf_next_vf(pf, vf))) {
		device_lock(&vf->dev);
		n += !!vf->dev.driver;
		device_unlock(&vf->dev);
	}
	return n;
}

/* -EBUSY if a VF is bound to a driver other than sgpu_vf, naming it. */
static int sgpu_pf_refuse_foreign(struct sgpu_pf *pf)
{
	struct pci_dev *vf = NULL;
	const char *drv;
	int ret = 0;

	while (!ret && (vf = sgpu_pf_next_vf(pf, vf))) {
		device_lock(&vf->dev);
		drv = vf->dev.driver ? vf->dev.driver->name : NULL;
		if (drv && strcmp(drv, SGPU_VF_DRV_NAME)) {
			dev_warn_ratelimited(&pf->pdev->dev,
					     "cannot disable VFs: VF %s is bound to %s; unbind it first\n",
					     pci_name(vf), drv);
			ret = -EBUSY;
		}
		device_unlock(&vf->dev);
	}
	pci_dev_put(vf);
	return ret;
}

/*
 * -EBUSY if a VF bound to sgpu_vf reports open user sessions, naming the
 * VF. What a VF reports is advisory: a VF with no driver has none, and
 * unbinding sgpu_vf (which never waits on its users) lets the disable
 * through.
 */
static int sgpu_pf_refuse_sessions(struct sgpu_pf *pf)
{
	struct pci_dev *vf = NULL;
	unsigned int i;
	u32 sessions;
	bool ours;
	int ret = 0, id;

	while (!ret && (vf = sgpu_pf_next_vf(pf, vf))) {
		device_lock(&vf->dev);
		ours = vf->dev.driver &&
		       !strcmp(vf->dev.driver->name, SGPU_VF_DRV_NAME);
		device_unlock(&vf->dev);
		id = pci_iov_vf_id(vf);
		if (!ours || id < 0)
			continue;
		i = id;
		mutex_lock(&pf->lock);
		sessions = i < pf->nr_provisioned ? pf->vfs[i]->sessions : 0;
		mutex_unlock(&pf->lock);
		if (!sessions)
			continue;
		dev_warn_ratelimited(&pf->pdev->dev,
				     "cannot disable VFs: VF %u has %u open sessions; close them, or unbind %s from %s\n",
				     i, sessions, pci_name(vf), SGPU_VF_DRV_NAME);
		ret = -EBUSY;
	}
	pci_dev_put(vf);
	return ret;
}

/*
 * No VF reset may start or run while the VFs go: the event worker may be
 * about to schedule one, so flush it once no new one can be, then cancel.
 */
static void sgpu_pf_stop_vf_resets(struct sgpu_pf *pf, unsigned int n)
{
	unsigned int i;

	mutex_lock(&pf->lock);
	pf->disabling = true;
	mutex_unlock(&pf->lock);
	flush_work(&pf->event_work);
	for (i = 0; i < n; i++)
		cancel_work_sync(&pf->vfs[i]->reset_work);
}

static int sgpu_pf_disable_vfs(struct sgpu_pf *pf)
{
	int n = pci_num_vf(pf->pdev), ret;

	if (!n)
		return 0;
	ret = sgpu_pf_refuse_foreign(pf);
	if (!ret)
		ret = sgpu_pf_refuse_sessions(pf);
	if (ret)
		return ret;
	sgpu_pf_stop_vf_resets(pf, n);
	pci_disable_sriov(pf->pdev);
	sgpu_pf_unprovision_vfs(pf, n);
	pci_info(pf->pdev, "%d VFs disabled\n", n);
	return 0;
}

static int sgpu_pf_enable_vfs(struct sgpu_pf *pf, int num_vfs)
{
	struct pci_dev *pdev = pf->pdev;
	int ret;

	if (num_vfs > pf->res.total_vfs) {
		dev_warn_ratelimited(&pdev->dev, "cannot enable %d VFs: the device has %u\n",
				     num_vfs, pf->res.total_vfs);
		return -ERANGE;
	}
	if (pci_num_vf(pdev)) {
		dev_warn_ratelimited(&pdev->dev, "cannot enable %d VFs: %d already enabled; write 0 first\n",
				     num_vfs, pci_num_vf(pdev));
		return -EBUSY;
	}
	ret = sgpu_pf_provision_vfs(pf, num_vfs);
	if (ret)
		return ret;
	ret = pci_enable_sriov(pdev, num_vfs);
	if (ret)
		sgpu_pf_unprovision_vfs(pf, num_vfs);
	if (ret == -ENOMEM) {
		pci_err(pdev, "cannot enable %d VFs: no room for the VF BARs (%d x %llu MiB prefetchable VRAM windows); give the upstream port more MMIO (see docs/running.md)\n",
			num_vfs, num_vfs, pf->res.vf_window >> 20);
		return ret;
	}
	if (ret) {
		pci_err(pdev, "cannot enable %d VFs: pci_enable_sriov: %d\n",
			num_vfs, ret);
		return ret;
	}
	pci_info(pdev, "%d VFs enabled\n", num_vfs);
	return num_vfs;
}

int sgpu_pf_sriov_configure(struct pci_dev *pdev, int num_vfs)
{
	struct sgpu_pf *pf = pci_get_drvdata(pdev);

	if (num_vfs < 0) {
		dev_warn_ratelimited(&pdev->dev, "refusing a negative VF count %d\n",
				     num_vfs);
		return -EINVAL;
	}
	if (!num_vfs)
		return sgpu_pf_disable_vfs(pf);
	return sgpu_pf_enable_vfs(pf, num_vfs);
}

/*
 * Driver unbind, module unload, or a PF reset that emptied them: the VFs
 * go whoever uses them (vfio-pci waits for its users to let go).
 */
void sgpu_pf_sriov_remove(struct sgpu_pf *pf, const char *why)
{
	int n = pci_num_vf(pf->pdev);

	if (!n)
		return;
	pci_info(pf->pdev, "%s: disabling %d VFs\n", why, n);
	sgpu_pf_stop_vf_resets(pf, n);
	pci_disable_sriov(pf->pdev);
	sgpu_pf_unprovision_vfs(pf, n);
}
