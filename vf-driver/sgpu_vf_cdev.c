// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu VF driver: the user API, /dev/sgpu-vf<N> (include/uapi/sgpu/).
 *
 * Every ioctl runs with gone_sem held for reading and fails with ENODEV
 * once the VF has gone. Arguments are checked in full before anything is
 * queued; a refusal is logged once (ratelimited) and names the field.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <uapi/sgpu/sgpu_vf.h>

#include "sgpu_vf.h"
#include "sgpu_vf_compat.h"

#define SGPU_MAX_MINORS		256

static bool allow_raw;
module_param(allow_raw, bool, 0444);
MODULE_PARM_DESC(allow_raw, "Allow the RAW ioctls that test the device's defences (CAP_SYS_RAWIO)");

static struct class *sgpu_class;
static dev_t sgpu_devt;
static DEFINE_IDA(sgpu_minors);

static int sgpu_open(struct inode *inode, struct file *file)
{
	struct sgpu_vf *vf = container_of(inode->i_cdev, struct sgpu_vf, cdev);
	struct sgpu_file *sf;
	u32 n;

	sf = kzalloc(sizeof(*sf), GFP_KERNEL);
	if (!sf)
		return -ENOMEM;
	down_read(&vf->gone_sem);
	if (READ_ONCE(vf->gone)) {
		up_read(&vf->gone_sem);
		kfree(sf);
		return -ENODEV;
	}
	kref_get(&vf->ref);
	sf->vf = vf;
	mutex_init(&sf->lock);
	idr_init(&sf->bos);
	sf->mapping = file->f_mapping;
	mutex_lock(&vf->files_lock);
	list_add(&sf->node, &vf->files);
	n = ++vf->sessions;
	/* A held VF has no mailbox session: resuming reports the count. */
	if (READ_ONCE(vf->state) == SGPU_VF_RUNNING)
		sgpu_vf_mbox_sessions(vf, n);
	mutex_unlock(&vf->files_lock);
	up_read(&vf->gone_sem);
	file->private_data = sf;
	return 0;
}

static int sgpu_release(struct inode *inode, struct file *file)
{
	struct sgpu_file *sf = file->private_data;
	struct sgpu_vf *vf = sf->vf;
	struct sgpu_bo *bo;
	int handle;

	/* Jobs that finished let go of their BOs before the file's own go. */
	down_read(&vf->gone_sem);
	if (!READ_ONCE(vf->gone)) {
		schedule_work(&vf->retire_work);
		flush_work(&vf->retire_work);
	}
	up_read(&vf->gone_sem);
	idr_for_each_entry(&sf->bos, bo, handle)
		sgpu_bo_put(bo);
	idr_destroy(&sf->bos);
	down_read(&vf->gone_sem);
	mutex_lock(&vf->files_lock);
	list_del(&sf->node);
	vf->sessions--;
	if (!READ_ONCE(vf->gone) && READ_ONCE(vf->state) == SGPU_VF_RUNNING)
		sgpu_vf_mbox_sessions(vf, vf->sessions);
	mutex_unlock(&vf->files_lock);
	up_read(&vf->gone_sem);
	kfree(sf);
	sgpu_vf_put(vf);
	return 0;
}

/* The BO behind @handle with a reference taken, or NULL. */
static struct sgpu_bo *sgpu_bo_lookup(struct sgpu_file *sf, u32 handle)
{
	struct sgpu_bo *bo;

	mutex_lock(&sf->lock);
	bo = idr_find(&sf->bos, handle);
	if (bo)
		kref_get(&bo->ref);
	mutex_unlock(&sf->lock);
	return bo;
}

static int sgpu_ioc_info(struct sgpu_vf *vf, void __user *arg)
{
	struct sgpu_vf_info info = {
		.abi_version = vf->version,
		.vf_index = vf->index,
		.mmu_units = vf->mmu_units,
		.dma_channels = vf->dma_channels,
		.codec_cores = vf->codec_cores,
		.mbox_version = vf->mbox_version,
		.vram_size = vf->vram_size,
		.vram_free = sgpu_vf_vram_free(vf),
		.vram_window = vf->window,
		.profile = vf->profile,
	};

	return copy_to_user(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

static int sgpu_ioc_bo_create(struct sgpu_file *sf, void __user *arg)
{
	struct sgpu_vf_bo_create c;
	struct sgpu_bo *bo;
	int handle;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	bo = sgpu_bo_create(sf->vf, c.size, c.flags);
	if (IS_ERR(bo))
		return PTR_ERR(bo);
	mutex_lock(&sf->lock);
	handle = idr_alloc(&sf->bos, bo, 1, 1 << 20, GFP_KERNEL);
	mutex_unlock(&sf->lock);
	if (handle < 0) {
		sgpu_bo_put(bo);
		return handle;
	}
	c.handle = handle;
	c.gpu_va = bo->gpu_va;
	c.mmap_offset = (u64)handle << SGPU_MMAP_SHIFT;
	c.size = bo->size;
	if (copy_to_user(arg, &c, sizeof(c))) {
		mutex_lock(&sf->lock);
		idr_remove(&sf->bos, handle);
		mutex_unlock(&sf->lock);
		sgpu_bo_put(bo);
		return -EFAULT;
	}
	return 0;
}

static int sgpu_ioc_bo_destroy(struct sgpu_file *sf, void __user *arg)
{
	struct sgpu_vf_bo_destroy d;
	struct sgpu_bo *bo;

	if (copy_from_user(&d, arg, sizeof(d)))
		return -EFAULT;
	if (d.pad)
		return -EINVAL;
	mutex_lock(&sf->lock);
	bo = idr_remove(&sf->bos, d.handle);
	mutex_unlock(&sf->lock);
	if (!bo) {
		sgpu_refuse(sf->vf, "BO handle %u does not exist\n", d.handle);
		return -ENOENT;
	}
	sgpu_bo_put(bo);
	return 0;
}

static int sgpu_ioc_bo_rw(struct sgpu_file *sf, void __user *arg, bool write)
{
	struct sgpu_vf_bo_rw rw;
	struct sgpu_bo *bo;
	int ret;

	if (copy_from_user(&rw, arg, sizeof(rw)))
		return -EFAULT;
	if (rw.pad)
		return -EINVAL;
	bo = sgpu_bo_lookup(sf, rw.handle);
	if (!bo) {
		sgpu_refuse(sf->vf, "BO handle %u does not exist\n", rw.handle);
		return -ENOENT;
	}
	ret = sgpu_bo_rw(bo, rw.offset, rw.size, u64_to_user_ptr(rw.data),
			 write);
	sgpu_bo_put(bo);
	return ret;
}

/* Is [off, off + len) inside @bo? */
static bool sgpu_in_bo(const struct sgpu_bo *bo, u64 off, u64 len)
{
	return off <= bo->size && len <= bo->size - off;
}

/* Check a job and turn it into a descriptor; takes BO references. */
/* The device's descriptor op for each uAPI job op. */
static const u32 sgpu_job_ops[] = {
	[SGPU_JOB_COPY] = SGPU_OP_COPY,
	[SGPU_JOB_FILL] = SGPU_OP_FILL,
	[SGPU_JOB_QOI_ENCODE] = SGPU_OP_QOI_ENCODE,
	[SGPU_JOB_QOI_DECODE] = SGPU_OP_QOI_DECODE,
	[SGPU_JOB_WAIT] = SGPU_OP_WAIT,
};

static int sgpu_build_job(struct sgpu_file *sf, const struct sgpu_vf_submit *s,
			  struct sgpu_desc *d, struct sgpu_bo **src,
			  struct sgpu_bo **dst)
{
	struct sgpu_vf *vf = sf->vf;
	bool codec = s->op == SGPU_JOB_QOI_ENCODE || s->op == SGPU_JOB_QOI_DECODE;
	bool wait = s->op == SGPU_JOB_WAIT;
	bool codec_engine;
	u32 ch = s->flags & SGPU_JOB_F_RGBA ? 4 : 3;
	u64 pixels = (u64)s->width * s->height;

	if (s->engine >= vf->nr_engines) {
		sgpu_refuse(vf, "engine %u: this VF has %u\n", s->engine,
			    vf->nr_engines);
		return -EINVAL;
	}
	codec_engine = vf->engines[s->engine].type == SGPU_ENG_TYPE_CODEC;
	if (s->op < SGPU_JOB_COPY || s->op >= ARRAY_SIZE(sgpu_job_ops) ||
	    (!wait && codec != codec_engine)) {
		sgpu_refuse(vf, "op %u cannot run on engine %u\n", s->op,
			    s->engine);
		return -EINVAL;
	}
	if ((s->flags & ~SGPU_JOB_F_RGBA) || (!codec && s->flags)) {
		sgpu_refuse(vf, "job flags %#x refused\n", s->flags);
		return -EINVAL;
	}
	*src = NULL;
	*dst = NULL;
	if (!wait)
		*dst = sgpu_bo_lookup(sf, s->dst_handle);
	if (s->op != SGPU_JOB_FILL)
		*src = sgpu_bo_lookup(sf, s->src_handle);
	if ((!wait && !*dst) || (s->op != SGPU_JOB_FILL && !*src) ||
	    (s->op == SGPU_JOB_FILL && (s->src_handle || s->src_offset)) ||
	    (wait && (s->dst_handle || s->dst_offset))) {
		sgpu_refuse(vf, "job BO handles src %u dst %u refused\n",
			    s->src_handle, s->dst_handle);
		goto inval;
	}
	switch (s->op) {
	case SGPU_JOB_COPY:
		if (!s->len || s->len > SGPU_JOB_MAX_LEN || s->dst_len ||
		    s->width || s->height || s->fill ||
		    !sgpu_in_bo(*src, s->src_offset, s->len) ||
		    !sgpu_in_bo(*dst, s->dst_offset, s->len))
			goto bad_len;
		break;
	case SGPU_JOB_FILL:
		if (!s->len || s->len > SGPU_JOB_MAX_LEN || (s->len | s->dst_offset) & 3 ||
		    s->dst_len || s->width || s->height ||
		    !sgpu_in_bo(*dst, s->dst_offset, s->len))
			goto bad_len;
		break;
	case SGPU_JOB_QOI_ENCODE:
		if (!s->width || !s->height || s->width > SGPU_QOI_MAX_DIM ||
		    s->height > SGPU_QOI_MAX_DIM ||
		    pixels > SGPU_QOI_MAX_PIXELS || s->len != pixels * ch ||
		    !s->dst_len || s->fill ||
		    !sgpu_in_bo(*src, s->src_offset, s->len) ||
		    !sgpu_in_bo(*dst, s->dst_offset, s->dst_len))
			goto bad_len;
		break;
	case SGPU_JOB_WAIT:
		if (s->len != 4 || s->src_offset & 3 || s->dst_len ||
		    s->width || s->height ||
		    !sgpu_in_bo(*src, s->src_offset, s->len))
			goto bad_len;
		break;
	default: /* SGPU_JOB_QOI_DECODE */
		if (!s->len || !s->dst_len || s->width || s->height || s->fill ||
		    !sgpu_in_bo(*src, s->src_offset, s->len) ||
		    !sgpu_in_bo(*dst, s->dst_offset, s->dst_len))
			goto bad_len;
		break;
	}
	memset(d, 0, sizeof(*d));
	d->op = cpu_to_le32(sgpu_job_ops[s->op]);
	d->flags = cpu_to_le32(SGPU_DESC_F_IRQ |
			       (s->flags & SGPU_JOB_F_RGBA ? SGPU_DESC_F_RGBA : 0));
	d->fill = cpu_to_le32(s->fill);
	d->src = cpu_to_le64(*src ? (*src)->gpu_va + s->src_offset : 0);
	d->dst = cpu_to_le64(*dst ? (*dst)->gpu_va + s->dst_offset : 0);
	d->len = cpu_to_le64(s->len);
	d->dst_len = cpu_to_le64(s->dst_len);
	if (s->op == SGPU_JOB_QOI_ENCODE)
		d->dims = cpu_to_le32(s->width | s->height << 16);
	return 0;

bad_len:
	sgpu_refuse(vf, "op %u: len %llu at src %llu, dst_len %llu at dst %llu, %ux%u refused\n",
		    s->op, s->len, s->src_offset, s->dst_len, s->dst_offset,
		    s->width, s->height);
inval:
	if (*src)
		sgpu_bo_put(*src);
	if (*dst)
		sgpu_bo_put(*dst);
	return -EINVAL;
}

static int sgpu_ioc_submit(struct sgpu_file *sf, void __user *arg)
{
	struct sgpu_vf_submit s;
	struct sgpu_bo *src, *dst;
	struct sgpu_desc d;
	int ret;

	if (copy_from_user(&s, arg, sizeof(s)))
		return -EFAULT;
	ret = sgpu_build_job(sf, &s, &d, &src, &dst);
	if (ret)
		return ret;
	ret = sgpu_vf_engine_push(&sf->vf->engines[s.engine], &d, src, dst,
				  &s.seqno);
	if (ret)
		return ret;
	return copy_to_user(arg, &s, sizeof(s)) ? -EFAULT : 0;
}

static int sgpu_ioc_wait(struct sgpu_vf *vf, void __user *arg)
{
	struct sgpu_job_result r;
	struct sgpu_vf_wait w;
	int ret;

	if (copy_from_user(&w, arg, sizeof(w)))
		return -EFAULT;
	if (w.engine >= vf->nr_engines) {
		sgpu_refuse(vf, "wait on engine %u: this VF has %u\n",
			    w.engine, vf->nr_engines);
		return -EINVAL;
	}
	ret = sgpu_vf_engine_wait(&vf->engines[w.engine], w.seqno,
				  w.timeout_ms, &r);
	if (ret)
		return ret;
	w.status = r.status;
	w.result = r.result;
	w.width = r.dims & 0xffff;
	w.height = r.dims >> 16;
	return copy_to_user(arg, &w, sizeof(w)) ? -EFAULT : 0;
}

static int sgpu_ioc_counters(struct sgpu_vf *vf, void __user *arg)
{
	struct sgpu_vf_counters c = { .count = SGPU_CNT_NUM };
	unsigned int i;

	for (i = 0; i < SGPU_CNT_NUM; i++)
		c.counter[i] = sgpu_vf_rd(vf, SGPU_REG_COUNTER(i));
	return copy_to_user(arg, &c, sizeof(c)) ? -EFAULT : 0;
}

static int sgpu_ioc_raw(struct sgpu_vf *vf, unsigned int cmd,
			void __user *arg)
{
	struct sgpu_vf_raw_desc rd;
	struct sgpu_vf_raw_reg rr;
	struct sgpu_vf_raw_vram rv;
	int ret;

	if (!allow_raw || !capable(CAP_SYS_RAWIO))
		return -EPERM;
	switch (cmd) {
	case SGPU_VF_IOC_RAW_DESC:
		if (copy_from_user(&rd, arg, sizeof(rd)))
			return -EFAULT;
		if (rd.engine >= SGPU_VF_MAX_ENGINES)
			return -EINVAL;
		if (rd.engine >= vf->nr_engines) {
			/* No ring of ours: just ring the doorbell. */
			sgpu_vf_wr(vf, sgpu_eng_reg(rd.engine, SGPU_ENG_RING_TAIL), 1);
			rd.seqno = 0;
		} else {
			ret = sgpu_vf_engine_push(&vf->engines[rd.engine],
						  (const struct sgpu_desc *)rd.desc,
						  NULL, NULL, &rd.seqno);
			if (ret)
				return ret;
		}
		return copy_to_user(arg, &rd, sizeof(rd)) ? -EFAULT : 0;
	case SGPU_VF_IOC_RAW_REG:
		if (copy_from_user(&rr, arg, sizeof(rr)))
			return -EFAULT;
		if (rr.offset & 3 || rr.offset >= SGPU_VF_MSIX_TABLE)
			return -EINVAL;
		if (rr.write)
			sgpu_vf_wr(vf, rr.offset, rr.value);
		else
			rr.value = sgpu_vf_rd(vf, rr.offset);
		return copy_to_user(arg, &rr, sizeof(rr)) ? -EFAULT : 0;
	default: /* SGPU_VF_IOC_RAW_VRAM */
		if (copy_from_user(&rv, arg, sizeof(rv)))
			return -EFAULT;
		if (rv.offset & 7 || rv.offset > vf->vram_size - 8 || rv.pad)
			return -EINVAL;
		if (rv.write) {
			sgpu_vf_vram_write64(vf, rv.offset, rv.value);
			/* Visible to the engines before any later doorbell. */
			wmb();
			return 0;
		}
		rv.value = readq(vf->vram + rv.offset);
		return copy_to_user(arg, &rv, sizeof(rv)) ? -EFAULT : 0;
	}
}

static long sgpu_ioctl(struct file *file, unsigned int cmd, unsigned long a)
{
	struct sgpu_file *sf = file->private_data;
	struct sgpu_vf *vf = sf->vf;
	void __user *arg = (void __user *)a;
	long ret;

	/* Jobs wait out a reset in flight; a held VF refuses them. */
	if (cmd == SGPU_VF_IOC_SUBMIT || cmd == SGPU_VF_IOC_RAW_DESC) {
		ret = sgpu_vf_wait_usable(vf);
		if (ret)
			return ret;
	}
	down_read(&vf->gone_sem);
	if (READ_ONCE(vf->gone)) {
		ret = -ENODEV;
		goto out;
	}
	switch (cmd) {
	case SGPU_VF_IOC_INFO:
		ret = sgpu_ioc_info(vf, arg);
		break;
	case SGPU_VF_IOC_BO_CREATE:
		ret = sgpu_ioc_bo_create(sf, arg);
		break;
	case SGPU_VF_IOC_BO_DESTROY:
		ret = sgpu_ioc_bo_destroy(sf, arg);
		break;
	case SGPU_VF_IOC_BO_WRITE:
		ret = sgpu_ioc_bo_rw(sf, arg, true);
		break;
	case SGPU_VF_IOC_BO_READ:
		ret = sgpu_ioc_bo_rw(sf, arg, false);
		break;
	case SGPU_VF_IOC_SUBMIT:
		ret = sgpu_ioc_submit(sf, arg);
		break;
	case SGPU_VF_IOC_WAIT:
		ret = sgpu_ioc_wait(vf, arg);
		break;
	case SGPU_VF_IOC_COUNTERS:
		ret = sgpu_ioc_counters(vf, arg);
		break;
	case SGPU_VF_IOC_RAW_DESC:
	case SGPU_VF_IOC_RAW_REG:
	case SGPU_VF_IOC_RAW_VRAM:
		ret = sgpu_ioc_raw(vf, cmd, arg);
		break;
	default:
		ret = -ENOTTY;
		break;
	}
out:
	up_read(&vf->gone_sem);
	return ret;
}

static int sgpu_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct sgpu_file *sf = file->private_data;
	struct sgpu_vf *vf = sf->vf;
	u64 off = (u64)vma->vm_pgoff << PAGE_SHIFT;
	struct sgpu_bo *bo = NULL;
	int ret = -ENODEV;

	down_read(&vf->gone_sem);
	if (READ_ONCE(vf->gone))
		goto out;
	ret = -EINVAL;
	if (off & ((1ull << SGPU_MMAP_SHIFT) - 1)) {
		sgpu_refuse(vf, "mmap offset %#llx is not a BO's\n", off);
		goto out;
	}
	bo = sgpu_bo_lookup(sf, off >> SGPU_MMAP_SHIFT);
	if (!bo) {
		sgpu_refuse(vf, "mmap of BO %llu, which does not exist\n",
			    off >> SGPU_MMAP_SHIFT);
		goto out;
	}
	ret = sgpu_bo_mmap(bo, vma);
	sgpu_bo_put(bo);
out:
	up_read(&vf->gone_sem);
	return ret;
}

static const struct file_operations sgpu_fops = {
	.owner = THIS_MODULE,
	.open = sgpu_open,
	.release = sgpu_release,
	.unlocked_ioctl = sgpu_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = sgpu_mmap,
	.llseek = noop_llseek,
};

static void sgpu_cdev_dev_release(struct device *dev)
{
	sgpu_vf_put(container_of(dev, struct sgpu_vf, cdev_dev));
}

int sgpu_vf_cdev_add(struct sgpu_vf *vf)
{
	int ret;

	vf->minor = ida_alloc_max(&sgpu_minors, SGPU_MAX_MINORS - 1,
				  GFP_KERNEL);
	if (vf->minor < 0)
		return vf->minor;
	device_initialize(&vf->cdev_dev);
	vf->cdev_dev.devt = MKDEV(MAJOR(sgpu_devt), vf->minor);
	vf->cdev_dev.class = sgpu_class;
	vf->cdev_dev.parent = &vf->pdev->dev;
	vf->cdev_dev.release = sgpu_cdev_dev_release;
	kref_get(&vf->ref);
	ret = dev_set_name(&vf->cdev_dev, "sgpu-vf%d", vf->minor);
	if (!ret) {
		cdev_init(&vf->cdev, &sgpu_fops);
		vf->cdev.owner = THIS_MODULE;
		ret = cdev_device_add(&vf->cdev, &vf->cdev_dev);
	}
	if (ret) {
		put_device(&vf->cdev_dev);
		ida_free(&sgpu_minors, vf->minor);
	}
	return ret;
}

/* Make the device node go and every mmap of it with it. */
void sgpu_vf_cdev_del(struct sgpu_vf *vf)
{
	struct sgpu_file *sf;

	cdev_device_del(&vf->cdev, &vf->cdev_dev);
	mutex_lock(&vf->files_lock);
	list_for_each_entry(sf, &vf->files, node)
		unmap_mapping_range(sf->mapping, 0, 0, 1);
	mutex_unlock(&vf->files_lock);
	ida_free(&sgpu_minors, vf->minor);
	put_device(&vf->cdev_dev);
}

int sgpu_vf_cdev_init(void)
{
	int ret = alloc_chrdev_region(&sgpu_devt, 0, SGPU_MAX_MINORS, "sgpu");

	if (ret)
		return ret;
	sgpu_class = sgpu_class_create("sgpu");
	if (IS_ERR(sgpu_class)) {
		unregister_chrdev_region(sgpu_devt, SGPU_MAX_MINORS);
		return PTR_ERR(sgpu_class);
	}
	return 0;
}

void sgpu_vf_cdev_exit(void)
{
	class_destroy(sgpu_class);
	unregister_chrdev_region(sgpu_devt, SGPU_MAX_MINORS);
}
