// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu PF driver: answering VF drivers on the mailbox (sgpu_mbox.h).
 *
 * The mailbox interrupt only schedules mbox_work; the work reads every
 * pending request, checks it (version, opcode, length, state) and answers
 * each one, with an error status for anything malformed or out of turn.
 */
#include <linux/interrupt.h>
#include <linux/pci.h>

#include <sgpu/sgpu_mbox.h>

#include "sgpu_pf.h"

/* Hard IRQ context: acknowledge and defer. */
irqreturn_t sgpu_pf_mbox_irq(int irq, void *data)
{
	struct sgpu_pf *pf = data;
	u32 status = sgpu_pf_rd(pf, SGPU_REG_IRQ_STATUS) & SGPU_IRQ_MBOX;

	if (!status)
		return IRQ_NONE;
	sgpu_pf_wr(pf, SGPU_REG_IRQ_STATUS, status);
	atomic_inc(&pf->mbox_irqs);
	schedule_work(&pf->mbox_work);
	return IRQ_HANDLED;
}

static const char *const sgpu_mbox_err_names[] = {
	[SGPU_MBOX_OK] = "ok",
	[SGPU_MBOX_E_VERSION] = "unsupported version",
	[SGPU_MBOX_E_UNKNOWN] = "unknown opcode",
	[SGPU_MBOX_E_MALFORMED] = "malformed",
	[SGPU_MBOX_E_STATE] = "out of turn",
};

/* Fill @reply's payload (from dword 2); returns a status. Under pf->lock. */
static u32 sgpu_pf_mbox_handle(struct sgpu_pf *pf, struct sgpu_pf_vf *v,
			       const u32 *req, u32 *reply, unsigned int *len)
{
	u32 hdr = req[0];
	unsigned int op = SGPU_MBOX_HDR_OP(hdr), n = SGPU_MBOX_HDR_LEN(hdr);

	*len = 0;
	if (n > SGPU_MBOX_DWORDS - 1)
		return SGPU_MBOX_E_MALFORMED;
	if (op == SGPU_MBOX_HELLO) {
		if (n != 1)
			return SGPU_MBOX_E_MALFORMED;
		if (!SGPU_MBOX_HDR_VER(hdr) || !req[1])
			return SGPU_MBOX_E_VERSION;
		v->hello = true;
		reply[2] = min_t(u32, req[1], SGPU_MBOX_VERSION);
		*len = 1;
		return SGPU_MBOX_OK;
	}
	if (SGPU_MBOX_HDR_VER(hdr) != SGPU_MBOX_VERSION)
		return SGPU_MBOX_E_VERSION;
	if (op != SGPU_MBOX_GET_SLICE && op != SGPU_MBOX_SESSIONS)
		return SGPU_MBOX_E_UNKNOWN;
	if (!v->hello)
		return SGPU_MBOX_E_STATE;
	if (op == SGPU_MBOX_GET_SLICE) {
		if (n)
			return SGPU_MBOX_E_MALFORMED;
		reply[2] = v->slice.mmu_count;
		reply[3] = v->slice.dma_count;
		reply[4] = v->slice.codec_count;
		reply[5] = lower_32_bits(v->slice.vram_size);
		reply[6] = upper_32_bits(v->slice.vram_size);
		reply[7] = v->slice_profile;
		*len = 6;
		return SGPU_MBOX_OK;
	}
	if (n != 1 || req[1] > SGPU_MBOX_MAX_SESSIONS)
		return SGPU_MBOX_E_MALFORMED;
	v->sessions = req[1];
	return SGPU_MBOX_OK;
}

/*
 * Count a request of VF @v against the guard's mailbox limit; true once
 * it is past it (the caller quarantines the VF). Under pf->lock.
 */
static bool sgpu_pf_mbox_storm(struct sgpu_pf *pf, struct sgpu_pf_vf *v)
{
	ktime_t now = ktime_get();

	if (ktime_after(now, ktime_add_ms(v->mbox_start, pf->guard.window_ms))) {
		v->mbox_start = now;
		v->mbox_count = 0;
	}
	if (v->mbox_count < U32_MAX)
		v->mbox_count++;
	if (!pf->guard.mbox || v->quarantined || v->mbox_tripped ||
	    v->mbox_count <= pf->guard.mbox)
		return false;
	v->mbox_tripped = true;
	return true;
}

static void sgpu_pf_mbox_answer(struct sgpu_pf *pf, unsigned int vf)
{
	u32 req[SGPU_MBOX_DWORDS], reply[SGPU_MBOX_DWORDS] = { 0 };
	struct sgpu_pf_vf *v = pf->vfs[vf];
	char reason[80] = "";
	unsigned int i, len;
	u32 status;

	for (i = 0; i < SGPU_MBOX_DWORDS; i++)
		req[i] = sgpu_pf_rd(pf, SGPU_PF_MBOX_REQ(vf, i));
	mutex_lock(&pf->lock);
	if (sgpu_pf_mbox_storm(pf, v))
		snprintf(reason, sizeof(reason),
			 "too many mailbox requests: %u in %u ms",
			 v->mbox_count, pf->guard.window_ms);
	status = sgpu_pf_mbox_handle(pf, v, req, reply, &len);
	mutex_unlock(&pf->lock);
	if (reason[0])
		sgpu_pf_vf_quarantine(pf, v, reason);
	if (status)
		dev_warn_ratelimited(&pf->pdev->dev,
				     "VF %u: mailbox request %#010x refused: %s\n",
				     vf, req[0], sgpu_mbox_err_names[status]);
	reply[0] = SGPU_MBOX_HDR(SGPU_MBOX_VERSION,
				 SGPU_MBOX_HDR_OP(req[0]) | SGPU_MBOX_REPLY,
				 SGPU_MBOX_HDR_SEQ(req[0]), len + 1);
	reply[1] = status;
	for (i = 0; i < SGPU_MBOX_DWORDS; i++)
		sgpu_pf_wr(pf, SGPU_PF_MBOX_REPLY(vf, i), reply[i]);
	sgpu_pf_wr(pf, SGPU_REG_MBOX_SEND, vf);
}

void sgpu_pf_mbox_work(struct work_struct *work)
{
	struct sgpu_pf *pf = container_of(work, struct sgpu_pf, mbox_work);
	unsigned int w, vf;
	unsigned long pending;

	for (w = 0; w < DIV_ROUND_UP(pf->res.total_vfs, 32); w++) {
		pending = sgpu_pf_rd(pf, SGPU_REG_MBOX_PENDING(w));
		if (!pending)
			continue;
		/* Acknowledge first: a new request sets its bit again. */
		sgpu_pf_wr(pf, SGPU_REG_MBOX_PENDING(w), pending);
		for_each_set_bit(vf, &pending, 32) {
			/*
			 * VFs probe inside pci_enable_sriov(), before the core
			 * counts them: what we provisioned is what exists.
			 */
			if (w * 32 + vf >= READ_ONCE(pf->nr_provisioned)) {
				dev_warn_ratelimited(&pf->pdev->dev,
						     "mailbox request from VF %u, which is not enabled\n",
						     w * 32 + vf);
				continue;
			}
			sgpu_pf_mbox_answer(pf, w * 32 + vf);
		}
	}
}
