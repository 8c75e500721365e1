// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu PF driver: turning the administrator's wishes into slices.
 *
 * Before VFs are enabled each VF number gets, in order of precedence, its
 * own quota, its own profile, the PF's default profile, or a fair share of
 * what the others leave; the PF's reserve is never handed out. The plan
 * (sgpu_plan.c) places the slices, then the firmware is told about each.
 * A plan that cannot be met fails as a whole with one log line that names
 * the resource and the numbers, and nothing is provisioned.
 */
#include <linux/pci.h>
#include <linux/slab.h>

#include <sgpu/sgpu_fw_cmd.h>

#include "sgpu_pf.h"

static int sgpu_pf_fw_provision(struct sgpu_pf *pf, unsigned int vf,
				const struct sgpu_slice *s)
{
	struct sgpu_fw_vf_slice_args a = sgpu_pf_fw_slice_args(vf, s);

	return sgpu_pf_fw_cmd(pf, SGPU_FW_CMD_VF_PROVISION, &a, sizeof(a),
			      NULL, 0);
}

static int sgpu_pf_fw_unprovision(struct sgpu_pf *pf, unsigned int vf)
{
	struct sgpu_fw_vf_arg a = { .vf = vf };

	return sgpu_pf_fw_cmd(pf, SGPU_FW_CMD_VF_UNPROVISION, &a, sizeof(a),
			      NULL, 0);
}

/* The quota VF @v asks for; all 0 for a fair share. Under pf->lock. */
static int sgpu_pf_vf_quota(struct sgpu_pf *pf, struct sgpu_pf_vf *v,
			    struct sgpu_quota *q, int *profile)
{
	int p = v->profile != SGPU_NO_PROFILE ? v->profile : pf->default_profile;
	int ret;

	*profile = SGPU_NO_PROFILE;
	if (v->quota.mmu) {
		*q = v->quota;
		return 0;
	}
	memset(q, 0, sizeof(*q));
	if (p == SGPU_NO_PROFILE)
		return 0;
	ret = sgpu_profile_quota(&pf->gpu, &pf->reserve, p, q);
	if (ret) {
		dev_warn_ratelimited(&pf->pdev->dev,
				     "VF %u: profile %s leaves it no MMU unit, DMA channel or VRAM granule after the PF's reserve\n",
				     v->index, sgpu_profiles[p].name);
		return ret;
	}
	*profile = p;
	return 0;
}

int sgpu_pf_provision_vfs(struct sgpu_pf *pf, unsigned int n)
{
	struct sgpu_quota *q;
	struct sgpu_slice *s;
	int *profile;
	unsigned int i;
	char why[160];
	int ret;

	q = kcalloc(n, sizeof(*q), GFP_KERNEL);
	s = kcalloc(n, sizeof(*s), GFP_KERNEL);
	profile = kcalloc(n, sizeof(*profile), GFP_KERNEL);
	if (!q || !s || !profile) {
		ret = -ENOMEM;
		goto out_free;
	}
	mutex_lock(&pf->lock);
	for (i = 0; i < n; i++) {
		ret = sgpu_pf_vf_quota(pf, pf->vfs[i], &q[i], &profile[i]);
		if (ret)
			goto out_unlock;
	}
	ret = sgpu_plan_place(&pf->gpu, &pf->reserve, n, q, s, why,
			      sizeof(why));
	if (ret) {
		dev_warn_ratelimited(&pf->pdev->dev, "cannot provision %u VFs: %s\n",
				     n, why);
		goto out_unlock;
	}
	for (i = 0; i < n; i++) {
		ret = sgpu_pf_fw_provision(pf, i, &s[i]);
		if (ret) {
			pci_err(pf->pdev, "firmware refused VF %u's slice: %d\n",
				i, ret);
			break;
		}
		pf->vfs[i]->slice = s[i];
		pf->vfs[i]->slice_profile = profile[i];
		pf->vfs[i]->provisioned = true;
	}
	if (ret) {
		while (i--) {
			sgpu_pf_fw_unprovision(pf, i);
			pf->vfs[i]->provisioned = false;
		}
	} else {
		pf->nr_provisioned = n;
	}
out_unlock:
	mutex_unlock(&pf->lock);
out_free:
	kfree(q);
	kfree(s);
	kfree(profile);
	return ret;
}

void sgpu_pf_unprovision_vfs(struct sgpu_pf *pf, unsigned int n)
{
	unsigned int i;

	/* A reset in progress has nothing left to re-arm. */
	for (i = 0; i < n; i++)
		cancel_work_sync(&pf->vfs[i]->reset_work);
	mutex_lock(&pf->lock);
	for (i = 0; i < n; i++) {
		struct sgpu_pf_vf *v = pf->vfs[i];

		if (v->provisioned && sgpu_pf_fw_unprovision(pf, i))
			pci_err(pf->pdev, "firmware kept VF %u's slice\n", i);
		v->provisioned = false;
		v->hello = false;
		v->sessions = 0;
		sgpu_pf_vf_reset_forget(v);
	}
	pf->nr_provisioned = 0;
	pf->disabling = false;
	mutex_unlock(&pf->lock);
}
