// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu VF driver: the VF side of the PF<->VF mailbox (sgpu_mbox.h).
 *
 * One request at a time (mbox_lock): write it, ring, wait for the reply
 * interrupt with a timeout, and check that the reply answers this request.
 */
#include <linux/delay.h>
#include <linux/pci.h>

#include <sgpu/sgpu_mbox.h>

#include "sgpu_vf.h"

/* The PF may ask the firmware first (READY): twice its 2 s at most. */
#define SGPU_MBOX_TIMEOUT_MS	5000
/* How long READY may be answered BUSY while the PF finishes a reset. */
#define SGPU_MBOX_READY_WAIT_MS	5000

/*
 * Send @op with @len payload dwords (a struct of sgpu_mbox.h) and wait; the
 * reply's @reply_len payload dwords after the status go to @reply. Returns
 * 0, a negative errno, or a positive enum sgpu_mbox_err the PF answered
 * with.
 */
int sgpu_vf_mbox_request(struct sgpu_vf *vf, u32 op, const void *payload,
			 unsigned int len, void *reply, unsigned int reply_len)
{
	u32 p[SGPU_MBOX_DWORDS], r[SGPU_MBOX_DWORDS], hdr;
	unsigned int i;
	u8 seq;
	int ret;

	if (len > SGPU_MBOX_DWORDS - 1 || reply_len > SGPU_MBOX_DWORDS - 2)
		return -EINVAL;
	if (len)
		memcpy(p, payload, len * sizeof(u32));
	mutex_lock(&vf->mbox_lock);
	seq = ++vf->mbox_seq;
	sgpu_vf_wr(vf, SGPU_VF_MBOX_REQ(0),
		   SGPU_MBOX_HDR(SGPU_MBOX_VERSION, op, seq, len));
	for (i = 0; i < len; i++)
		sgpu_vf_wr(vf, SGPU_VF_MBOX_REQ(i + 1), p[i]);
	reinit_completion(&vf->mbox_done);
	sgpu_vf_wr(vf, SGPU_VF_MBOX_SEND, 1);
	if (!wait_for_completion_timeout(&vf->mbox_done,
					 msecs_to_jiffies(SGPU_MBOX_TIMEOUT_MS)) &&
	    !(sgpu_vf_rd(vf, SGPU_VF_MBOX_STATUS) & SGPU_MBOX_STATUS_REPLY)) {
		pci_err(vf->pdev, "PF did not answer mailbox request %u within %d ms\n",
			op, SGPU_MBOX_TIMEOUT_MS);
		ret = -ETIMEDOUT;
		goto out;
	}
	for (i = 0; i < SGPU_MBOX_DWORDS; i++)
		r[i] = sgpu_vf_rd(vf, SGPU_VF_MBOX_REPLY(i));
	hdr = r[0];
	if (SGPU_MBOX_HDR_OP(hdr) != (op | SGPU_MBOX_REPLY) ||
	    SGPU_MBOX_HDR_SEQ(hdr) != seq || SGPU_MBOX_HDR_LEN(hdr) < 1 ||
	    SGPU_MBOX_HDR_LEN(hdr) > SGPU_MBOX_DWORDS - 1) {
		pci_err(vf->pdev, "mailbox reply %#010x does not answer request %u (seq %u)\n",
			hdr, op, seq);
		ret = -EPROTO;
		goto out;
	}
	ret = r[1];
	if (!ret && SGPU_MBOX_HDR_LEN(hdr) - 1 < reply_len) {
		pci_err(vf->pdev, "mailbox reply to %u is short: %u dwords\n",
			op, SGPU_MBOX_HDR_LEN(hdr));
		ret = -EPROTO;
		goto out;
	}
	if (!ret && reply_len)
		memcpy(reply, &r[2], reply_len * sizeof(u32));
out:
	mutex_unlock(&vf->mbox_lock);
	return ret;
}

/* Handshake, then learn the slice and check it against the registers. */
int sgpu_vf_mbox_hello(struct sgpu_vf *vf)
{
	struct sgpu_mbox_version ver = { .version = SGPU_MBOX_VERSION };
	struct sgpu_mbox_slice s;
	u64 vram;
	int ret;

	ret = sgpu_vf_mbox_request(vf, SGPU_MBOX_HELLO, &ver,
				   SGPU_MBOX_WORDS(ver), &ver,
				   SGPU_MBOX_WORDS(ver));
	if (ret) {
		pci_err(vf->pdev, "mailbox HELLO failed: %d\n", ret);
		return ret < 0 ? ret : -EPROTO;
	}
	if (!ver.version || ver.version > SGPU_MBOX_VERSION) {
		pci_err(vf->pdev, "PF chose mailbox version %u; this driver speaks 1..%u\n",
			ver.version, SGPU_MBOX_VERSION);
		return -EPROTO;
	}
	vf->mbox_version = ver.version;
	ret = sgpu_vf_mbox_request(vf, SGPU_MBOX_GET_SLICE, NULL, 0, &s,
				   SGPU_MBOX_WORDS(s));
	if (ret == SGPU_MBOX_E_STATE)	/* a reset made the PF forget HELLO */
		return -EAGAIN;
	if (ret) {
		pci_err(vf->pdev, "mailbox GET_SLICE failed: %d\n", ret);
		return ret < 0 ? ret : -EPROTO;
	}
	vram = s.vram_size_lo | (u64)s.vram_size_hi << 32;
	if (s.mmu_units != vf->mmu_units || s.dma_channels != vf->dma_channels ||
	    s.codec_cores != vf->codec_cores || vram != vf->vram_size) {
		pci_err(vf->pdev, "PF says the slice is mmu %u dma %u codec %u vram %llu, the registers say mmu %u dma %u codec %u vram %llu\n",
			s.mmu_units, s.dma_channels, s.codec_cores, vram,
			vf->mmu_units, vf->dma_channels, vf->codec_cores,
			vf->vram_size);
		return -EIO;
	}
	vf->profile = s.profile;
	return 0;
}

/* Tell the PF how many user sessions are open (it blocks VF disable). */
void sgpu_vf_mbox_sessions(struct sgpu_vf *vf, u32 sessions)
{
	struct sgpu_mbox_sessions msg = { .sessions = sessions };
	int ret = sgpu_vf_mbox_request(vf, SGPU_MBOX_SESSIONS, &msg,
				       SGPU_MBOX_WORDS(msg), NULL, 0);

	if (ret)
		dev_warn_ratelimited(&vf->pdev->dev,
				     "could not report %u sessions to the PF: %d\n",
				     sessions, ret);
}

/*
 * Ask the PF to let the VF run: it was set up again after the reset that
 * made RESETS read @resets. 0 once granted; -EAGAIN if the VF was reset
 * or held since (look again); -ETIMEDOUT if the PF stays busy with it.
 */
int sgpu_vf_mbox_ready(struct sgpu_vf *vf, u32 resets)
{
	unsigned long end = jiffies + msecs_to_jiffies(SGPU_MBOX_READY_WAIT_MS);
	struct sgpu_mbox_ready msg = { .resets = resets }, grant;
	int ret;

	for (;;) {
		ret = sgpu_vf_mbox_request(vf, SGPU_MBOX_READY, &msg,
					   SGPU_MBOX_WORDS(msg), &grant,
					   SGPU_MBOX_WORDS(grant));
		if (ret == SGPU_MBOX_E_UNKNOWN)	/* an older PF: see for ourselves */
			return sgpu_vf_rd(vf, SGPU_REG_RESETS) == resets ?
			       0 : -EAGAIN;
		if (ret != SGPU_MBOX_E_BUSY)
			break;
		if (READ_ONCE(vf->gone))
			return -ENODEV;
		if (time_after(jiffies, end)) {
			pci_err(vf->pdev, "PF still busy with the VF's reset after %d ms\n",
				SGPU_MBOX_READY_WAIT_MS);
			return -ETIMEDOUT;
		}
		/* The PF finishes a reset in milliseconds. */
		usleep_range(10000, 20000);
	}
	/* Reset or held since; E_STATE: a reset made the PF forget HELLO. */
	if (ret == SGPU_MBOX_E_STALE || ret == SGPU_MBOX_E_STATE)
		return -EAGAIN;
	if (ret) {
		pci_err(vf->pdev, "mailbox READY failed: %d\n", ret);
		return ret < 0 ? ret : -EPROTO;
	}
	if (grant.resets != resets) {
		pci_err(vf->pdev, "PF granted READY for reset %u, asked for %u\n",
			grant.resets, resets);
		return -EPROTO;
	}
	return 0;
}
