// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu PF driver: talking to the GPU's firmware (sgpu_fw_cmd.h).
 *
 * One command at a time (fw_lock). A command is never written while the
 * firmware is busy -- one that timed out may still be running, and the
 * firmware would drop the next -- and each completion must carry the
 * sequence number of the command it answers. The SGPU_IRQ_FW interrupt
 * (event vector) wakes fw_wq; the wait condition is FW_STATUS itself, so a
 * late interrupt from an earlier command cannot be mistaken for ours.
 * Firmware statuses become errno values, each refusal logged.
 */
#include <linux/debugfs.h>
#include <linux/moduleparam.h>
#include <linux/pci.h>
#include <linux/seq_file.h>

#include <sgpu/sgpu_fw_cmd.h>

#include "sgpu_pf.h"

#define SGPU_FW_TIMEOUT_MAX_MS	10000

static unsigned int fw_timeout_ms = 2000;
module_param(fw_timeout_ms, uint, 0644);
MODULE_PARM_DESC(fw_timeout_ms,
		 "How long a firmware command may take, in ms (at most 10000; 0 does not wait: fault injection)");

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

/* ABI 1.2 added the sequence numbers; a 1.1 device takes an opcode only. */
static bool sgpu_pf_fw_has_seq(struct sgpu_pf *pf)
{
	return SGPU_VERSION_MINOR(pf->version) >= 2;
}

/* Is the firmware done? Reads FW_STATUS into @status. */
static bool sgpu_pf_fw_idle(struct sgpu_pf *pf, u32 *status)
{
	*status = sgpu_pf_rd(pf, SGPU_REG_FW_STATUS);
	return !(*status & SGPU_FW_STATUS_BUSY);
}

/*
 * Run firmware command @cmd with @args (one of sgpu_fw_cmd.h's structs, or
 * NULL) and read its results into @resp. Process context; sleeps.
 */
int sgpu_pf_fw_cmd(struct sgpu_pf *pf, u32 cmd, const void *args,
		   size_t args_size, void *resp, size_t resp_size)
{
	u32 a[SGPU_FW_NARGS] = { 0 }, r[SGPU_FW_NARGS], status;
	unsigned long timeout;
	unsigned int i;
	int ret = 0;
	u8 seq;

	if (args_size > sizeof(a) || resp_size > sizeof(r) ||
	    args_size % sizeof(u32) || resp_size % sizeof(u32))
		return -EINVAL;
	if (args_size)
		memcpy(a, args, args_size);
	timeout = msecs_to_jiffies(min_t(unsigned int, READ_ONCE(fw_timeout_ms),
					 SGPU_FW_TIMEOUT_MAX_MS));
	mutex_lock(&pf->fw_lock);
	if (!wait_event_timeout(pf->fw_wq, sgpu_pf_fw_idle(pf, &status),
				timeout)) {
		dev_err_ratelimited(&pf->pdev->dev,
				    "firmware still busy with command seq %u: command %u not issued\n",
				    SGPU_FW_STATUS_SEQ(status), cmd);
		ret = -EBUSY;
		goto out;
	}
	/* Never 0: a reset device reads FW_STATUS 0 (seq 0, OK). */
	seq = ++pf->fw_seq ?: ++pf->fw_seq;
	if (!sgpu_pf_fw_has_seq(pf))
		seq = 0;
	for (i = 0; i < SGPU_FW_NARGS; i++)
		sgpu_pf_wr(pf, SGPU_REG_FW_ARG(i), a[i]);
	sgpu_pf_wr(pf, SGPU_REG_FW_CMD, SGPU_FW_CMD_WORD(cmd, seq));
	if (!wait_event_timeout(pf->fw_wq, sgpu_pf_fw_idle(pf, &status),
				timeout)) {
		dev_err_ratelimited(&pf->pdev->dev,
				    "firmware command %u (seq %u) did not finish in %u ms\n",
				    cmd, seq, jiffies_to_msecs(timeout));
		ret = -ETIMEDOUT;
		goto out;
	}
	if (sgpu_pf_fw_has_seq(pf) && SGPU_FW_STATUS_SEQ(status) != seq) {
		dev_err_ratelimited(&pf->pdev->dev,
				    "firmware completion for seq %u does not answer command %u (seq %u)\n",
				    SGPU_FW_STATUS_SEQ(status), cmd, seq);
		ret = -EIO;
		goto out;
	}
	status = SGPU_FW_STATUS_CODE(status);
	if (status >= SGPU_FW_E_NUM) {
		dev_err_ratelimited(&pf->pdev->dev,
				    "firmware command %u: unknown status %u\n",
				    cmd, status);
		ret = -EIO;
		goto out;
	}
	if (status) {
		dev_err_ratelimited(&pf->pdev->dev,
				    "firmware refused command %u (arg0 %u): %s\n",
				    cmd, a[0], sgpu_fw_err_name(status));
		ret = sgpu_fw_errno[status];
		goto out;
	}
	for (i = 0; i < resp_size / sizeof(u32); i++)
		r[i] = sgpu_pf_rd(pf, SGPU_REG_FW_RESP(i));
	if (resp_size)
		memcpy(resp, r, resp_size);
out:
	mutex_unlock(&pf->fw_lock);
	return ret;
}

/* VF_COUNTERS answers every counter. */
static_assert(SGPU_CNT_NUM <= SGPU_FW_NARGS);

int sgpu_pf_fw_counters(struct sgpu_pf *pf, unsigned int vf, u32 *counters)
{
	struct sgpu_fw_vf_arg arg = { .vf = vf };

	return sgpu_pf_fw_cmd(pf, SGPU_FW_CMD_VF_COUNTERS, &arg, sizeof(arg),
			      counters, SGPU_CNT_NUM * sizeof(u32));
}

/* VF @vf's flags (SGPU_FW_VF_*) and the resets the firmware counted. */
int sgpu_pf_fw_vf_query(struct sgpu_pf *pf, unsigned int vf, u32 *flags,
			u32 *resets)
{
	struct sgpu_fw_vf_arg arg = { .vf = vf };
	struct sgpu_fw_vf_query_resp r = { 0 };
	int ret = sgpu_pf_fw_cmd(pf, SGPU_FW_CMD_VF_QUERY, &arg, sizeof(arg),
				 &r, sizeof(r));

	*flags = r.flags;
	*resets = r.resets;
	return ret;
}

/* VF @vf and slice @s as VF_PROVISION and VF_REARM take them. */
struct sgpu_fw_vf_slice_args sgpu_pf_fw_slice_args(unsigned int vf,
						   const struct sgpu_slice *s)
{
	return (struct sgpu_fw_vf_slice_args) {
		.vf = vf,
		.slice = {
			.mmu_first = s->mmu_first, .mmu_count = s->mmu_count,
			.dma_first = s->dma_first, .dma_count = s->dma_count,
			.codec_first = s->codec_first,
			.codec_count = s->codec_count,
			.vram_base_lo = lower_32_bits(s->vram_base),
			.vram_base_hi = upper_32_bits(s->vram_base),
			.vram_size_lo = lower_32_bits(s->vram_size),
			.vram_size_hi = upper_32_bits(s->vram_size),
		},
	};
}

/* debugfs firmware: the command interface's registers, for tests. */
static int sgpu_pf_fw_show(struct seq_file *m, void *unused)
{
	struct sgpu_pf *pf = m->private;

	seq_printf(m, "status %#x done %u dropped %u\n",
		   sgpu_pf_rd(pf, SGPU_REG_FW_STATUS),
		   sgpu_pf_rd(pf, SGPU_REG_FW_DONE),
		   sgpu_pf_rd(pf, SGPU_REG_FW_DROPPED));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sgpu_pf_fw);

void sgpu_pf_fw_debugfs(struct sgpu_pf *pf)
{
	debugfs_create_file("firmware", 0400, pf->debugfs, pf,
			    &sgpu_pf_fw_fops);
}
