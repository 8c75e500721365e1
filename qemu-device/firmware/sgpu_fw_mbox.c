/*
 * sgpu firmware: the PF<->VF mailbox transport.
 *
 * The device only carries messages (their meaning is in sgpu_mbox.h and is
 * the drivers' business): one outstanding request per VF, a pending bit
 * per VF for the PF, and an interrupt each way.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sgpu_fw_internal.h"

#include <string.h>

void sgpu_fw_mbox_vf_reset(struct sgpu_fw *fw, unsigned vf)
{
    struct sgpu_fw_vf *v = &fw->vfs[vf];

    memset(v->mbox_req, 0, sizeof(v->mbox_req));
    memset(v->mbox_reply, 0, sizeof(v->mbox_reply));
    memset(v->pf_reply, 0, sizeof(v->pf_reply));
    v->mbox_status = 0;
    fw->mbox_pending[vf / 32] &= ~(1u << (vf % 32));
}

uint32_t sgpu_fw_mbox_pf_read(struct sgpu_fw *fw, uint32_t off)
{
    unsigned vf, n;

    if (off >= SGPU_REG_MBOX_PENDING(0) && off < SGPU_REG_MBOX_PENDING(8)) {
        return fw->mbox_pending[(off - SGPU_REG_MBOX_PENDING(0)) / 4];
    }
    if (off < SGPU_PF_MBOX(0)) {
        return 0;
    }
    vf = (off - SGPU_PF_MBOX(0)) / (SGPU_PF_MBOX(1) - SGPU_PF_MBOX(0));
    n = (off - SGPU_PF_MBOX(vf)) / 4;
    if (vf >= fw->cfg.total_vfs) {
        return 0;
    }
    if (n < SGPU_MBOX_DWORDS) {
        return fw->vfs[vf].mbox_req[n];
    }
    return fw->vfs[vf].pf_reply[n - SGPU_MBOX_DWORDS];
}

void sgpu_fw_mbox_pf_write(struct sgpu_fw *fw, uint32_t off, uint32_t val)
{
    struct sgpu_fw_vf *v;
    unsigned vf, n;

    if (off >= SGPU_REG_MBOX_PENDING(0) && off < SGPU_REG_MBOX_PENDING(8)) {
        fw->mbox_pending[(off - SGPU_REG_MBOX_PENDING(0)) / 4] &= ~val;
        return;
    }
    if (off == SGPU_REG_MBOX_SEND) {
        if (val >= fw->cfg.total_vfs) {
            sgpu_fw_log(fw, "PF: mailbox send to VF%u, which does not exist",
                        val);
            return;
        }
        v = &fw->vfs[val];
        memcpy(v->mbox_reply, v->pf_reply, sizeof(v->mbox_reply));
        v->mbox_status = SGPU_MBOX_STATUS_REPLY;
        sgpu_fw_raise(fw, SGPU_FN_VF(val), SGPU_IRQ_MBOX);
        return;
    }
    if (off < SGPU_PF_MBOX(0)) {
        sgpu_fw_log(fw, "PF: write to unimplemented mailbox register 0x%x",
                    off);
        return;
    }
    vf = (off - SGPU_PF_MBOX(0)) / (SGPU_PF_MBOX(1) - SGPU_PF_MBOX(0));
    n = (off - SGPU_PF_MBOX(vf)) / 4;
    if (vf >= fw->cfg.total_vfs || n < SGPU_MBOX_DWORDS) {
        sgpu_fw_log(fw, "PF: write to read-only mailbox register 0x%x", off);
        return;
    }
    fw->vfs[vf].pf_reply[n - SGPU_MBOX_DWORDS] = val;
}

uint32_t sgpu_fw_mbox_vf_read(struct sgpu_fw *fw, unsigned vf, uint32_t off)
{
    struct sgpu_fw_vf *v = &fw->vfs[vf];

    if (off < SGPU_VF_MBOX_REPLY(0)) {
        return v->mbox_req[(off - SGPU_VF_MBOX_REQ(0)) / 4];
    }
    if (off < SGPU_VF_MBOX_SEND) {
        return v->mbox_reply[(off - SGPU_VF_MBOX_REPLY(0)) / 4];
    }
    return off == SGPU_VF_MBOX_STATUS ? v->mbox_status : 0;
}

void sgpu_fw_mbox_vf_write(struct sgpu_fw *fw, unsigned vf, uint32_t off,
                           uint32_t val)
{
    struct sgpu_fw_vf *v = &fw->vfs[vf];

    if (off < SGPU_VF_MBOX_REPLY(0)) {
        v->mbox_req[(off - SGPU_VF_MBOX_REQ(0)) / 4] = val;
        return;
    }
    if (off != SGPU_VF_MBOX_SEND) {
        sgpu_fw_log(fw, "VF%u: write to read-only mailbox register 0x%x",
                    vf, off);
        return;
    }
    if (v->mbox_status & SGPU_MBOX_STATUS_PENDING) {
        sgpu_fw_log(fw, "VF%u: mailbox send while a request is pending; "
                    "dropped", vf);
        return;
    }
    v->mbox_status = SGPU_MBOX_STATUS_PENDING;
    fw->mbox_pending[vf / 32] |= 1u << (vf % 32);
    sgpu_fw_raise(fw, SGPU_FN_PF, SGPU_IRQ_MBOX);
}
