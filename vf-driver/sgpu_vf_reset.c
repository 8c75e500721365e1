// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu VF driver: surviving resets.
 *
 * A VF can lose its state three ways: an FLR (reset_prepare/reset_done
 * below, from the PCI core or VFIO), a reset the PF asks the firmware for,
 * or the PF quarantining it. In every case the engines stop and the jobs
 * outstanding at that moment complete with SGPU_DERR_ABORTED. While a
 * reset is in flight new jobs wait for it (sgpu_vf_wait_usable); once the
 * device says the VF is ready again (the PF has re-armed it) the driver
 * builds its page tables again, restarts its engines and greets the PF,
 * and the jobs go on. A VF the PF quarantines refuses jobs with EIO until
 * it is released. BO handles survive; what was in VRAM does not (the
 * device scrubs the slice).
 */
#include <linux/delay.h>
#include <linux/pci.h>

#include "sgpu_vf.h"

#define SGPU_REARM_TIMEOUT_MS	5000
/* How long a job waits for a reset in flight before it is refused. */
#define SGPU_RESET_WAIT_MS	10000
/* Set-ups a run of resets may force before the VF is given up on. */
#define SGPU_REINIT_TRIES	8

static void sgpu_vf_set_state(struct sgpu_vf *vf, enum sgpu_vf_state state)
{
	WRITE_ONCE(vf->state, state);
	wake_up_all(&vf->state_wq);
}

/* Stop using the device: engines stop, jobs end, ioctls drain. */
static void sgpu_vf_hold(struct sgpu_vf *vf)
{
	sgpu_vf_set_state(vf, SGPU_VF_RESETTING);
	sgpu_vf_engines_stop(vf);
	down_write(&vf->gone_sem);
	/* Jobs queued by ioctls that were already past the state check. */
	sgpu_vf_engines_stop(vf);
}

static bool sgpu_vf_ready(struct sgpu_vf *vf)
{
	return sgpu_vf_rd(vf, SGPU_REG_STATUS) & SGPU_STATUS_READY;
}

/* Ready, or re-armed but quarantined: either way the PF is done with it. */
static bool sgpu_vf_settled(struct sgpu_vf *vf)
{
	u32 st = sgpu_vf_rd(vf, SGPU_REG_STATUS);

	return (st & SGPU_STATUS_READY) ||
	       ((st & SGPU_STATUS_QUARANTINED) &&
		!(st & SGPU_STATUS_RESET_PENDING));
}

/* Wait (bounded) until the PF is done with the VF: ready or held. */
static bool sgpu_vf_wait_settled(struct sgpu_vf *vf)
{
	unsigned long end = jiffies + msecs_to_jiffies(SGPU_REARM_TIMEOUT_MS);

	while (!sgpu_vf_settled(vf) && time_before(jiffies, end))
		usleep_range(1000, 2000);
	return sgpu_vf_settled(vf);
}

/*
 * The device says the VF is ready: set it up again. Under gone_sem.
 *
 * A reset can land while we do (the PF asks for one, or an FLR): it wipes
 * the MMU set-up behind our back. So note RESETS first, set up, read the
 * set-up back, and ask the PF for the grant (SGPU_MBOX_READY), which it
 * gives only for the reset count that is current once its own reset
 * handling is done; any other answer means: again. A reset after the
 * grant raises a STATE interrupt whose RESETS differs from resets_seen.
 * Returns -ENXIO if the VF is no longer ready (a reset in flight, or held).
 */
static int sgpu_vf_reinit(struct sgpu_vf *vf)
{
	unsigned int e, tries;
	u32 resets, delay;
	int ret = -EAGAIN;

	for (tries = 0; tries < SGPU_REINIT_TRIES && ret == -EAGAIN; tries++) {
		if (READ_ONCE(vf->gone))
			return -ENODEV;
		if (tries) {
			vf->reinit_again++;
			pci_info(vf->pdev, "VF %u was reset again while it was set up: setting it up again\n",
				 vf->index);
			if (!sgpu_vf_wait_settled(vf) || !sgpu_vf_ready(vf))
				return -ENXIO;
		}
		/*
		 * RESETS, then READY: a reset after this read changes the
		 * count, and the PF calls the grant stale.
		 */
		resets = sgpu_vf_rd(vf, SGPU_REG_RESETS);
		if (!sgpu_vf_ready(vf)) {
			ret = -EAGAIN;
			continue;
		}
		sgpu_vf_mem_rebuild(vf);
		for (e = 0; e < vf->nr_engines; e++)
			sgpu_vf_engine_restart(&vf->engines[e]);
		delay = READ_ONCE(vf->inject_reinit_delay_ms);
		if (delay) {
			pci_info(vf->pdev, "VF %u set-up: injected delay of %u ms\n",
				 vf->index, delay);
			msleep(min_t(u32, delay, 10000));
		}
		ret = sgpu_vf_mem_check(vf);
		if (!ret)
			ret = sgpu_vf_mbox_hello(vf);
		if (!ret)
			ret = sgpu_vf_mbox_ready(vf, resets);
	}
	if (ret)
		return ret;
	vf->resets_seen = resets;
	mutex_lock(&vf->files_lock);
	sgpu_vf_mbox_sessions(vf, vf->sessions);
	mutex_unlock(&vf->files_lock);
	return 0;
}

/* Not ready after a reset: say why, and stay held. Releases gone_sem. */
static void sgpu_vf_stay_held(struct sgpu_vf *vf)
{
	u32 st = sgpu_vf_rd(vf, SGPU_REG_STATUS);

	if (st & SGPU_STATUS_QUARANTINED) {
		pci_warn(vf->pdev, "VF %u is quarantined by the PF: jobs are refused until it is released\n",
			 vf->index);
		sgpu_vf_set_state(vf, SGPU_VF_QUARANTINED);
	}
	/* Else a reset is still in flight: its STATE interrupt comes. */
	up_write(&vf->gone_sem);
}

/* Ready again: re-initialise and let users in. Releases gone_sem. */
static void sgpu_vf_resume(struct sgpu_vf *vf)
{
	int ret = sgpu_vf_reinit(vf);

	if (ret == -ENXIO) {
		sgpu_vf_stay_held(vf);
		return;
	}
	if (ret) {
		pci_err(vf->pdev, "could not set the VF up again after its reset: %d\n",
			ret);
		sgpu_vf_set_state(vf, SGPU_VF_BROKEN);
	} else {
		pci_info(vf->pdev, "VF %u reset: ready again\n", vf->index);
		vf->resets_done++;
		sgpu_vf_set_state(vf, SGPU_VF_RUNNING);
	}
	up_write(&vf->gone_sem);
}

static void sgpu_vf_reset_prepare(struct pci_dev *pdev)
{
	sgpu_vf_hold(pci_get_drvdata(pdev));
}

/* After the FLR: the PF re-arms the VF; wait for that, then go on. */
static void sgpu_vf_reset_done(struct pci_dev *pdev)
{
	struct sgpu_vf *vf = pci_get_drvdata(pdev);

	sgpu_vf_wait_settled(vf);
	if (sgpu_vf_ready(vf)) {
		sgpu_vf_resume(vf);
		return;
	}
	if (!sgpu_vf_settled(vf))
		pci_warn(pdev, "VF %u not re-armed by the PF within %d ms (status %#x)\n",
			 vf->index, SGPU_REARM_TIMEOUT_MS,
			 sgpu_vf_rd(vf, SGPU_REG_STATUS));
	sgpu_vf_stay_held(vf);
}

const struct pci_error_handlers sgpu_vf_err_handlers = {
	.reset_prepare = sgpu_vf_reset_prepare,
	.reset_done = sgpu_vf_reset_done,
};

/* Does the driver's state already say what STATUS @st does? */
static bool sgpu_vf_state_matches(struct sgpu_vf *vf, u32 st)
{
	enum sgpu_vf_state state = READ_ONCE(vf->state);

	if (st & SGPU_STATUS_READY)
		return state == SGPU_VF_RUNNING &&
		       sgpu_vf_rd(vf, SGPU_REG_RESETS) == vf->resets_seen;
	if (st & SGPU_STATUS_QUARANTINED)
		return state == SGPU_VF_QUARANTINED;
	return state == SGPU_VF_RESETTING || state == SGPU_VF_BROKEN;
}

/*
 * The STATE interrupt (from error_work): the PF reset the VF, held it or
 * let it go. Process context.
 */
void sgpu_vf_state_changed(struct sgpu_vf *vf)
{
	bool matches;

	down_read(&vf->gone_sem);
	matches = READ_ONCE(vf->gone) ||
		  sgpu_vf_state_matches(vf, sgpu_vf_rd(vf, SGPU_REG_STATUS));
	up_read(&vf->gone_sem);
	if (matches)
		return;

	sgpu_vf_hold(vf);
	if (READ_ONCE(vf->gone)) {
		up_write(&vf->gone_sem);
		return;
	}
	if (sgpu_vf_ready(vf))
		sgpu_vf_resume(vf);
	else
		sgpu_vf_stay_held(vf);
}

/*
 * Before a job is queued: wait out a reset in flight (not holding
 * gone_sem, which the reset takes), then refuse it unless the VF runs.
 */
int sgpu_vf_wait_usable(struct sgpu_vf *vf)
{
	long left;

	left = wait_event_interruptible_timeout(vf->state_wq,
						READ_ONCE(vf->state) !=
						SGPU_VF_RESETTING ||
						READ_ONCE(vf->gone),
						msecs_to_jiffies(SGPU_RESET_WAIT_MS));
	if (left < 0)
		return left;
	if (READ_ONCE(vf->gone))
		return -ENODEV;
	switch (READ_ONCE(vf->state)) {
	case SGPU_VF_RUNNING:
		return 0;
	case SGPU_VF_QUARANTINED:
		sgpu_refuse(vf, "job refused: the PF holds the VF (quarantined)\n");
		return -EIO;
	case SGPU_VF_BROKEN:
		sgpu_refuse(vf, "job refused: the VF could not be set up again after a reset\n");
		return -EIO;
	default:
		sgpu_refuse(vf, "job refused: the VF's reset did not finish in %d ms\n",
			    SGPU_RESET_WAIT_MS);
		return -EIO;
	}
}

/* sysfs: what the driver makes of the VF now. */
static ssize_t sgpu_state_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	static const char *const names[] = {
		[SGPU_VF_RUNNING] = "ready",
		[SGPU_VF_RESETTING] = "resetting",
		[SGPU_VF_QUARANTINED] = "held: quarantined by the PF",
		[SGPU_VF_BROKEN] = "held: could not set it up again",
	};
	struct sgpu_vf *vf = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%s\n", names[READ_ONCE(vf->state)]);
}
static DEVICE_ATTR_RO(sgpu_state);

static ssize_t sgpu_resets_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	struct sgpu_vf *vf = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%u\n", READ_ONCE(vf->resets_done));
}
static DEVICE_ATTR_RO(sgpu_resets);

static struct attribute *sgpu_vf_attrs[] = {
	&dev_attr_sgpu_state.attr,
	&dev_attr_sgpu_resets.attr,
	NULL
};

static const struct attribute_group sgpu_vf_group = {
	.attrs = sgpu_vf_attrs,
};

const struct attribute_group *sgpu_vf_groups[] = {
	&sgpu_vf_group,
	NULL
};
