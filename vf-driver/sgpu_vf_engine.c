// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu VF driver: the VF's engines -- rings, submission, completion,
 * recovery.
 *
 * Jobs get per-engine sequence numbers. The job interrupt (hard IRQ) reads
 * ENG_DONE and copies each finished descriptor's status into results[],
 * indexed by sequence number, then wakes waiters; waiters also poll, so a job
 * submitted without the interrupt flag completes too; retire_work then
 * drops the references finished jobs held on their BOs. An engine the
 * device stopped (a bad ring, from raw use) is restarted by error_work,
 * which completes its outstanding jobs with SGPU_DERR_ABORTED; so does
 * a reset (sgpu_vf_reset.c).
 */
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "sgpu_vf.h"

#define SGPU_POLL_MS		20

static u32 sgpu_ring_slot(struct sgpu_engine *eng, u64 seqno)
{
	return (seqno - eng->slot0_seq) % SGPU_RING_ENTRIES;
}

/*
 * Job @seqno's result. Indexed by sequence number, not ring slot: a ring
 * restart renumbers the slots, and the jobs it aborted must still be found.
 */
static struct sgpu_job_result *sgpu_result(struct sgpu_engine *eng, u64 seqno)
{
	return &eng->results[seqno % SGPU_RING_ENTRIES];
}

/* Point the engine at its ring, empty, and enable it. */
static void sgpu_engine_start(struct sgpu_engine *eng)
{
	struct sgpu_vf *vf = eng->vf;
	unsigned int e = eng->index;

	sgpu_vf_wr(vf, sgpu_eng_reg(e, SGPU_ENG_CTRL), SGPU_ENG_CTRL_RESET);
	sgpu_vf_wr(vf, sgpu_eng_reg(e, SGPU_ENG_RING_BASE_LO),
		   lower_32_bits(eng->ring_dma));
	sgpu_vf_wr(vf, sgpu_eng_reg(e, SGPU_ENG_RING_BASE_HI),
		   upper_32_bits(eng->ring_dma));
	sgpu_vf_wr(vf, sgpu_eng_reg(e, SGPU_ENG_RING_SIZE), SGPU_RING_ENTRIES);
	sgpu_vf_wr(vf, sgpu_eng_reg(e, SGPU_ENG_CTRL), SGPU_ENG_CTRL_ENABLE);
	eng->done_seen = sgpu_vf_rd(vf, sgpu_eng_reg(e, SGPU_ENG_DONE));
	/* Slots restart at 0; every earlier job has ended and been retired. */
	eng->slot0_seq = eng->submitted + 1;
}

int sgpu_vf_engines_init(struct sgpu_vf *vf)
{
	unsigned int e;

	vf->nr_engines = vf->dma_channels + vf->codec_cores;
	vf->engines = kcalloc(vf->nr_engines, sizeof(*vf->engines), GFP_KERNEL);
	if (!vf->engines)
		return -ENOMEM;
	for (e = 0; e < vf->nr_engines; e++) {
		struct sgpu_engine *eng = &vf->engines[e];
		u32 want = e < vf->dma_channels ? SGPU_ENG_TYPE_DMA
						: SGPU_ENG_TYPE_CODEC;

		eng->vf = vf;
		eng->index = e;
		eng->type = sgpu_vf_rd(vf, sgpu_eng_reg(e, SGPU_ENG_TYPE));
		if (eng->type != want) {
			pci_err(vf->pdev, "engine %u has type %u, expected %u\n",
				e, eng->type, want);
			return -EIO;
		}
		spin_lock_init(&eng->lock);
		init_waitqueue_head(&eng->wq);
		eng->ring = dma_alloc_coherent(&vf->pdev->dev,
					       SGPU_RING_ENTRIES * SGPU_DESC_SIZE,
					       &eng->ring_dma, GFP_KERNEL);
		if (!eng->ring)
			return -ENOMEM;
		sgpu_engine_start(eng);
	}
	return 0;
}

void sgpu_vf_engines_fini(struct sgpu_vf *vf)
{
	unsigned int e, i;

	for (e = 0; vf->engines && e < vf->nr_engines; e++) {
		struct sgpu_engine *eng = &vf->engines[e];

		for (i = 0; i < SGPU_RING_ENTRIES; i++) {
			if (eng->results[i].bos[0])
				sgpu_bo_put(eng->results[i].bos[0]);
			if (eng->results[i].bos[1])
				sgpu_bo_put(eng->results[i].bos[1]);
		}
		if (!eng->ring)
			continue;
		sgpu_vf_wr(vf, sgpu_eng_reg(e, SGPU_ENG_CTRL),
			   SGPU_ENG_CTRL_RESET);
		dma_free_coherent(&vf->pdev->dev,
				  SGPU_RING_ENTRIES * SGPU_DESC_SIZE,
				  eng->ring, eng->ring_dma);
	}
	kfree(vf->engines);
	vf->engines = NULL;
}

/* Collect what the engine finished since we last looked. Under eng->lock. */
static void sgpu_engine_reap(struct sgpu_engine *eng)
{
	u32 done = sgpu_vf_rd(eng->vf, sgpu_eng_reg(eng->index, SGPU_ENG_DONE));
	u32 n = done - eng->done_seen;

	/* The descriptors' write-backs are visible once DONE says so. */
	rmb();
	n = min_t(u64, n, eng->submitted - eng->completed);
	while (n--) {
		u64 s = eng->completed + 1;
		u32 slot = sgpu_ring_slot(eng, s);
		struct sgpu_desc *d = &eng->ring[slot];
		struct sgpu_job_result *r = sgpu_result(eng, s);
		u32 status = le32_to_cpu(READ_ONCE(d->status));

		r->seqno = s;
		r->status = status & SGPU_DESC_DONE ? SGPU_DESC_ERR(status)
						    : SGPU_DERR_ABORTED;
		r->result = le32_to_cpu(READ_ONCE(d->result));
		r->dims = le32_to_cpu(READ_ONCE(d->dims));
		eng->completed = s;
	}
	eng->done_seen = done;
	wake_up_all(&eng->wq);
}

/* Fail every job still outstanding. Under eng->lock. */
static void sgpu_engine_abort_pending(struct sgpu_engine *eng)
{
	while (eng->completed < eng->submitted) {
		u64 s = ++eng->completed;
		struct sgpu_job_result *r = sgpu_result(eng, s);

		r->seqno = s;
		r->status = SGPU_DERR_ABORTED;
		r->result = 0;
		r->dims = 0;
	}
	wake_up_all(&eng->wq);
}

/*
 * Queue @d; the job takes over the caller's references on @src and @dst
 * (either may be NULL) and drops those of the job that last used the slot.
 */
int sgpu_vf_engine_push(struct sgpu_engine *eng, const struct sgpu_desc *d,
			struct sgpu_bo *src, struct sgpu_bo *dst, u64 *seqno)
{
	struct sgpu_vf *vf = eng->vf;
	struct sgpu_job_result *r;
	struct sgpu_bo *old[2];
	unsigned long flags;
	long left;
	u32 slot;

	for (;;) {
		spin_lock_irqsave(&eng->lock, flags);
		if (eng->submitted - eng->completed < SGPU_RING_ENTRIES - 1)
			break;
		sgpu_engine_reap(eng);
		spin_unlock_irqrestore(&eng->lock, flags);
		left = wait_event_interruptible_timeout(eng->wq,
							READ_ONCE(vf->gone) ||
							READ_ONCE(eng->submitted) -
							READ_ONCE(eng->completed) <
							SGPU_RING_ENTRIES - 1,
							msecs_to_jiffies(SGPU_POLL_MS));
		if (left < 0 || READ_ONCE(vf->gone)) {
			if (src)
				sgpu_bo_put(src);
			if (dst)
				sgpu_bo_put(dst);
			return left < 0 ? left : -ENODEV;
		}
	}
	*seqno = ++eng->submitted;
	slot = sgpu_ring_slot(eng, *seqno);
	eng->ring[slot] = *d;
	r = sgpu_result(eng, *seqno);
	r->seqno = 0;
	/* The result's last job is done; retire_work may not have got to it. */
	old[0] = r->bos[0];
	old[1] = r->bos[1];
	r->bos[0] = src;
	r->bos[1] = dst;
	r->bo_seq = *seqno;
	/* The descriptor is in memory before the doorbell. */
	wmb();
	sgpu_vf_wr(vf, sgpu_eng_reg(eng->index, SGPU_ENG_RING_TAIL),
		   (slot + 1) % SGPU_RING_ENTRIES);
	spin_unlock_irqrestore(&eng->lock, flags);
	if (old[0])
		sgpu_bo_put(old[0]);
	if (old[1])
		sgpu_bo_put(old[1]);
	return 0;
}

int sgpu_vf_engine_wait(struct sgpu_engine *eng, u64 seqno,
			unsigned int timeout_ms, struct sgpu_job_result *res)
{
	unsigned long end = jiffies + msecs_to_jiffies(timeout_ms), flags;
	struct sgpu_vf *vf = eng->vf;
	bool done;
	long left;
	int ret = 0;

	if (!seqno || seqno > READ_ONCE(eng->submitted))
		return -EINVAL;
	for (;;) {
		spin_lock_irqsave(&eng->lock, flags);
		if (eng->completed < seqno)
			sgpu_engine_reap(eng);
		done = eng->completed >= seqno;
		if (done) {
			struct sgpu_job_result *r = sgpu_result(eng, seqno);

			if (r->seqno == seqno)
				*res = *r;
			else
				ret = -ENOENT;	/* its result has been reused */
		}
		spin_unlock_irqrestore(&eng->lock, flags);
		if (done)
			return ret;
		if (READ_ONCE(vf->gone))
			return -ENODEV;
		if (time_after_eq(jiffies, end))
			return timeout_ms ? -ETIMEDOUT : -EAGAIN;
		left = wait_event_interruptible_timeout(eng->wq,
							READ_ONCE(eng->completed) >= seqno ||
							READ_ONCE(vf->gone),
							min_t(unsigned long, end - jiffies,
							      msecs_to_jiffies(SGPU_POLL_MS)));
		if (left < 0)
			return left;
	}
}

#define SGPU_RETIRE_BATCH	16

/* Move slot @r's BO references to @bos[*n]. Under eng->lock. */
static void sgpu_job_take_bos(struct sgpu_job_result *r, struct sgpu_bo **bos,
			      unsigned int *n)
{
	bos[(*n)++] = r->bos[0];
	bos[(*n)++] = r->bos[1];
	r->bos[0] = NULL;
	r->bos[1] = NULL;
	r->bo_seq = 0;
}

static void sgpu_put_bos(struct sgpu_bo **bos, unsigned int n)
{
	while (n--)
		if (bos[n])
			sgpu_bo_put(bos[n]);
}

/* Drop the BO references of every finished job. Process context. */
void sgpu_vf_retire_work(struct work_struct *work)
{
	struct sgpu_vf *vf = container_of(work, struct sgpu_vf, retire_work);
	struct sgpu_bo *bos[2 * SGPU_RETIRE_BATCH];
	unsigned long flags;
	unsigned int e, n;

	for (e = 0; e < vf->nr_engines; e++) {
		struct sgpu_engine *eng = &vf->engines[e];

		do {
			n = 0;
			spin_lock_irqsave(&eng->lock, flags);
			while (eng->retired < eng->completed &&
			       n < ARRAY_SIZE(bos)) {
				u64 s = ++eng->retired;
				struct sgpu_job_result *r = sgpu_result(eng, s);

				if (r->bo_seq == s)
					sgpu_job_take_bos(r, bos, &n);
			}
			spin_unlock_irqrestore(&eng->lock, flags);
			sgpu_put_bos(bos, n);
		} while (n);
	}
}

/*
 * Start @eng afresh: its outstanding jobs end (ABORTED), the BOs they held
 * are let go, and its ring starts over at slot 0. Process context.
 */
void sgpu_vf_engine_restart(struct sgpu_engine *eng)
{
	struct sgpu_bo **bos;
	unsigned long flags;
	unsigned int i, n = 0;

	bos = kcalloc(2 * SGPU_RING_ENTRIES, sizeof(*bos), GFP_KERNEL);
	spin_lock_irqsave(&eng->lock, flags);
	sgpu_engine_reap(eng);
	sgpu_engine_abort_pending(eng);
	/* Every job has ended: let go of their BOs now. */
	for (i = 0; bos && i < SGPU_RING_ENTRIES; i++)
		if (eng->results[i].bo_seq)
			sgpu_job_take_bos(&eng->results[i], bos, &n);
	eng->retired = eng->completed;
	sgpu_engine_start(eng);
	spin_unlock_irqrestore(&eng->lock, flags);
	sgpu_put_bos(bos, n);
	kfree(bos);
}

/* Wake every engine sleeper; they re-check vf->gone. Any context. */
void sgpu_vf_engines_wake(struct sgpu_vf *vf)
{
	unsigned int e;

	for (e = 0; vf->engines && e < vf->nr_engines; e++)
		wake_up_all(&vf->engines[e].wq);
}

/*
 * Stop every engine: jobs the device finished keep their status, the rest
 * end ABORTED. The device is stopped first, so once a job counts as ended
 * nothing reaches its BOs any more. Any context but hard IRQ.
 */
void sgpu_vf_engines_stop(struct sgpu_vf *vf)
{
	unsigned long flags;
	unsigned int e;

	for (e = 0; vf->engines && e < vf->nr_engines; e++) {
		struct sgpu_engine *eng = &vf->engines[e];

		spin_lock_irqsave(&eng->lock, flags);
		sgpu_engine_reap(eng);
		sgpu_vf_wr(vf, sgpu_eng_reg(e, SGPU_ENG_CTRL),
			   SGPU_ENG_CTRL_RESET);
		eng->done_seen = 0;	/* the reset cleared DONE */
		sgpu_engine_abort_pending(eng);
		spin_unlock_irqrestore(&eng->lock, flags);
	}
}

/* Hard IRQ context. */
irqreturn_t sgpu_vf_job_irq(int irq, void *data)
{
	struct sgpu_vf *vf = data;
	u32 status = sgpu_vf_rd(vf, SGPU_REG_IRQ_STATUS) & SGPU_IRQ_JOB;
	unsigned int e;

	if (!status)
		return IRQ_NONE;
	sgpu_vf_wr(vf, SGPU_REG_IRQ_STATUS, status);
	for (e = 0; e < vf->nr_engines; e++) {
		struct sgpu_engine *eng = &vf->engines[e];

		spin_lock(&eng->lock);
		if (eng->completed < eng->submitted)
			sgpu_engine_reap(eng);
		spin_unlock(&eng->lock);
	}
	schedule_work(&vf->retire_work);
	return IRQ_HANDLED;
}

/* Hard IRQ context. */
irqreturn_t sgpu_vf_error_irq(int irq, void *data)
{
	struct sgpu_vf *vf = data;
	u32 status = sgpu_vf_rd(vf, SGPU_REG_IRQ_STATUS) &
		     (SGPU_IRQ_ERROR | SGPU_IRQ_STATE);

	if (!status)
		return IRQ_NONE;
	sgpu_vf_wr(vf, SGPU_REG_IRQ_STATUS, status);
	schedule_work(&vf->error_work);
	return IRQ_HANDLED;
}

void sgpu_vf_error_work(struct work_struct *work)
{
	struct sgpu_vf *vf = container_of(work, struct sgpu_vf, error_work);
	unsigned int e;
	u32 st;

	down_read(&vf->gone_sem);
	if (READ_ONCE(vf->gone) || READ_ONCE(vf->state) != SGPU_VF_RUNNING)
		goto out;
	st = sgpu_vf_rd(vf, SGPU_VF_MMU(0) + SGPU_MMU_FAULT_STATUS);
	if (st & SGPU_MMU_FAULT_VALID) {
		u64 va = sgpu_vf_rd(vf, SGPU_VF_MMU(0) + SGPU_MMU_FAULT_VA_LO) |
			 (u64)sgpu_vf_rd(vf, SGPU_VF_MMU(0) +
					 SGPU_MMU_FAULT_VA_HI) << 32;
		u32 code = SGPU_MMU_FAULT_CODE(st);

		dev_warn_ratelimited(&vf->pdev->dev, "GPU MMU fault: %s at VA %#llx (%s)\n",
				     sgpu_desc_err_name(code),
				     va, st & SGPU_MMU_FAULT_WRITE ? "write" : "read");
		sgpu_vf_wr(vf, SGPU_VF_MMU(0) + SGPU_MMU_FAULT_STATUS, st);
	}
	for (e = 0; e < vf->nr_engines; e++) {
		u32 code;

		st = sgpu_vf_rd(vf, sgpu_eng_reg(e, SGPU_ENG_STATUS));
		if (!(st & SGPU_ENG_STATUS_ERROR))
			continue;
		code = SGPU_ENG_STATUS_CODE(st);
		dev_warn_ratelimited(&vf->pdev->dev, "engine %u stopped: %s; restarting it\n",
				     e, sgpu_desc_err_name(code));
		sgpu_vf_engine_restart(&vf->engines[e]);
	}
out:
	up_read(&vf->gone_sem);
	/* Reset by the PF, held or released: see what the device says. */
	sgpu_vf_state_changed(vf);
}
