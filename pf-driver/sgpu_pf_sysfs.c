// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu PF driver: admin sysfs under /sys/bus/pci/devices/<PF>/: sgpu/ for
 * the GPU and an sgpu_vf<N>/ directory per VF number. Documented in
 * docs/sysfs-abi.md.
 *
 * Both are attribute groups of the PF's device, so they are in place when
 * the bind uevent goes out: sgpu/ is the driver's dev_groups (the driver
 * core adds it after probe and removes it before remove()), the sgpu_vf<N>
 * groups, as many as TotalVFs, are added in probe and removed first thing
 * in remove(). sysfs drains running show/store calls when a group goes, so
 * no callback overlaps the rest of remove(). Configuration stores take
 * pf->lock and are refused (EBUSY) while VFs hold slices.
 */
#include <linux/kernel.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include <sgpu/sgpu_regs.h>

#include "sgpu_parse.h"
#include "sgpu_pf.h"

/* An attribute of a VF number's directory: it knows its VF. */
struct sgpu_vf_dattr {
	struct device_attribute attr;
	struct sgpu_pf_vf *v;
};

#define SGPU_VF_NR_ATTRS	13

/* The sgpu_vf<N> directory of one VF number. */
struct sgpu_pf_vf_sysfs {
	char name[20];			/* sgpu_vf<N> */
	struct attribute_group group;
	struct sgpu_vf_dattr dattrs[SGPU_VF_NR_ATTRS];
	struct attribute *attrs[SGPU_VF_NR_ATTRS + 1];
};

static struct sgpu_pf *dev_to_pf(struct device *dev)
{
	return dev_get_drvdata(dev);
}

static struct sgpu_pf_vf *attr_to_vf(struct device_attribute *attr)
{
	return container_of(attr, struct sgpu_vf_dattr, attr)->v;
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

static ssize_t abi_version_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	u32 v = dev_to_pf(dev)->version;

	return sysfs_emit(buf, "%u.%u\n", SGPU_VERSION_MAJOR(v),
			  SGPU_VERSION_MINOR(v));
}

static ssize_t mmu_units_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", dev_to_pf(dev)->res.mmu_units);
}

static ssize_t dma_channels_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", dev_to_pf(dev)->res.dma_channels);
}

static ssize_t codec_cores_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", dev_to_pf(dev)->res.codec_cores);
}

static ssize_t vram_size_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", dev_to_pf(dev)->res.vram_size);
}

static ssize_t vf_window_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", dev_to_pf(dev)->res.vf_window);
}

static ssize_t vfs_in_use_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", sgpu_pf_vfs_in_use(dev_to_pf(dev)));
}

static ssize_t event_irqs_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  atomic_read(&dev_to_pf(dev)->event_irqs));
}

static ssize_t mbox_irqs_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  atomic_read(&dev_to_pf(dev)->mbox_irqs));
}

static ssize_t profile_show(struct device *dev,
			    struct device_attribute *attr, char *buf)
{
	int p = dev_to_pf(dev)->default_profile;

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

static ssize_t profile_store(struct device *dev, struct device_attribute *attr,
			     const char *buf, size_t count)
{
	struct sgpu_pf *pf = dev_to_pf(dev);
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

static ssize_t profiles_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	struct sgpu_pf *pf = dev_to_pf(dev);
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

static ssize_t reserve_show(struct device *dev,
			    struct device_attribute *attr, char *buf)
{
	struct sgpu_pf *pf = dev_to_pf(dev);
	struct sgpu_quota r;

	mutex_lock(&pf->lock);
	r = pf->reserve;
	mutex_unlock(&pf->lock);
	return sysfs_emit(buf, "dma=%u codec=%u vram=%llu\n", r.dma, r.codec,
			  r.vram);
}

static ssize_t reserve_store(struct device *dev, struct device_attribute *attr,
			     const char *buf, size_t count)
{
	struct sgpu_pf *pf = dev_to_pf(dev);
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

static ssize_t slice_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct sgpu_pf *pf = dev_to_pf(dev);
	struct sgpu_slice s;

	mutex_lock(&pf->lock);
	sgpu_plan_reserve_slice(&pf->reserve, &s);
	mutex_unlock(&pf->lock);
	return sgpu_emit_slice(buf, 0, &s);
}

static ssize_t guard_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct sgpu_pf *pf = dev_to_pf(dev);
	struct sgpu_guard g;

	mutex_lock(&pf->lock);
	g = pf->guard;
	mutex_unlock(&pf->lock);
	return sysfs_emit(buf, "resets=%u events=%u mbox=%u window_ms=%u\n",
			  g.resets, g.events, g.mbox, g.window_ms);
}

static ssize_t guard_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	static const struct sgpu_key keys[] = {
		{ .name = "resets", .max = SGPU_GUARD_MAX_RESETS - 1 },
		{ .name = "events", .max = U32_MAX },
		{ .name = "window_ms", .min = 1, .max = U32_MAX },
		{ .name = "mbox", .max = U32_MAX, .optional = true },
	};
	struct sgpu_pf *pf = dev_to_pf(dev);
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

static DEVICE_ATTR_RO(abi_version);
static DEVICE_ATTR_RO(mmu_units);
static DEVICE_ATTR_RO(dma_channels);
static DEVICE_ATTR_RO(codec_cores);
static DEVICE_ATTR_RO(vram_size);
static DEVICE_ATTR_RO(vf_window);
static DEVICE_ATTR_RO(vfs_in_use);
static DEVICE_ATTR_RO(event_irqs);
static DEVICE_ATTR_RO(mbox_irqs);
static DEVICE_ATTR_RW(profile);
static DEVICE_ATTR_RO(profiles);
static DEVICE_ATTR_RW(reserve);
static DEVICE_ATTR_RO(slice);
static DEVICE_ATTR_RW(guard);

static struct attribute *sgpu_pf_attrs[] = {
	&dev_attr_abi_version.attr,
	&dev_attr_mmu_units.attr,
	&dev_attr_dma_channels.attr,
	&dev_attr_codec_cores.attr,
	&dev_attr_vram_size.attr,
	&dev_attr_vf_window.attr,
	&dev_attr_vfs_in_use.attr,
	&dev_attr_event_irqs.attr,
	&dev_attr_mbox_irqs.attr,
	&dev_attr_profile.attr,
	&dev_attr_profiles.attr,
	&dev_attr_reserve.attr,
	&dev_attr_slice.attr,
	&dev_attr_guard.attr,
	NULL
};

static const struct attribute_group sgpu_pf_group = {
	.name = "sgpu",
	.attrs = sgpu_pf_attrs,
};

/* The driver's dev_groups: added before the bind uevent, gone before remove(). */
const struct attribute_group *sgpu_pf_groups[] = {
	&sgpu_pf_group,
	NULL
};

/* ---- sgpu_vf<N>/ ------------------------------------------------------- */

static ssize_t quota_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct sgpu_pf_vf *v = attr_to_vf(attr);
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

static ssize_t quota_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	struct sgpu_pf_vf *v = attr_to_vf(attr);
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

static ssize_t vf_slice_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	struct sgpu_pf_vf *v = attr_to_vf(attr);
	int at;

	mutex_lock(&v->pf->lock);
	at = v->provisioned ? sgpu_emit_slice(buf, 0, &v->slice)
			    : sysfs_emit(buf, "none\n");
	mutex_unlock(&v->pf->lock);
	return at;
}

static ssize_t vf_profile_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct sgpu_pf_vf *v = attr_to_vf(attr);
	const char *name = "none";

	mutex_lock(&v->pf->lock);
	if (v->provisioned)
		name = v->slice_profile == SGPU_NO_PROFILE ?
		       (v->quota.mmu ? "custom" : "auto") :
		       sgpu_profiles[v->slice_profile].name;
	mutex_unlock(&v->pf->lock);
	return sysfs_emit(buf, "%s\n", name);
}

static ssize_t counters_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	struct sgpu_pf_vf *v = attr_to_vf(attr);
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

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct sgpu_pf_vf *v = attr_to_vf(attr);
	const char *state;

	mutex_lock(&v->pf->lock);
	state = !v->provisioned ? "disabled" : v->hello ? "ready" : "enabled";
	mutex_unlock(&v->pf->lock);
	return sysfs_emit(buf, "%s\n", state);
}

static ssize_t sessions_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	struct sgpu_pf_vf *v = attr_to_vf(attr);
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

static ssize_t reset_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	struct sgpu_pf_vf *v = attr_to_vf(attr);
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

static ssize_t quarantine_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct sgpu_pf_vf *v = attr_to_vf(attr);
	bool q;

	mutex_lock(&v->pf->lock);
	q = v->quarantined;
	mutex_unlock(&v->pf->lock);
	return sysfs_emit(buf, "%d\n", q);
}

static ssize_t quarantine_store(struct device *dev,
				struct device_attribute *attr,
				const char *buf, size_t count)
{
	struct sgpu_pf_vf *v = attr_to_vf(attr);
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

static ssize_t reset_state_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	struct sgpu_pf_vf *v = attr_to_vf(attr);
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
static ssize_t reset_steps_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	struct sgpu_pf_vf *v = attr_to_vf(attr);
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

static ssize_t sgpu_vf_count_show(struct device_attribute *attr, char *buf,
				  enum sgpu_vf_count which)
{
	struct sgpu_pf_vf *v = attr_to_vf(attr);
	u64 n;

	mutex_lock(&v->pf->lock);
	n = which == SGPU_VF_RESETS ? v->resets :
	    which == SGPU_VF_FAILURES ? v->reset_failures : v->last_reset_us;
	mutex_unlock(&v->pf->lock);
	return sysfs_emit(buf, "%llu\n", n);
}

static ssize_t reset_count_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return sgpu_vf_count_show(attr, buf, SGPU_VF_RESETS);
}

static ssize_t reset_failures_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	return sgpu_vf_count_show(attr, buf, SGPU_VF_FAILURES);
}

static ssize_t reset_last_us_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return sgpu_vf_count_show(attr, buf, SGPU_VF_LAST_US);
}

/* Copied into each VF number's directory (sgpu_vf_dattr). */
static const struct device_attribute sgpu_vf_attr_tmpl[SGPU_VF_NR_ATTRS] = {
	__ATTR_RW(quota),
	__ATTR(slice, 0444, vf_slice_show, NULL),
	__ATTR(profile, 0444, vf_profile_show, NULL),
	__ATTR_RO(counters),
	__ATTR_RO(state),
	__ATTR_RO(sessions),
	__ATTR_WO(reset),
	__ATTR_RW(quarantine),
	__ATTR_RO(reset_state),
	__ATTR_RO(reset_steps),
	__ATTR_RO(reset_count),
	__ATTR_RO(reset_failures),
	__ATTR_RO(reset_last_us),
};

/* ---- set-up ------------------------------------------------------------ */

/*
 * The per-VF state and its sgpu_vf<N> groups, added in probe (before the
 * bind uevent). All of it is device-managed: freed after remove().
 */
int sgpu_pf_sysfs_init(struct sgpu_pf *pf)
{
	struct device *dev = &pf->pdev->dev;
	unsigned int i, j, n = pf->res.total_vfs;
	int ret;

	pf->vfs = devm_kcalloc(dev, n, sizeof(*pf->vfs), GFP_KERNEL);
	pf->vf_groups = devm_kcalloc(dev, n + 1, sizeof(*pf->vf_groups),
				     GFP_KERNEL);
	if (!pf->vfs || !pf->vf_groups)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct sgpu_pf_vf *v = devm_kzalloc(dev, sizeof(*v), GFP_KERNEL);
		struct sgpu_pf_vf_sysfs *vs = devm_kzalloc(dev, sizeof(*vs),
							   GFP_KERNEL);

		if (!v || !vs)
			return -ENOMEM;
		v->pf = pf;
		v->index = i;
		v->profile = SGPU_NO_PROFILE;
		v->slice_profile = SGPU_NO_PROFILE;
		INIT_WORK(&v->reset_work, sgpu_pf_reset_work);
		pf->vfs[i] = v;
		snprintf(vs->name, sizeof(vs->name), "sgpu_vf%u", i);
		for (j = 0; j < SGPU_VF_NR_ATTRS; j++) {
			vs->dattrs[j].attr = sgpu_vf_attr_tmpl[j];
			sysfs_attr_init(&vs->dattrs[j].attr.attr);
			vs->dattrs[j].v = v;
			vs->attrs[j] = &vs->dattrs[j].attr.attr;
		}
		vs->group.name = vs->name;
		vs->group.attrs = vs->attrs;
		pf->vf_groups[i] = &vs->group;
	}
	ret = device_add_groups(dev, pf->vf_groups);
	if (ret)
		pci_err(pf->pdev, "cannot add the VF directories: %d\n", ret);
	return ret;
}

/*
 * First in remove() (the driver core took sgpu/ away already): once this
 * returns no show or store runs -- sysfs drains them -- so none is left
 * waiting on an interrupt that remove() is about to free.
 */
void sgpu_pf_sysfs_fini(struct sgpu_pf *pf)
{
	device_remove_groups(&pf->pdev->dev, pf->vf_groups);
}
