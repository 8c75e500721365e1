// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu PF driver: admin sysfs under /sys/bus/pci/devices/<PF>/sgpu/, with
 * a vf<N>/ directory per VF number. Documented in docs/sysfs-abi.md.
 *
 * The directories are kobjects so that the per-VF ones can nest. sysfs
 * drains running show/store calls when a kobject is deleted, so callbacks
 * never outlive sgpu_pf_sysfs_fini(). Configuration stores take pf->lock
 * and are refused (EBUSY) while VFs hold slices.
 */
#include <linux/kernel.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include <sgpu/sgpu_regs.h>

#include "sgpu_parse.h"
#include "sgpu_pf.h"

/* The PF's "sgpu" directory. */
struct sgpu_pf_kobj {
	struct kobject kobj;
	struct sgpu_pf *pf;
};

static struct sgpu_pf *kobj_to_pf(struct kobject *kobj)
{
	return container_of(kobj, struct sgpu_pf_kobj, kobj)->pf;
}

static struct sgpu_pf_vf *kobj_to_vf(struct kobject *kobj)
{
	return container_of(kobj, struct sgpu_pf_vf, kobj);
}

static int sgpu_emit_slice(char *buf, int at, const struct sgpu_slice *s)
{
	return sysfs_emit_at(buf, at,
			     "mmu=%u+%u dma=%u+%u codec=%u+%u vram=%#llx+%#llx\n",
			     s->mmu_first, s->mmu_count, s->dma_first,
			     s->dma_count, s->codec_first, s->codec_count,
			     s->vram_base, s->vram_size);
}

static int sgpu_emit_quota(char *buf, int at, const struct sgpu_quota *q)
{
	return sysfs_emit_at(buf, at, "mmu=%u dma=%u codec=%u vram=%llu",
			     q->mmu, q->dma, q->codec, q->vram);
}

/* ---- the PF's directory ------------------------------------------------ */

static ssize_t abi_version_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	u32 v = kobj_to_pf(kobj)->version;

	return sysfs_emit(buf, "%u.%u\n", SGPU_VERSION_MAJOR(v),
			  SGPU_VERSION_MINOR(v));
}

static ssize_t mmu_units_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", kobj_to_pf(kobj)->res.mmu_units);
}

static ssize_t dma_channels_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", kobj_to_pf(kobj)->res.dma_channels);
}

static ssize_t codec_cores_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", kobj_to_pf(kobj)->res.codec_cores);
}

static ssize_t vram_size_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", kobj_to_pf(kobj)->res.vram_size);
}

static ssize_t vf_window_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", kobj_to_pf(kobj)->res.vf_window);
}

static ssize_t vfs_in_use_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", sgpu_pf_vfs_in_use(kobj_to_pf(kobj)));
}

static ssize_t event_irqs_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  atomic_read(&kobj_to_pf(kobj)->event_irqs));
}

static ssize_t mbox_irqs_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  atomic_read(&kobj_to_pf(kobj)->mbox_irqs));
}

static ssize_t profile_show(struct kobject *kobj,
			    struct kobj_attribute *attr, char *buf)
{
	int p = kobj_to_pf(kobj)->default_profile;

	return sysfs_emit(buf, "%s\n",
			  p == SGPU_NO_PROFILE ? "auto" : sgpu_profiles[p].name);
}

/* Refuse configuration changes while VFs hold slices. Under pf->lock. */
static int sgpu_pf_config_busy(struct sgpu_pf *pf, const char *what)
{
	if (!pf->nr_provisioned)
		return 0;
	dev_warn_ratelimited(&pf->pdev->dev,
			     "%s cannot change while %u VFs are enabled; write 0 to sriov_numvfs first\n",
			     what, pf->nr_provisioned);
	return -EBUSY;
}

/* "auto" or a profile name; SGPU_NO_PROFILE for auto. */
static int sgpu_parse_profile(struct sgpu_pf *pf, const char *s)
{
	int p;

	if (sysfs_streq(s, "auto"))
		return SGPU_NO_PROFILE;
	for (p = 0; p < sgpu_nr_profiles; p++)
		if (sysfs_streq(s, sgpu_profiles[p].name))
			return p;
	dev_warn_ratelimited(&pf->pdev->dev, "unknown profile '%.32s'; see sgpu/profiles\n",
			     s);
	return -EINVAL;
}

static ssize_t profile_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	struct sgpu_pf *pf = kobj_to_pf(kobj);
	int p = sgpu_parse_profile(pf, buf), ret;

	if (p < SGPU_NO_PROFILE)
		return p;
	mutex_lock(&pf->lock);
	ret = sgpu_pf_config_busy(pf, "the default profile");
	if (!ret)
		pf->default_profile = p;
	mutex_unlock(&pf->lock);
	return ret ? ret : count;
}

static ssize_t profiles_show(struct kobject *kobj,
			     struct kobj_attribute *attr, char *buf)
{
	struct sgpu_pf *pf = kobj_to_pf(kobj);
	struct sgpu_quota q;
	unsigned int p;
	int at = 0;

	mutex_lock(&pf->lock);
	for (p = 0; p < sgpu_nr_profiles; p++) {
		at += sysfs_emit_at(buf, at, "%s ", sgpu_profiles[p].name);
		if (sgpu_profile_quota(&pf->gpu, &pf->reserve, p, &q)) {
			at += sysfs_emit_at(buf, at, "unavailable\n");
			continue;
		}
		at += sysfs_emit_at(buf, at, "max=%u ", sgpu_profiles[p].div);
		at += sgpu_emit_quota(buf, at, &q);
		at += sysfs_emit_at(buf, at, "\n");
	}
	mutex_unlock(&pf->lock);
	return at;
}

/*
 * Parse "mmu=N dma=N codec=N vram=SIZE" (SIZE takes K, M, G) into @q;
 * with @need_mmu false, mmu is not a key (the PF's reserve has none).
 */
static int sgpu_parse_quota(struct sgpu_pf *pf, const char *buf, size_t len,
			    struct sgpu_quota *q, bool need_mmu)
{
	static const struct sgpu_key keys[] = {
		{ .name = "dma", .max = U32_MAX },
		{ .name = "codec", .max = U32_MAX },
		{ .name = "vram", .max = U64_MAX, .size = true },
		{ .name = "mmu", .max = U32_MAX },
	};
	char why[96];
	u64 v[4];
	int ret;

	ret = sgpu_parse_keys(buf, len, keys, need_mmu ? 4 : 3, v, NULL, why,
			      sizeof(why));
	if (ret) {
		dev_warn_ratelimited(&pf->pdev->dev,
				     "%s refused: %s; want %sdma=N codec=N vram=SIZE\n",
				     need_mmu ? "quota" : "reserve", why,
				     need_mmu ? "mmu=N " : "");
		return ret;
	}
	q->dma = v[0];
	q->codec = v[1];
	q->vram = v[2];
	q->mmu = need_mmu ? v[3] : 0;
	return 0;
}

static ssize_t reserve_show(struct kobject *kobj,
			    struct kobj_attribute *attr, char *buf)
{
	struct sgpu_pf *pf = kobj_to_pf(kobj);
	struct sgpu_quota r;

	mutex_lock(&pf->lock);
	r = pf->reserve;
	mutex_unlock(&pf->lock);
	return sysfs_emit(buf, "dma=%u codec=%u vram=%llu\n", r.dma, r.codec,
			  r.vram);
}

static ssize_t reserve_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	struct sgpu_pf *pf = kobj_to_pf(kobj);
	struct sgpu_quota r;
	int ret = sgpu_parse_quota(pf, buf, count, &r, false);

	if (ret)
		return ret;
	if (!r.dma || r.dma >= pf->res.dma_channels ||
	    r.codec > pf->res.codec_cores || r.vram < pf->gpu.granule ||
	    r.vram % pf->gpu.granule || r.vram >= pf->res.vram_size) {
		dev_warn_ratelimited(&pf->pdev->dev,
				     "reserve dma=%u codec=%u vram=%llu refused: the PF keeps 1 to %u DMA channels, 0 to %u codec cores and a whole number of %llu-byte granules below %llu bytes\n",
				     r.dma, r.codec, r.vram,
				     pf->res.dma_channels - 1,
				     pf->res.codec_cores, pf->gpu.granule,
				     pf->res.vram_size);
		return -EINVAL;
	}
	mutex_lock(&pf->lock);
	ret = sgpu_pf_config_busy(pf, "the PF's reserve");
	if (!ret)
		pf->reserve = r;
	mutex_unlock(&pf->lock);
	return ret ? ret : count;
}

static ssize_t slice_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct sgpu_pf *pf = kobj_to_pf(kobj);
	struct sgpu_slice s;

	mutex_lock(&pf->lock);
	sgpu_plan_reserve_slice(&pf->reserve, &s);
	mutex_unlock(&pf->lock);
	return sgpu_emit_slice(buf, 0, &s);
}

static ssize_t guard_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct sgpu_pf *pf = kobj_to_pf(kobj);
	struct sgpu_guard g;

	mutex_lock(&pf->lock);
	g = pf->guard;
	mutex_unlock(&pf->lock);
	return sysfs_emit(buf, "resets=%u events=%u mbox=%u window_ms=%u\n",
			  g.resets, g.events, g.mbox, g.window_ms);
}

static ssize_t guard_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	static const struct sgpu_key keys[] = {
		{ .name = "resets", .max = SGPU_GUARD_MAX_RESETS - 1 },
		{ .name = "events", .max = U32_MAX },
		{ .name = "window_ms", .min = 1, .max = U32_MAX },
		{ .name = "mbox", .max = U32_MAX, .optional = true },
	};
	struct sgpu_pf *pf = kobj_to_pf(kobj);
	struct sgpu_guard g;
	char why[96];
	unsigned int given;
	u64 v[4];
	int ret;

	ret = sgpu_parse_keys(buf, count, keys, ARRAY_SIZE(keys), v, &given,
			      why, sizeof(why));
	if (ret) {
		dev_warn_ratelimited(&pf->pdev->dev,
				     "guard refused: %s; want resets=0..%d events=N [mbox=N] window_ms=N>0 (0 turns a check off)\n",
				     why, SGPU_GUARD_MAX_RESETS - 1);
		return ret;
	}
	g.resets = v[0];
	g.events = v[1];
	g.window_ms = v[2];
	mutex_lock(&pf->lock);
	/* Left out, the mailbox limit stays what it was. */
	g.mbox = given & BIT(3) ? v[3] : pf->guard.mbox;
	pf->guard = g;
	mutex_unlock(&pf->lock);
	return count;
}

static struct kobj_attribute abi_version_attr = __ATTR_RO(abi_version);
static struct kobj_attribute mmu_units_attr = __ATTR_RO(mmu_units);
static struct kobj_attribute dma_channels_attr = __ATTR_RO(dma_channels);
static struct kobj_attribute codec_cores_attr = __ATTR_RO(codec_cores);
static struct kobj_attribute vram_size_attr = __ATTR_RO(vram_size);
static struct kobj_attribute vf_window_attr = __ATTR_RO(vf_window);
static struct kobj_attribute vfs_in_use_attr = __ATTR_RO(vfs_in_use);
static struct kobj_attribute event_irqs_attr = __ATTR_RO(event_irqs);
static struct kobj_attribute mbox_irqs_attr = __ATTR_RO(mbox_irqs);
static struct kobj_attribute profile_attr = __ATTR_RW(profile);
static struct kobj_attribute profiles_attr = __ATTR_RO(profiles);
static struct kobj_attribute reserve_attr = __ATTR_RW(reserve);
static struct kobj_attribute slice_attr = __ATTR_RO(slice);
static struct kobj_attribute guard_attr = __ATTR_RW(guard);

static struct attribute *sgpu_pf_attrs[] = {
	&abi_version_attr.attr,
	&mmu_units_attr.attr,
	&dma_channels_attr.attr,
	&codec_cores_attr.attr,
	&vram_size_attr.attr,
	&vf_window_attr.attr,
	&vfs_in_use_attr.attr,
	&event_irqs_attr.attr,
	&mbox_irqs_attr.attr,
	&profile_attr.attr,
	&profiles_attr.attr,
	&reserve_attr.attr,
	&slice_attr.attr,
	&guard_attr.attr,
	NULL
};

static const struct attribute_group sgpu_pf_group = {
	.attrs = sgpu_pf_attrs,
};

static void sgpu_pf_kobj_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct sgpu_pf_kobj, kobj));
}

static const struct kobj_type sgpu_pf_ktype = {
	.release = sgpu_pf_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
};

/* ---- vf<N>/ ------------------------------------------------------------ */

static ssize_t quota_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct sgpu_pf_vf *v = kobj_to_vf(kobj);
	int at;

	mutex_lock(&v->pf->lock);
	if (v->quota.mmu) {
		at = sgpu_emit_quota(buf, 0, &v->quota);
		at += sysfs_emit_at(buf, at, "\n");
	} else if (v->profile != SGPU_NO_PROFILE) {
		at = sysfs_emit(buf, "profile=%s\n",
				sgpu_profiles[v->profile].name);
	} else {
		at = sysfs_emit(buf, "auto\n");
	}
	mutex_unlock(&v->pf->lock);
	return at;
}

static ssize_t quota_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	struct sgpu_pf_vf *v = kobj_to_vf(kobj);
	struct sgpu_pf *pf = v->pf;
	int profile = SGPU_NO_PROFILE, ret;
	struct sgpu_quota q = { 0 };
	char why[160];

	if (!strncmp(buf, "profile=", 8)) {
		profile = sgpu_parse_profile(pf, buf + 8);
		if (profile == SGPU_NO_PROFILE)
			profile = -EINVAL;
		if (profile < 0)
			return profile;
		mutex_lock(&pf->lock);
		ret = sgpu_profile_quota(&pf->gpu, &pf->reserve, profile, &q);
		mutex_unlock(&pf->lock);
		if (ret) {
			dev_warn_ratelimited(&pf->pdev->dev,
					     "VF %u: profile %s does not fit this GPU after the PF's reserve\n",
					     v->index, sgpu_profiles[profile].name);
			return ret;
		}
		memset(&q, 0, sizeof(q));
	} else if (!sysfs_streq(buf, "auto")) {
		ret = sgpu_parse_quota(pf, buf, count, &q, true);
		if (ret)
			return ret;
		ret = sgpu_quota_check(&pf->gpu, &q, why, sizeof(why));
		if (ret) {
			dev_warn_ratelimited(&pf->pdev->dev, "VF %u quota refused: %s\n",
					     v->index, why);
			return ret;
		}
	}
	mutex_lock(&pf->lock);
	ret = sgpu_pf_config_busy(pf, "a VF's quota");
	if (!ret) {
		v->quota = q;
		v->profile = profile;
	}
	mutex_unlock(&pf->lock);
	return ret ? ret : count;
}

static ssize_t vf_slice_show(struct kobject *kobj,
			     struct kobj_attribute *attr, char *buf)
{
	struct sgpu_pf_vf *v = kobj_to_vf(kobj);
	int at;

	mutex_lock(&v->pf->lock);
	at = v->provisioned ? sgpu_emit_slice(buf, 0, &v->slice)
			    : sysfs_emit(buf, "none\n");
	mutex_unlock(&v->pf->lock);
	return at;
}

static ssize_t vf_profile_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	struct sgpu_pf_vf *v = kobj_to_vf(kobj);
	const char *name = "none";

	mutex_lock(&v->pf->lock);
	if (v->provisioned)
		name = v->slice_profile == SGPU_NO_PROFILE ?
		       (v->quota.mmu ? "custom" : "auto") :
		       sgpu_profiles[v->slice_profile].name;
	mutex_unlock(&v->pf->lock);
	return sysfs_emit(buf, "%s\n", name);
}

static ssize_t counters_show(struct kobject *kobj,
			     struct kobj_attribute *attr, char *buf)
{
	struct sgpu_pf_vf *v = kobj_to_vf(kobj);
	u32 c[SGPU_CNT_NUM];
	int i, at = 0, ret;

	ret = sgpu_pf_fw_counters(v->pf, v->index, c);
	if (ret)
		return ret;
	for (i = 0; i < SGPU_CNT_NUM; i++)
		at += sysfs_emit_at(buf, at, "%s %u\n", sgpu_counter_name(i),
				    c[i]);
	return at;
}

static ssize_t state_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct sgpu_pf_vf *v = kobj_to_vf(kobj);
	const char *state;

	mutex_lock(&v->pf->lock);
	state = !v->provisioned ? "disabled" : v->hello ? "ready" : "enabled";
	mutex_unlock(&v->pf->lock);
	return sysfs_emit(buf, "%s\n", state);
}

static ssize_t sessions_show(struct kobject *kobj,
			     struct kobj_attribute *attr, char *buf)
{
	struct sgpu_pf_vf *v = kobj_to_vf(kobj);
	u32 n;

	mutex_lock(&v->pf->lock);
	n = v->sessions;
	mutex_unlock(&v->pf->lock);
	return sysfs_emit(buf, "%u\n", n);
}

/* Is VF @v enabled now? Under pf->lock. */
static bool sgpu_vf_enabled(struct sgpu_pf_vf *v)
{
	return v->index < v->pf->nr_provisioned;
}

/* 0 if VF @v is enabled now; else -ENODEV, logged. */
static int sgpu_vf_require_enabled(struct sgpu_pf_vf *v, const char *what)
{
	bool enabled;

	mutex_lock(&v->pf->lock);
	enabled = sgpu_vf_enabled(v);
	mutex_unlock(&v->pf->lock);
	if (enabled)
		return 0;
	dev_warn_ratelimited(&v->pf->pdev->dev, "VF %u is not enabled: nothing to %s\n",
			     v->index, what);
	return -ENODEV;
}

static ssize_t reset_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	struct sgpu_pf_vf *v = kobj_to_vf(kobj);
	int ret;

	if (!sysfs_streq(buf, "1")) {
		dev_warn_ratelimited(&v->pf->pdev->dev, "vf%u/reset: write 1 to reset the VF\n",
				     v->index);
		return -EINVAL;
	}
	ret = sgpu_vf_require_enabled(v, "reset");
	if (!ret)
		ret = sgpu_pf_vf_request_reset(v->pf, v);
	return ret ? ret : count;
}

static ssize_t quarantine_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	struct sgpu_pf_vf *v = kobj_to_vf(kobj);
	bool q;

	mutex_lock(&v->pf->lock);
	q = v->quarantined;
	mutex_unlock(&v->pf->lock);
	return sysfs_emit(buf, "%d\n", q);
}

static ssize_t quarantine_store(struct kobject *kobj,
				struct kobj_attribute *attr,
				const char *buf, size_t count)
{
	struct sgpu_pf_vf *v = kobj_to_vf(kobj);
	int on = sgpu_parse_bool(buf, count), ret;
	bool q;

	if (on < 0) {
		dev_warn_ratelimited(&v->pf->pdev->dev, "vf%u/quarantine: write 1 to hold the VF, 0 to release it\n",
				     v->index);
		return -EINVAL;
	}
	ret = sgpu_vf_require_enabled(v, on ? "quarantine" : "release");
	if (ret)
		return ret;
	mutex_lock(&v->pf->lock);
	q = v->quarantined;
	mutex_unlock(&v->pf->lock);
	if (on == q)
		return count;
	ret = on ? sgpu_pf_vf_quarantine(v->pf, v, "by the administrator")
		 : sgpu_pf_vf_release(v->pf, v);
	return ret ? ret : count;
}

static ssize_t reset_state_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	struct sgpu_pf_vf *v = kobj_to_vf(kobj);
	struct sgpu_pf *pf = v->pf;
	int at, step;

	mutex_lock(&pf->lock);
	if (!sgpu_vf_enabled(v)) {
		at = sysfs_emit(buf, "disabled\n");
	} else if (v->reset_state == SGPU_RESET_RUNNING) {
		step = find_first_zero_bit(&v->reset_steps, SGPU_RESET_NR_STEPS);
		at = sysfs_emit(buf, "resetting (%s)\n",
				sgpu_reset_step_names[min_t(int, step,
							    SGPU_RESET_READY)]);
	} else if (v->quarantined) {
		at = sysfs_emit(buf, "quarantined: %s\n", v->reason);
	} else {
		at = sysfs_emit(buf, "ready\n");
	}
	mutex_unlock(&pf->lock);
	return at;
}

/* The steps the last (or the running) reset got through, in order. */
static ssize_t reset_steps_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	struct sgpu_pf_vf *v = kobj_to_vf(kobj);
	unsigned long steps;
	int at = 0, step;

	mutex_lock(&v->pf->lock);
	steps = v->reset_steps;
	mutex_unlock(&v->pf->lock);
	for_each_set_bit(step, &steps, SGPU_RESET_NR_STEPS)
		at += sysfs_emit_at(buf, at, "%s%s", at ? " " : "",
				    sgpu_reset_step_names[step]);
	return at + sysfs_emit_at(buf, at, at ? "\n" : "none\n");
}

enum sgpu_vf_count { SGPU_VF_RESETS, SGPU_VF_FAILURES, SGPU_VF_LAST_US };

static ssize_t sgpu_vf_count_show(struct kobject *kobj, char *buf,
				  enum sgpu_vf_count which)
{
	struct sgpu_pf_vf *v = kobj_to_vf(kobj);
	u64 n;

	mutex_lock(&v->pf->lock);
	n = which == SGPU_VF_RESETS ? v->resets :
	    which == SGPU_VF_FAILURES ? v->reset_failures : v->last_reset_us;
	mutex_unlock(&v->pf->lock);
	return sysfs_emit(buf, "%llu\n", n);
}

static ssize_t reset_count_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sgpu_vf_count_show(kobj, buf, SGPU_VF_RESETS);
}

static ssize_t reset_failures_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	return sgpu_vf_count_show(kobj, buf, SGPU_VF_FAILURES);
}

static ssize_t reset_last_us_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	return sgpu_vf_count_show(kobj, buf, SGPU_VF_LAST_US);
}

static struct kobj_attribute quota_attr = __ATTR_RW(quota);
static struct kobj_attribute vf_slice_attr =
	__ATTR(slice, 0444, vf_slice_show, NULL);
static struct kobj_attribute vf_profile_attr =
	__ATTR(profile, 0444, vf_profile_show, NULL);
static struct kobj_attribute counters_attr = __ATTR_RO(counters);
static struct kobj_attribute state_attr = __ATTR_RO(state);
static struct kobj_attribute sessions_attr = __ATTR_RO(sessions);
static struct kobj_attribute reset_attr = __ATTR_WO(reset);
static struct kobj_attribute quarantine_attr = __ATTR_RW(quarantine);
static struct kobj_attribute reset_state_attr = __ATTR_RO(reset_state);
static struct kobj_attribute reset_steps_attr = __ATTR_RO(reset_steps);
static struct kobj_attribute reset_count_attr = __ATTR_RO(reset_count);
static struct kobj_attribute reset_failures_attr = __ATTR_RO(reset_failures);
static struct kobj_attribute reset_last_us_attr = __ATTR_RO(reset_last_us);

static struct attribute *sgpu_vf_attrs[] = {
	&quota_attr.attr,
	&vf_slice_attr.attr,
	&vf_profile_attr.attr,
	&counters_attr.attr,
	&state_attr.attr,
	&sessions_attr.attr,
	&reset_attr.attr,
	&quarantine_attr.attr,
	&reset_state_attr.attr,
	&reset_steps_attr.attr,
	&reset_count_attr.attr,
	&reset_failures_attr.attr,
	&reset_last_us_attr.attr,
	NULL
};
ATTRIBUTE_GROUPS(sgpu_vf);

static void sgpu_pf_vf_kobj_release(struct kobject *kobj)
{
	kfree(kobj_to_vf(kobj));
}

static const struct kobj_type sgpu_vf_ktype = {
	.release = sgpu_pf_vf_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = sgpu_vf_groups,
};

/* ---- set-up ------------------------------------------------------------ */

int sgpu_pf_sysfs_init(struct sgpu_pf *pf)
{
	struct sgpu_pf_kobj *pk;
	unsigned int i;
	int ret;

	pk = kzalloc(sizeof(*pk), GFP_KERNEL);
	if (!pk)
		return -ENOMEM;
	pk->pf = pf;
	ret = kobject_init_and_add(&pk->kobj, &sgpu_pf_ktype,
				   &pf->pdev->dev.kobj, "sgpu");
	if (ret) {
		kobject_put(&pk->kobj);
		return ret;
	}
	pf->kobj = &pk->kobj;
	ret = sysfs_create_group(pf->kobj, &sgpu_pf_group);
	if (ret)
		goto err;

	pf->vfs = kcalloc(pf->res.total_vfs, sizeof(*pf->vfs), GFP_KERNEL);
	if (!pf->vfs) {
		ret = -ENOMEM;
		goto err;
	}
	for (i = 0; i < pf->res.total_vfs; i++) {
		struct sgpu_pf_vf *v = kzalloc(sizeof(*v), GFP_KERNEL);

		if (!v) {
			ret = -ENOMEM;
			goto err;
		}
		v->pf = pf;
		v->index = i;
		v->profile = SGPU_NO_PROFILE;
		v->slice_profile = SGPU_NO_PROFILE;
		INIT_WORK(&v->reset_work, sgpu_pf_reset_work);
		pf->vfs[i] = v;
		ret = kobject_init_and_add(&v->kobj, &sgpu_vf_ktype, pf->kobj,
					   "vf%u", i);
		if (ret)
			goto err;
	}
	return 0;
err:
	sgpu_pf_sysfs_fini(pf);
	return ret;
}

void sgpu_pf_sysfs_fini(struct sgpu_pf *pf)
{
	unsigned int i;

	if (pf->vfs) {
		for (i = 0; i < pf->res.total_vfs; i++)
			if (pf->vfs[i])
				kobject_put(&pf->vfs[i]->kobj);
		kfree(pf->vfs);
		pf->vfs = NULL;
	}
	if (pf->kobj) {
		sysfs_remove_group(pf->kobj, &sgpu_pf_group);
		kobject_put(pf->kobj);
		pf->kobj = NULL;
	}
}
