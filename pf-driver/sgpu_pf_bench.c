// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu PF driver: the PF's own engines, for measuring what a VF gets
 * against what the bare GPU gives (make bench).
 *
 * The PF drives DMA channel 0 and the first codec core of its reserve with
 * physical VRAM addresses: /sys/kernel/debug/sgpu_pf/<PF>/bench_dma takes
 * "SIZE COUNT" (COUNT host -> VRAM copies of SIZE bytes), bench_qoi takes
 * "WIDTH HEIGHT COUNT" (QOI encodes of a test pattern), and reading either
 * gives "bytes=B ns=T" for the last run. Up to SGPU_BENCH_DEPTH jobs are in
 * flight, the same depth "sgpu bench" keeps on a VF, so both measure the
 * engine rather than the round trip.
 */
#include <linux/debugfs.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/ktime.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <sgpu/sgpu_bench.h>
#include <sgpu/sgpu_desc.h>

#include "sgpu_pf.h"

#define SGPU_BENCH_RING		64
#define SGPU_BENCH_DEPTH	32
#define SGPU_BENCH_TIMEOUT_MS	10000

/* Hard IRQ context. */
irqreturn_t sgpu_pf_job_irq(int irq, void *data)
{
	struct sgpu_pf *pf = data;
	u32 status = sgpu_pf_rd(pf, SGPU_REG_IRQ_STATUS) & SGPU_IRQ_JOB;

	if (!status)
		return IRQ_NONE;
	sgpu_pf_wr(pf, SGPU_REG_IRQ_STATUS, status);
	complete(&pf->job_done);
	return IRQ_HANDLED;
}

struct sgpu_bench_run {
	struct sgpu_pf *pf;
	u32 eng;			/* physical engine */
	struct sgpu_desc *ring;
	dma_addr_t ring_dma;
	u32 done0;			/* ENG_DONE at the start */
	u32 base;			/* jobs run so far: the next ring slot */
};

static u32 sgpu_bench_reg(struct sgpu_bench_run *r, u32 reg)
{
	return SGPU_PF_ENGINES + r->eng * SGPU_ENGINE_STRIDE + reg;
}

static int sgpu_bench_start(struct sgpu_bench_run *r, struct sgpu_pf *pf,
			    u32 eng)
{
	r->pf = pf;
	r->eng = eng;
	r->base = 0;
	r->ring = dma_alloc_coherent(&pf->pdev->dev,
				     SGPU_BENCH_RING * SGPU_DESC_SIZE,
				     &r->ring_dma, GFP_KERNEL);
	if (!r->ring)
		return -ENOMEM;
	sgpu_pf_wr(pf, sgpu_bench_reg(r, SGPU_ENG_CTRL), SGPU_ENG_CTRL_RESET);
	sgpu_pf_wr(pf, sgpu_bench_reg(r, SGPU_ENG_RING_BASE_LO),
		   lower_32_bits(r->ring_dma));
	sgpu_pf_wr(pf, sgpu_bench_reg(r, SGPU_ENG_RING_BASE_HI),
		   upper_32_bits(r->ring_dma));
	sgpu_pf_wr(pf, sgpu_bench_reg(r, SGPU_ENG_RING_SIZE), SGPU_BENCH_RING);
	sgpu_pf_wr(pf, sgpu_bench_reg(r, SGPU_ENG_CTRL), SGPU_ENG_CTRL_ENABLE);
	r->done0 = sgpu_pf_rd(pf, sgpu_bench_reg(r, SGPU_ENG_DONE));
	return 0;
}

static void sgpu_bench_stop(struct sgpu_bench_run *r)
{
	sgpu_pf_wr(r->pf, sgpu_bench_reg(r, SGPU_ENG_CTRL), SGPU_ENG_CTRL_RESET);
	dma_free_coherent(&r->pf->pdev->dev, SGPU_BENCH_RING * SGPU_DESC_SIZE,
			  r->ring, r->ring_dma);
}

static int sgpu_bench_check(struct sgpu_bench_run *r, u32 slot, u32 *result)
{
	u32 status = le32_to_cpu(READ_ONCE(r->ring[slot].status));

	if (status != SGPU_DESC_DONE) {
		pci_err(r->pf->pdev, "bench: engine %u: %s\n", r->eng,
			sgpu_desc_err_name(SGPU_DESC_ERR(status)));
		return -EIO;
	}
	*result = le32_to_cpu(READ_ONCE(r->ring[slot].result));
	return 0;
}

/*
 * Run @count copies of @d, keeping SGPU_BENCH_DEPTH in flight; 0, or an
 * errno naming the failure. The job interrupt only wakes us: ENG_DONE
 * says how far the engine got.
 */
static int sgpu_bench_jobs(struct sgpu_bench_run *r, const struct sgpu_desc *d,
			   u32 count, u32 *result)
{
	struct sgpu_pf *pf = r->pf;
	u32 queued = 0, done = 0, seen = 0, now;
	int ret = 0;

	while (done < count && !ret) {
		while (queued < count && queued - done < SGPU_BENCH_DEPTH) {
			struct sgpu_desc *slot =
				&r->ring[(r->base + queued) % SGPU_BENCH_RING];

			*slot = *d;
			slot->flags |= cpu_to_le32(SGPU_DESC_F_IRQ);
			queued++;
			/* The descriptor is in memory before the doorbell. */
			wmb();
			sgpu_pf_wr(pf, sgpu_bench_reg(r, SGPU_ENG_RING_TAIL),
				   (r->base + queued) % SGPU_BENCH_RING);
		}
		now = sgpu_pf_rd(pf, sgpu_bench_reg(r, SGPU_ENG_DONE)) - r->done0 -
		      r->base;
		if (now == seen &&
		    !wait_for_completion_timeout(&pf->job_done,
						 msecs_to_jiffies(SGPU_BENCH_TIMEOUT_MS)) &&
		    sgpu_pf_rd(pf, sgpu_bench_reg(r, SGPU_ENG_DONE)) - r->done0 -
		    r->base == seen) {
			pci_err(pf->pdev, "bench: engine %u stalled for %d ms\n",
				r->eng, SGPU_BENCH_TIMEOUT_MS);
			return -ETIMEDOUT;
		}
		/* Completed descriptors: check each before its slot is reused. */
		rmb();
		for (; done < now && !ret; done++)
			ret = sgpu_bench_check(r, (r->base + done) % SGPU_BENCH_RING,
					       result);
		seen = now;
	}
	r->base += count;
	return ret;
}

/* Run @d on physical engine @eng once, then @count times, timed. */
static int sgpu_bench_timed(struct sgpu_pf *pf, u32 eng,
			    const struct sgpu_desc *d, u32 count, u64 bytes)
{
	struct sgpu_bench_run r;
	ktime_t t0;
	u32 res;
	int ret;

	ret = sgpu_bench_start(&r, pf, eng);
	if (ret)
		return ret;
	ret = sgpu_bench_jobs(&r, d, 1, &res);	/* warm up */
	t0 = ktime_get();
	if (!ret)
		ret = sgpu_bench_jobs(&r, d, count, &res);
	pf->bench_ns = ktime_to_ns(ktime_sub(ktime_get(), t0));
	pf->bench_bytes = bytes * count;
	sgpu_bench_stop(&r);
	return ret;
}

/* A COPY of @size bytes from host memory at @src to VRAM offset 0. */
static void sgpu_bench_upload(struct sgpu_desc *d, dma_addr_t src, u64 size)
{
	memset(d, 0, sizeof(*d));
	d->op = cpu_to_le32(SGPU_OP_COPY);
	d->flags = cpu_to_le32(SGPU_DESC_F_SRC_HOST);
	d->src = cpu_to_le64(src);
	d->len = cpu_to_le64(size);
}

static int sgpu_pf_bench_dma(struct sgpu_pf *pf, u64 size, u32 count)
{
	struct sgpu_desc d;
	dma_addr_t buf_dma;
	void *buf;
	int ret;

	if (!size || size > pf->reserve.vram || !count) {
		pci_warn(pf->pdev, "bench_dma: SIZE 1..%llu (the PF's VRAM reserve), COUNT > 0\n",
			 pf->reserve.vram);
		return -EINVAL;
	}
	buf = dma_alloc_coherent(&pf->pdev->dev, size, &buf_dma, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memset(buf, 0x5a, size);
	sgpu_bench_upload(&d, buf_dma, size);
	ret = sgpu_bench_timed(pf, 0, &d, count, size);
	dma_free_coherent(&pf->pdev->dev, size, buf, buf_dma);
	return ret;
}

static int sgpu_pf_bench_qoi(struct sgpu_pf *pf, u32 w, u32 h, u32 count)
{
	u64 size = (u64)w * h * 3, cap = (u64)w * h * 4 + 22;
	struct sgpu_desc d;
	dma_addr_t buf_dma;
	void *buf;
	int ret;

	if (!pf->reserve.codec) {
		pci_warn(pf->pdev, "bench_qoi: the PF's reserve has no codec core; write codec=1 to sgpu/reserve\n");
		return -ENODEV;
	}
	if (!w || !h || w > SGPU_QOI_MAX_DIM || h > SGPU_QOI_MAX_DIM ||
	    (u64)w * h > SGPU_QOI_MAX_PIXELS || !count ||
	    size + cap > pf->reserve.vram) {
		pci_warn(pf->pdev, "bench_qoi: %ux%u does not fit the PF's reserve\n",
			 w, h);
		return -EINVAL;
	}
	buf = dma_alloc_coherent(&pf->pdev->dev, size, &buf_dma, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	sgpu_bench_pattern(buf, w, h);
	/* The pattern to VRAM offset 0 on the DMA channel, then encode it. */
	sgpu_bench_upload(&d, buf_dma, size);
	ret = sgpu_bench_timed(pf, 0, &d, 1, size);
	if (!ret) {
		memset(&d, 0, sizeof(d));
		d.op = cpu_to_le32(SGPU_OP_QOI_ENCODE);
		d.dst = cpu_to_le64(size);
		d.len = cpu_to_le64(size);
		d.dst_len = cpu_to_le64(cap);
		d.dims = cpu_to_le32(w | h << 16);
		ret = sgpu_bench_timed(pf, pf->res.dma_channels, &d, count,
				       size);
	}
	dma_free_coherent(&pf->pdev->dev, size, buf, buf_dma);
	return ret;
}

static ssize_t sgpu_bench_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos, bool qoi)
{
	struct sgpu_pf *pf = file->private_data;
	char buf[64];
	unsigned long long a;
	unsigned int b, c;
	int ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	mutex_lock(&pf->bench_lock);
	if (qoi && sscanf(buf, "%llu %u %u", &a, &b, &c) == 3)
		ret = sgpu_pf_bench_qoi(pf, a, b, c);
	else if (!qoi && sscanf(buf, "%llu %u", &a, &b) == 2)
		ret = sgpu_pf_bench_dma(pf, a, b);
	else
		ret = -EINVAL;
	mutex_unlock(&pf->bench_lock);
	return ret ? ret : len;
}

static ssize_t sgpu_bench_dma_write(struct file *file, const char __user *buf,
				    size_t len, loff_t *ppos)
{
	return sgpu_bench_write(file, buf, len, ppos, false);
}

static ssize_t sgpu_bench_qoi_write(struct file *file, const char __user *buf,
				    size_t len, loff_t *ppos)
{
	return sgpu_bench_write(file, buf, len, ppos, true);
}

static ssize_t sgpu_bench_read(struct file *file, char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	struct sgpu_pf *pf = file->private_data;
	char buf[64];
	int n;

	mutex_lock(&pf->bench_lock);
	n = scnprintf(buf, sizeof(buf), "bytes=%llu ns=%llu\n",
		      pf->bench_bytes, pf->bench_ns);
	mutex_unlock(&pf->bench_lock);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations sgpu_bench_dma_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = sgpu_bench_read,
	.write = sgpu_bench_dma_write,
	.llseek = default_llseek,
};

static const struct file_operations sgpu_bench_qoi_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = sgpu_bench_read,
	.write = sgpu_bench_qoi_write,
	.llseek = default_llseek,
};

void sgpu_pf_bench_debugfs(struct sgpu_pf *pf)
{
	debugfs_create_file("bench_dma", 0600, pf->debugfs, pf,
			    &sgpu_bench_dma_fops);
	debugfs_create_file("bench_qoi", 0600, pf->debugfs, pf,
			    &sgpu_bench_qoi_fops);
}
