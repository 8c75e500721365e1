// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu VF driver: the VF side of the PF<->VF mailbox (sgpu_mbox.h).
 *
 * One request at a time (mbox_lock): write it, ring, wait for the reply
 * interrupt with a timeout, and check that the reply answers this request.
 */
#include <linux/pci.h>

#include <sgpu/sgpu_mbox.h>

#include "sgpu_vf.h"

#define SGPU_MBOX_TIMEOUT_MS	2000

/*
 * Send @op with @len payload dwords and wait; the reply's payload after the
 * status goes to @reply. Returns 0, a negative errno, or a positive
 * enum sgpu_mbox_err the PF answered with.
 */
int sgpu_vf_mbox_request(struct sgpu_vf *vf, u32 op, const u32 *payload,
			 unsigned int len, u32 *reply, unsigned int reply_len)
{
	u32 r[SGPU_MBOX_DWORDS], hdr;
	unsigned int i;
	u8 seq;
	int ret;

	if (len > SGPU_MBOX_DWORDS - 1 || reply_len > SGPU_MBOX_DWORDS - 2)
		return -EINVAL;
	mutex_lock(&vf->mbox_lock);
	seq = ++vf->mbox_seq;
	sgpu_vf_wr(vf, SGPU_VF_MBOX_REQ(0),
		   SGPU_MBOX_HDR(SGPU_MBOX_VERSION, op, seq, len));
	for (i = 0; i < len; i++)
		sgpu_vf_wr(vf, SGPU_VF_MBOX_REQ(i + 1), payload[i]);
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
	for (i = 0; !ret && i < reply_len; i++)
		reply[i] = r[i + 2];
out:
	mutex_unlock(&vf->mbox_lock);
	return ret;
}

/* Handshake, then learn the slice and check it against the registers. */
int sgpu_vf_mbox_hello(struct sgpu_vf *vf)
{
	u32 ver = SGPU_MBOX_VERSION, s[6];
	int ret;

	ret = sgpu_vf_mbox_request(vf, SGPU_MBOX_HELLO, &ver, 1, &ver, 1);
	if (ret) {
		pci_err(vf->pdev, "mailbox HELLO failed: %d\n", ret);
		return ret < 0 ? ret : -EPROTO;
	}
	if (!ver || ver > SGPU_MBOX_VERSION) {
		pci_err(vf->pdev, "PF chose mailbox version %u; this driver speaks 1..%u\n",
			ver, SGPU_MBOX_VERSION);
		return -EPROTO;
	}
	vf->mbox_version = ver;
	ret = sgpu_vf_mbox_request(vf, SGPU_MBOX_GET_SLICE, NULL, 0, s, 6);
	if (ret) {
		pci_err(vf->pdev, "mailbox GET_SLICE failed: %d\n", ret);
		return ret < 0 ? ret : -EPROTO;
	}
	if (s[0] != vf->mmu_units || s[1] != vf->dma_channels ||
	    s[2] != vf->codec_cores ||
	    (s[3] | (u64)s[4] << 32) != vf->vram_size) {
		pci_err(vf->pdev, "PF says the slice is mmu %u dma %u codec %u vram %llu, the registers say mmu %u dma %u codec %u vram %llu\n",
			s[0], s[1], s[2], s[3] | (u64)s[4] << 32,
			vf->mmu_units, vf->dma_channels, vf->codec_cores,
			vf->vram_size);
		return -EIO;
	}
	vf->profile = s[5];
	return 0;
}

/* Tell the PF how many user sessions are open (it blocks VF disable). */
void sgpu_vf_mbox_sessions(struct sgpu_vf *vf, u32 sessions)
{
	int ret = sgpu_vf_mbox_request(vf, SGPU_MBOX_SESSIONS, &sessions, 1,
				       NULL, 0);

	if (ret)
		dev_warn_ratelimited(&vf->pdev->dev,
				     "could not report %u sessions to the PF: %d\n",
				     sessions, ret);
}
