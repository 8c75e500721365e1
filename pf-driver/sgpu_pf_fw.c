// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu PF driver: talking to the GPU's firmware (sgpu_fw_cmd.h).
 *
 * One command at a time (fw_lock): arguments, opcode, then wait for the
 * SGPU_IRQ_FW interrupt (the event vector completes fw_done) with a
 * timeout. Firmware statuses become errno values, each refusal logged.
 */
#include <linux/delay.h>
#include <linux/pci.h>

#include <sgpu/sgpu_fw_cmd.h>

#include "sgpu_pf.h"

#define SGPU_FW_TIMEOUT_MS	2000

/* The errno each firmware status becomes. */
static const int sgpu_fw_errno[] = {
	[SGPU_FW_OK] = 0,
	[SGPU_FW_E_UNKNOWN_CMD] = -EOPNOTSUPP,
	[SGPU_FW_E_INVAL] = -EINVAL,
	[SGPU_FW_E_NO_VF] = -ENODEV,
	[SGPU_FW_E_RANGE] = -ERANGE,
	[SGPU_FW_E_OVERLAP] = -EEXIST,
	[SGPU_FW_E_BUSY] = -EBUSY,
	[SGPU_FW_E_NOT_PROVISIONED] = -ENOENT,
	[SGPU_FW_E_ALIGN] = -EINVAL,
	[SGPU_FW_E_WINDOW] = -EFBIG,
	[SGPU_FW_E_STATE] = -EBUSY,
	[SGPU_FW_E_MISMATCH] = -EINVAL,
};

/* A status added to the ABI needs its errno here. */
static_assert(ARRAY_SIZE(sgpu_fw_errno) == SGPU_FW_E_NUM);

int sgpu_pf_fw_cmd(struct sgpu_pf *pf, u32 cmd, const u32 *args,
		   unsigned int nargs, u32 *resp, unsigned int nresp)
{
	unsigned int i;
	u32 status;
	int ret = 0;

	if (nargs > SGPU_FW_NARGS || nresp > SGPU_FW_NARGS)
		return -EINVAL;
	mutex_lock(&pf->fw_lock);
	for (i = 0; i < SGPU_FW_NARGS; i++)
		sgpu_pf_wr(pf, SGPU_REG_FW_ARG(i), i < nargs ? args[i] : 0);
	reinit_completion(&pf->fw_done);
	sgpu_pf_wr(pf, SGPU_REG_FW_CMD, cmd);
	wait_for_completion_timeout(&pf->fw_done,
				    msecs_to_jiffies(SGPU_FW_TIMEOUT_MS));
	status = sgpu_pf_rd(pf, SGPU_REG_FW_STATUS);
	if (status & SGPU_FW_STATUS_BUSY) {
		pci_err(pf->pdev, "firmware command %u did not finish in %d ms\n",
			cmd, SGPU_FW_TIMEOUT_MS);
		ret = -ETIMEDOUT;
		goto out;
	}
	status = SGPU_FW_STATUS_CODE(status);
	if (status >= SGPU_FW_E_NUM) {
		pci_err(pf->pdev, "firmware command %u: unknown status %u\n",
			cmd, status);
		ret = -EIO;
		goto out;
	}
	if (status) {
		dev_err_ratelimited(&pf->pdev->dev,
				    "firmware refused command %u (arg0 %u): %s\n",
				    cmd, nargs ? args[0] : 0,
				    sgpu_fw_err_name(status));
		ret = sgpu_fw_errno[status];
		goto out;
	}
	for (i = 0; i < nresp; i++)
		resp[i] = sgpu_pf_rd(pf, SGPU_REG_FW_RESP(i));
out:
	mutex_unlock(&pf->fw_lock);
	return ret;
}

int sgpu_pf_fw_counters(struct sgpu_pf *pf, unsigned int vf, u32 *counters)
{
	u32 arg = vf;

	return sgpu_pf_fw_cmd(pf, SGPU_FW_CMD_VF_COUNTERS, &arg, 1, counters,
			      SGPU_CNT_NUM);
}
