// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu PF driver: VF resets, and the guard that stops a misbehaving VF.
 *
 * When the device reports that a VF was reset (its FLR, or a reset the PF
 * asked the firmware for), a worker takes the VF through these steps, one
 * bit each in reset_steps, each bounded in time:
 *
 *   seen -> wait_fw -> config -> data -> reprovision -> ready
 *
 * wait_fw: the firmware says the reset is done and the VF waits to be
 * re-armed; config: the PF forgets the VF's mailbox session; data: the
 * slice, read through the PF's BAR2 at spread-out pages, is zero;
 * reprovision: the firmware is given back exactly the VF's slice, which it
 * checks against the one it holds. A step that fails leaves the VF
 * quarantined (its engines stopped) in a "failed" state naming the step,
 * until an administrator clears it.
 *
 * The guard: more than guard.resets resets, or more than guard.events
 * adverse events, within guard.window_ms quarantine the VF as well.
 *
 * Locking: pf->lock guards each VF's reset and guard state; the worker
 * drops it while it waits on the device.
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/ktime.h>
#include <linux/pci.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <sgpu/sgpu_fw_cmd.h>

#include "sgpu_pf.h"

#define SGPU_RESET_FW_TIMEOUT_MS	1000
/* Pages of the slice the data step reads, spread over it. */
#define SGPU_RESET_DATA_SAMPLES		8

const char *const sgpu_reset_step_names[SGPU_RESET_NR_STEPS] = {
	[SGPU_RESET_SEEN] = "seen",
	[SGPU_RESET_WAIT_FW] = "wait_fw",
	[SGPU_RESET_CONFIG] = "config",
	[SGPU_RESET_DATA] = "data",
	[SGPU_RESET_REPROVISION] = "reprovision",
	[SGPU_RESET_READY] = "ready",
};

/* A step's answer: the re-arm before already covered this reset. */
#define SGPU_RESET_COVERED	1

/*
 * Wait until the firmware has reset the VF and waits for re-arming -- or
 * find that the last re-arm already covered every reset it counted (two
 * resets close together raise one event or two).
 */
static int sgpu_reset_wait_fw(struct sgpu_pf *pf, struct sgpu_pf_vf *v)
{
	unsigned long end = jiffies + msecs_to_jiffies(SGPU_RESET_FW_TIMEOUT_MS);
	u32 flags, resets;
	int ret;

	for (;;) {
		ret = sgpu_pf_fw_vf_query(pf, v->index, &flags, &resets);
		if (ret)
			return ret;
		if (flags & SGPU_FW_VF_RESET_PENDING)
			return 0;
		if (resets == v->resets_armed)
			return SGPU_RESET_COVERED;
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		usleep_range(1000, 2000);
	}
}

static int sgpu_reset_config(struct sgpu_pf *pf, struct sgpu_pf_vf *v)
{
	mutex_lock(&pf->lock);
	v->hello = false;
	v->sessions = 0;
	v->events_base = 0;	/* the device zeroed the VF's counters */
	v->events_start = ktime_get();
	mutex_unlock(&pf->lock);
	return 0;
}

/* The slice must read zero: sample pages across it through PF BAR2. */
static int sgpu_reset_data(struct sgpu_pf *pf, struct sgpu_pf_vf *v)
{
	u64 size = v->slice.vram_size, off, i, pages = size >> PAGE_SHIFT;
	resource_size_t bar = pci_resource_start(pf->pdev, SGPU_BAR_VRAM);
	void __iomem *p;
	unsigned int k;

	for (k = 0; k < SGPU_RESET_DATA_SAMPLES; k++) {
		/* First page, last page, and evenly between. */
		off = (pages - 1) * k / (SGPU_RESET_DATA_SAMPLES - 1) << PAGE_SHIFT;
		p = ioremap(bar + v->slice.vram_base + off, PAGE_SIZE);
		if (!p)
			return -ENOMEM;
		for (i = 0; i < PAGE_SIZE; i += 8) {
			if (readq(p + i)) {
				iounmap(p);
				pci_err(pf->pdev, "VF %u: slice not scrubbed at VRAM %#llx\n",
					v->index, v->slice.vram_base + off + i);
				return -EIO;
			}
		}
		iounmap(p);
	}
	return 0;
}

static int sgpu_reset_reprovision(struct sgpu_pf *pf, struct sgpu_pf_vf *v)
{
	struct sgpu_fw_vf_slice_args a = sgpu_pf_fw_slice_args(v->index,
							       &v->slice);
	struct sgpu_fw_vf_rearm_resp covered;
	int ret;

	ret = sgpu_pf_fw_cmd(pf, SGPU_FW_CMD_VF_REARM, &a, sizeof(a),
			     &covered, sizeof(covered));
	if (!ret) {
		mutex_lock(&pf->lock);
		v->resets_armed = covered.resets;
		mutex_unlock(&pf->lock);
	}
	return ret;
}

static int (*const sgpu_reset_steps[SGPU_RESET_NR_STEPS])(struct sgpu_pf *,
							 struct sgpu_pf_vf *) = {
	[SGPU_RESET_WAIT_FW] = sgpu_reset_wait_fw,
	[SGPU_RESET_CONFIG] = sgpu_reset_config,
	[SGPU_RESET_DATA] = sgpu_reset_data,
	[SGPU_RESET_REPROVISION] = sgpu_reset_reprovision,
};

static int sgpu_pf_fw_quarantine(struct sgpu_pf *pf, unsigned int vf, u32 on)
{
	struct sgpu_fw_vf_quarantine_args a = { .vf = vf, .hold = on };

	return sgpu_pf_fw_cmd(pf, SGPU_FW_CMD_VF_QUARANTINE, &a, sizeof(a),
			      NULL, 0);
}

/* Resets of @v within the guard's window, counting the newest. Locked. */
static unsigned int sgpu_guard_recent_resets(struct sgpu_pf *pf,
					     struct sgpu_pf_vf *v)
{
	ktime_t since = ktime_sub_ms(ktime_get(), pf->guard.window_ms);
	unsigned int i, n = 0;

	for (i = 0; i < SGPU_GUARD_MAX_RESETS; i++)
		if (v->reset_times[i] && ktime_after(v->reset_times[i], since))
			n++;
	return n;
}

int sgpu_pf_vf_quarantine(struct sgpu_pf *pf, struct sgpu_pf_vf *v,
			  const char *reason)
{
	int ret = sgpu_pf_fw_quarantine(pf, v->index, 1);

	if (ret)
		return ret;
	mutex_lock(&pf->lock);
	v->quarantined = true;
	strscpy(v->reason, reason, sizeof(v->reason));
	mutex_unlock(&pf->lock);
	pci_warn(pf->pdev, "VF %u quarantined: %s; write 0 to sgpu_vf%u/quarantine to release it\n",
		 v->index, reason, v->index);
	return 0;
}

/* Let a released VF run: its reset went through. */
static void sgpu_pf_vf_lift(struct sgpu_pf *pf, struct sgpu_pf_vf *v)
{
	int ret = sgpu_pf_fw_quarantine(pf, v->index, 0);

	if (ret) {
		pci_err(pf->pdev, "VF %u: firmware kept it quarantined: %d\n",
			v->index, ret);
		return;
	}
	mutex_lock(&pf->lock);
	v->quarantined = false;
	v->reason[0] = '\0';
	mutex_unlock(&pf->lock);
	pci_info(pf->pdev, "VF %u reset clean and running again\n", v->index);
}

void sgpu_pf_reset_work(struct work_struct *work)
{
	struct sgpu_pf_vf *v = container_of(work, struct sgpu_pf_vf,
					    reset_work);
	struct sgpu_pf *pf = v->pf;
	unsigned long steps_before;
	char reason[80] = "";
	bool release = false;
	unsigned int step;
	int ret;

	mutex_lock(&pf->lock);
	steps_before = v->reset_steps;
	v->reset_steps = BIT(SGPU_RESET_SEEN);
	v->reset_again = false;
	mutex_unlock(&pf->lock);
again:
	ret = 0;
	for (step = SGPU_RESET_WAIT_FW; step < SGPU_RESET_READY; step++) {
		mutex_lock(&pf->lock);
		if (pf->inject_fail_step == step) {
			pf->inject_fail_step = -1;
			ret = -EIO;
		}
		mutex_unlock(&pf->lock);
		if (!ret)
			ret = sgpu_reset_steps[step](pf, v);
		if (ret)
			break;
		mutex_lock(&pf->lock);
		set_bit(step, &v->reset_steps);
		mutex_unlock(&pf->lock);
	}

	mutex_lock(&pf->lock);
	if (ret == SGPU_RESET_COVERED) {
		/* Nothing new since the last re-arm: that pass stands. */
		ret = 0;
		v->reset_steps = steps_before;
	} else if (!ret) {
		set_bit(SGPU_RESET_READY, &v->reset_steps);
		v->last_reset_us = ktime_us_delta(ktime_get(), v->reset_start);
	}
	if (!ret && v->reset_again) {
		/* Another reset was reported meanwhile: go through it too. */
		steps_before = v->reset_steps;
		v->reset_steps = BIT(SGPU_RESET_SEEN);
		v->reset_again = false;
		mutex_unlock(&pf->lock);
		goto again;
	}
	if (ret) {
		v->reset_state = SGPU_RESET_FAILED;
		v->failed_step = step;
		v->failed_err = ret;
		v->reset_failures++;
		v->release_pending = false;
		snprintf(reason, sizeof(reason), "reset failed at step %s (%d)",
			 sgpu_reset_step_names[step], ret);
	} else if (v->release_pending) {
		/* The reset that releases a quarantined VF is done. */
		v->reset_state = SGPU_RESET_IDLE;
		v->release_pending = false;
		release = true;
	} else {
		v->reset_state = SGPU_RESET_IDLE;
		if (pf->guard.resets && !v->quarantined &&
		    sgpu_guard_recent_resets(pf, v) > pf->guard.resets)
			snprintf(reason, sizeof(reason),
				 "too many resets: %u in %u ms",
				 sgpu_guard_recent_resets(pf, v),
				 pf->guard.window_ms);
	}
	mutex_unlock(&pf->lock);

	if (ret)
		pci_err(pf->pdev, "VF %u: reset failed at step %s: %d\n",
			v->index, sgpu_reset_step_names[step], ret);
	else
		pci_info(pf->pdev, "VF %u reset and re-armed in %llu us\n",
			 v->index, v->last_reset_us);
	if (reason[0])
		sgpu_pf_vf_quarantine(pf, v, reason);
	if (release)
		sgpu_pf_vf_lift(pf, v);
}

/*
 * The device reported a reset of VF @v (its FLR, or one the PF asked for).
 * The firmware's count says how many: a burst may raise one event.
 */
static void sgpu_pf_vf_reset_begin(struct sgpu_pf *pf, struct sgpu_pf_vf *v)
{
	u32 flags, resets, n, i;

	if (sgpu_pf_fw_vf_query(pf, v->index, &flags, &resets))
		return;
	mutex_lock(&pf->lock);
	if (!v->provisioned || pf->disabling) {
		mutex_unlock(&pf->lock);
		return;
	}
	n = resets - v->resets_seen;
	v->resets_seen = resets;
	v->resets += n;
	for (i = 0; i < min_t(u32, n, SGPU_GUARD_MAX_RESETS); i++) {
		v->reset_times[v->reset_times_next] = ktime_get();
		v->reset_times_next = (v->reset_times_next + 1) %
				      SGPU_GUARD_MAX_RESETS;
	}
	if (v->reset_state == SGPU_RESET_RUNNING) {
		/* The worker goes through it once it is done. */
		v->reset_again = true;
	} else if (n || (flags & SGPU_FW_VF_RESET_PENDING)) {
		v->reset_state = SGPU_RESET_RUNNING;
		v->reset_start = ktime_get();
		schedule_work(&v->reset_work);
	}
	mutex_unlock(&pf->lock);
}

/* VF @v's counters rose: stop it if they rose too fast. */
static void sgpu_pf_guard_events(struct sgpu_pf *pf, struct sgpu_pf_vf *v)
{
	u32 c[SGPU_CNT_NUM];
	char reason[80] = "";
	u64 total = 0;
	unsigned int i;

	if (sgpu_pf_fw_counters(pf, v->index, c))
		return;
	for (i = 0; i < SGPU_CNT_NUM; i++)
		total += c[i];
	mutex_lock(&pf->lock);
	if (ktime_after(ktime_get(), ktime_add_ms(v->events_start,
						  pf->guard.window_ms)) ||
	    total < v->events_base) {
		v->events_start = ktime_get();
		v->events_base = total;
	}
	if (pf->guard.events && !v->quarantined &&
	    total - v->events_base > pf->guard.events)
		snprintf(reason, sizeof(reason),
			 "too many adverse events: %llu in %u ms",
			 total - v->events_base, pf->guard.window_ms);
	mutex_unlock(&pf->lock);
	if (reason[0])
		sgpu_pf_vf_quarantine(pf, v, reason);
}

/* The event vector said VF_EVENT: resets and adverse events to handle. */
void sgpu_pf_event_work(struct work_struct *work)
{
	struct sgpu_pf *pf = container_of(work, struct sgpu_pf, event_work);
	unsigned long resets, adverse;
	unsigned int w, b, vf;

	for (w = 0; w < DIV_ROUND_UP(pf->res.total_vfs, 32); w++) {
		resets = sgpu_pf_rd(pf, SGPU_REG_VF_RESET_PENDING(w));
		adverse = sgpu_pf_rd(pf, SGPU_REG_VF_ADVERSE_PENDING(w));
		sgpu_pf_wr(pf, SGPU_REG_VF_RESET_PENDING(w), resets);
		sgpu_pf_wr(pf, SGPU_REG_VF_ADVERSE_PENDING(w), adverse);
		for_each_set_bit(b, &resets, 32) {
			vf = w * 32 + b;
			if (vf < pf->res.total_vfs)
				sgpu_pf_vf_reset_begin(pf, pf->vfs[vf]);
		}
		for_each_set_bit(b, &adverse, 32) {
			vf = w * 32 + b;
			if (vf < pf->res.total_vfs)
				sgpu_pf_guard_events(pf, pf->vfs[vf]);
		}
	}
}

/* Ask the firmware to reset VF @v; the device then reports it as usual. */
int sgpu_pf_vf_request_reset(struct sgpu_pf *pf, struct sgpu_pf_vf *v)
{
	struct sgpu_fw_vf_arg arg = { .vf = v->index };

	return sgpu_pf_fw_cmd(pf, SGPU_FW_CMD_VF_RESET, &arg, sizeof(arg),
			      NULL, 0);
}

/*
 * The administrator clears a stopped VF: it is reset while still held, and
 * let go once the reset is through (sgpu_pf_vf_lift), so its driver finds
 * it clean; a reset that fails keeps it quarantined.
 */
int sgpu_pf_vf_release(struct sgpu_pf *pf, struct sgpu_pf_vf *v)
{
	int ret;

	mutex_lock(&pf->lock);
	v->release_pending = true;
	/* The guard starts over: what stopped the VF is forgiven. */
	memset(v->reset_times, 0, sizeof(v->reset_times));
	v->events_start = ktime_get();
	v->mbox_start = ktime_get();
	v->mbox_count = 0;
	v->mbox_tripped = false;
	mutex_unlock(&pf->lock);
	pci_info(pf->pdev, "VF %u released by the administrator; resetting it\n",
		 v->index);
	ret = sgpu_pf_vf_request_reset(pf, v);
	if (ret) {
		mutex_lock(&pf->lock);
		v->release_pending = false;
		mutex_unlock(&pf->lock);
	}
	return ret;
}

/* VFs went away: forget their reset and guard state. Under pf->lock. */
void sgpu_pf_vf_reset_forget(struct sgpu_pf_vf *v)
{
	v->reset_state = SGPU_RESET_IDLE;
	v->quarantined = false;
	v->reset_steps = 0;
	v->reason[0] = '\0';
	v->reset_again = false;
	v->release_pending = false;
	v->resets = 0;		/* counts start with each enable */
	v->reset_failures = 0;
	v->last_reset_us = 0;
	v->resets_seen = 0;	/* the firmware's count restarts too */
	v->resets_armed = 0;
	memset(v->reset_times, 0, sizeof(v->reset_times));
	v->events_base = 0;
}

/* debugfs fail_reset_step: a step name makes the next VF reset fail there. */
static ssize_t sgpu_fail_step_write(struct file *file, const char __user *ubuf,
				    size_t len, loff_t *ppos)
{
	struct sgpu_pf *pf = file->private_data;
	char buf[32];
	int step;

	if (len >= sizeof(buf) || copy_from_user(buf, ubuf, len))
		return -EINVAL;
	buf[len] = '\0';
	step = sysfs_match_string(sgpu_reset_step_names, buf);
	if (step <= SGPU_RESET_SEEN || step >= SGPU_RESET_READY)
		return -EINVAL;
	mutex_lock(&pf->lock);
	pf->inject_fail_step = step;
	mutex_unlock(&pf->lock);
	return len;
}

static const struct file_operations sgpu_fail_step_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sgpu_fail_step_write,
	.llseek = default_llseek,
};

void sgpu_pf_reset_debugfs(struct sgpu_pf *pf)
{
	debugfs_create_file("fail_reset_step", 0200, pf->debugfs, pf,
			    &sgpu_fail_step_fops);
}
