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
	[SGPU_MBOX_E_STALE] = "stale: the VF was reset since",
	[SGPU_MBOX_E_BUSY] = "the VF's reset is still being handled",
};

/* A status added to the ABI needs its name here. */
static_assert(ARRAY_SIZE(sgpu_mbox_err_names) == SGPU_MBOX_E_NUM);

/* What the firmware said about a VF, for READY (asked before pf->lock). */
struct sgpu_mbox_fw_view {
	int err;
	u32 flags, resets;
};

/* Copy a payload struct into a reply after its status. */
static void sgpu_mbox_set_payload(u32 *reply, unsigned int *len,
				  const void *payload, size_t size)
{
	memcpy(&reply[2], payload, size);
	*len = size / sizeof(u32);
}

/*
 * READY: grant only a VF the firmware has re-armed and does not hold,
 * whose reset and release the PF is done with, and that was set up for
 * the reset count that is current.
 * Under pf->lock.
 */
static u32 sgpu_pf_mbox_ready(struct sgpu_pf_vf *v,
			      const struct sgpu_mbox_ready *req,
			      const struct sgpu_mbox_fw_view *fw,
			      u32 *reply, unsigned int *len)
{
	struct sgpu_mbox_ready now = { .resets = fw->resets };

	/*
	 * Stale (by the firmware, which holds the truth) first: the VF then
	 * waits on its own STATUS, not on us. Busy while our own view lags:
	 * a release reaches the VF before v->quarantined is cleared.
	 */
	if (!fw->err && (fw->resets != req->resets ||
			 (fw->flags & SGPU_FW_VF_QUARANTINED)))
		return SGPU_MBOX_E_STALE;
	if (fw->err || v->quarantined || v->reset_state == SGPU_RESET_RUNNING ||
	    (fw->flags & SGPU_FW_VF_RESET_PENDING))
		return SGPU_MBOX_E_BUSY;
	sgpu_mbox_set_payload(reply, len, &now, sizeof(now));
	return SGPU_MBOX_OK;
}

/* The payload length each opcode's request must have, in dwords. */
static const unsigned int sgpu_mbox_req_words[] = {
	[SGPU_MBOX_HELLO] = SGPU_MBOX_WORDS(struct sgpu_mbox_version),
	[SGPU_MBOX_GET_SLICE] = 0,
	[SGPU_MBOX_SESSIONS] = SGPU_MBOX_WORDS(struct sgpu_mbox_sessions),
	[SGPU_MBOX_READY] = SGPU_MBOX_WORDS(struct sgpu_mbox_ready),
};

/* Fill @reply's payload (from dword 2); returns a status. Under pf->lock. */
static u32 sgpu_pf_mbox_handle(struct sgpu_pf *pf, struct sgpu_pf_vf *v,
			       const u32 *req, const struct sgpu_mbox_fw_view *fw,
			       u32 *reply, unsigned int *len)
{
	u32 hdr = req[0];
	unsigned int op = SGPU_MBOX_HDR_OP(hdr), n = SGPU_MBOX_HDR_LEN(hdr);
	const void *payload = &req[1];

	*len = 0;
	if (n > SGPU_MBOX_DWORDS - 1)
		return SGPU_MBOX_E_MALFORMED;
	if (op == SGPU_MBOX_HELLO) {
		struct sgpu_mbox_version ver;

		if (n != sgpu_mbox_req_words[op])
			return SGPU_MBOX_E_MALFORMED;
		memcpy(&ver, payload, sizeof(ver));
		if (!SGPU_MBOX_HDR_VER(hdr) || !ver.version)
			return SGPU_MBOX_E_VERSION;
		v->hello = true;
		ver.version = min_t(u32, ver.version, SGPU_MBOX_VERSION);
		sgpu_mbox_set_payload(reply, len, &ver, sizeof(ver));
		return SGPU_MBOX_OK;
	}
	if (SGPU_MBOX_HDR_VER(hdr) != SGPU_MBOX_VERSION)
		return SGPU_MBOX_E_VERSION;
	if (op != SGPU_MBOX_GET_SLICE && op != SGPU_MBOX_SESSIONS &&
	    op != SGPU_MBOX_READY)
		return SGPU_MBOX_E_UNKNOWN;
	if (!v->hello)
		return SGPU_MBOX_E_STATE;
	if (n != sgpu_mbox_req_words[op])
		return SGPU_MBOX_E_MALFORMED;
	if (op == SGPU_MBOX_GET_SLICE) {
		struct sgpu_mbox_slice slice = {
			.mmu_units = v->slice.mmu_count,
			.dma_channels = v->slice.dma_count,
			.codec_cores = v->slice.codec_count,
			.vram_size_lo = lower_32_bits(v->slice.vram_size),
			.vram_size_hi = upper_32_bits(v->slice.vram_size),
			.profile = v->slice_profile,
		};

		sgpu_mbox_set_payload(reply, len, &slice, sizeof(slice));
		return SGPU_MBOX_OK;
	}
	if (op == SGPU_MBOX_READY) {
		struct sgpu_mbox_ready ready;

		memcpy(&ready, payload, sizeof(ready));
		return sgpu_pf_mbox_ready(v, &ready, fw, reply, len);
	}
	{
		struct sgpu_mbox_sessions sessions;

		memcpy(&sessions, payload, sizeof(sessions));
		if (sessions.sessions > SGPU_MBOX_MAX_SESSIONS)
			return SGPU_MBOX_E_MALFORMED;
		v->sessions = sessions.sessions;
	}
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
	struct sgpu_mbox_fw_view fw = { 0 };
	char reason[80] = "";
	unsigned int i, len;
	u32 status;

	for (i = 0; i < SGPU_MBOX_DWORDS; i++)
		req[i] = sgpu_pf_rd(pf, SGPU_PF_MBOX_REQ(vf, i));
	/*
	 * READY is judged by the firmware's state, asked outside pf->lock --
	 * only for a well-formed READY from a VF that said HELLO, is not
	 * held and has not tripped the guard: nobody else makes the PF ask.
	 */
	fw.err = -EAGAIN;
	if (SGPU_MBOX_HDR_OP(req[0]) == SGPU_MBOX_READY &&
	    SGPU_MBOX_HDR_VER(req[0]) == SGPU_MBOX_VERSION &&
	    SGPU_MBOX_HDR_LEN(req[0]) == SGPU_MBOX_WORDS(struct sgpu_mbox_ready)) {
		bool ask;

		mutex_lock(&pf->lock);
		ask = v->hello && !v->quarantined && !v->mbox_tripped;
		mutex_unlock(&pf->lock);
		if (ask)
			fw.err = sgpu_pf_fw_vf_query(pf, vf, &fw.flags,
						     &fw.resets);
	}
	mutex_lock(&pf->lock);
	if (sgpu_pf_mbox_storm(pf, v))
		snprintf(reason, sizeof(reason),
			 "too many mailbox requests: %u in %u ms",
			 v->mbox_count, pf->guard.window_ms);
	status = sgpu_pf_mbox_handle(pf, v, req, &fw, reply, &len);
	mutex_unlock(&pf->lock);
	if (reason[0])
		sgpu_pf_vf_quarantine(pf, v, reason);
	/* BUSY is the normal answer to a READY that came early. */
	if (status && status != SGPU_MBOX_E_BUSY)
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
