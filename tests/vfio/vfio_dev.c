// SPDX-License-Identifier: GPL-2.0-only
/*
 * The generic half of the userspace VFIO driver: container, group, device,
 * BARs, DMA mappings with IOVAs from the IOMMU's own ranges, MSI-X through
 * eventfds, reset.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/pci_regs.h>
#include <linux/vfio.h>

#include "vfio_dev.h"

#define SZ_2M		0x200000ull
#define IOVA_FLOOR	0x100000000ull	/* keep clear of low addresses */

static int fail(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
	if (e) {
		size_t l = strlen(why);

		snprintf(why + l, n - l, ": %s", strerror(e));
	}
	return -1;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Take IOVAs from the first usable range VFIO_IOMMU_GET_INFO reports. */
static int pick_iova_range(struct vfio_dev *d, char *why, size_t n)
{
	struct vfio_iommu_type1_info probe = { .argsz = sizeof(probe) };
	struct vfio_iommu_type1_info *info;
	struct vfio_info_cap_header *hdr;
	struct vfio_iommu_type1_info_cap_iova_range *r;
	uint32_t off, i;

	if (ioctl(d->container, VFIO_IOMMU_GET_INFO, &probe))
		return fail(why, n, "VFIO_IOMMU_GET_INFO");
	info = calloc(1, probe.argsz);
	if (!info)
		return fail(why, n, "calloc");
	info->argsz = probe.argsz;
	if (ioctl(d->container, VFIO_IOMMU_GET_INFO, info)) {
		free(info);
		return fail(why, n, "VFIO_IOMMU_GET_INFO");
	}
	off = info->flags & VFIO_IOMMU_INFO_CAPS ? info->cap_offset : 0;
	for (; off; off = hdr->next) {
		hdr = (void *)((char *)info + off);
		if (hdr->id != VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE)
			continue;
		r = (void *)hdr;
		for (i = 0; i < r->nr_iovas; i++) {
			uint64_t start = align_up(r->iova_ranges[i].start > IOVA_FLOOR ?
						  r->iova_ranges[i].start : IOVA_FLOOR,
						  SZ_2M);

			if (r->iova_ranges[i].end > start + 64 * SZ_2M) {
				d->iova_next = start;
				d->iova_end = r->iova_ranges[i].end;
				free(info);
				return 0;
			}
		}
	}
	free(info);
	errno = 0;
	return fail(why, n, "the IOMMU reports no usable IOVA range");
}

int vfio_dev_open(struct vfio_dev *d, const char *bdf, char *why, size_t n)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	struct vfio_device_info di = { .argsz = sizeof(di) };
	struct vfio_irq_info irq = { .argsz = sizeof(irq) };
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t len;

	memset(d, 0, sizeof(*d));
	d->container = d->group = d->fd = -1;
	snprintf(d->bdf, sizeof(d->bdf), "%s", bdf);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group",
		 bdf);
	len = readlink(path, link, sizeof(link) - 1);
	if (len < 0)
		return fail(why, n, "%s: no IOMMU group", bdf);
	link[len] = '\0';
	snprintf(path, sizeof(path), "/dev/vfio/%s", strrchr(link, '/') + 1);

	d->container = open("/dev/vfio/vfio", O_RDWR);
	if (d->container < 0)
		return fail(why, n, "/dev/vfio/vfio");
	if (ioctl(d->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION ||
	    !ioctl(d->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU))
		return fail(why, n, "VFIO API or the type1v2 IOMMU missing");
	d->group = open(path, O_RDWR);
	if (d->group < 0)
		return fail(why, n, "%s (is %s bound to vfio-pci?)", path, bdf);
	if (ioctl(d->group, VFIO_GROUP_GET_STATUS, &st))
		return fail(why, n, "VFIO_GROUP_GET_STATUS");
	if (!(st.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		errno = 0;
		return fail(why, n, "%s: group not viable", path);
	}
	if (ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container))
		return fail(why, n, "VFIO_GROUP_SET_CONTAINER");
	if (ioctl(d->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		return fail(why, n, "VFIO_SET_IOMMU");
	d->fd = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, bdf);
	if (d->fd < 0)
		return fail(why, n, "VFIO_GROUP_GET_DEVICE_FD %s", bdf);
	if (ioctl(d->fd, VFIO_DEVICE_GET_INFO, &di))
		return fail(why, n, "VFIO_DEVICE_GET_INFO");
	d->has_reset = !!(di.flags & VFIO_DEVICE_FLAGS_RESET);
	irq.index = VFIO_PCI_MSIX_IRQ_INDEX;
	if (ioctl(d->fd, VFIO_DEVICE_GET_IRQ_INFO, &irq))
		return fail(why, n, "VFIO_DEVICE_GET_IRQ_INFO");
	d->num_irqs_msix = irq.count;
	return pick_iova_range(d, why, n);
}

void vfio_dev_close(struct vfio_dev *d)
{
	if (d->fd >= 0)
		close(d->fd);
	if (d->group >= 0)
		close(d->group);
	if (d->container >= 0)
		close(d->container);
	d->fd = d->group = d->container = -1;
}

int vfio_dev_bus_master(struct vfio_dev *d)
{
	struct vfio_region_info ri = {
		.argsz = sizeof(ri), .index = VFIO_PCI_CONFIG_REGION_INDEX,
	};
	uint16_t cmd;

	if (ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &ri) ||
	    pread(d->fd, &cmd, 2, ri.offset + PCI_COMMAND) != 2)
		return -1;
	cmd |= PCI_COMMAND_MASTER | PCI_COMMAND_MEMORY;
	return pwrite(d->fd, &cmd, 2, ri.offset + PCI_COMMAND) == 2 ? 0 : -1;
}

void *vfio_dev_map_bar(struct vfio_dev *d, unsigned int bar, size_t off,
		       size_t len)
{
	struct vfio_region_info ri = { .argsz = sizeof(ri), .index = bar };
	void *p;

	if (ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &ri) ||
	    !(ri.flags & VFIO_REGION_INFO_FLAG_MMAP) || off + len > ri.size)
		return NULL;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, d->fd,
		 ri.offset + off);
	return p == MAP_FAILED ? NULL : p;
}

void vfio_dev_unmap_bar(void *p, size_t len)
{
	munmap(p, len);
}

int vfio_buf_alloc(struct vfio_dev *d, size_t size, struct vfio_buf *b)
{
	struct vfio_iommu_type1_dma_map map = { .argsz = sizeof(map) };

	uint8_t *raw;
	size_t lead;

	size = align_up(size, 4096);
	/*
	 * 2 MiB aligned and backed by huge pages where the kernel can: the
	 * IOMMU then maps 2 MiB at a time, as the DMA API does for sgpu_vf.
	 */
	raw = mmap(NULL, size + SZ_2M, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return -1;
	lead = align_up((uintptr_t)raw, SZ_2M) - (uintptr_t)raw;
	if (lead)
		munmap(raw, lead);
	munmap(raw + lead + size, SZ_2M - lead);
	b->va = raw + lead;
	madvise(b->va, size, MADV_HUGEPAGE);
	memset(b->va, 0, size);
	b->size = size;
	b->iova = d->iova_next;
	if (b->iova + size > d->iova_end) {
		munmap(b->va, size);
		errno = ENOSPC;
		return -1;
	}
	map.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	map.vaddr = (uintptr_t)b->va;
	map.iova = b->iova;
	map.size = size;
	if (ioctl(d->container, VFIO_IOMMU_MAP_DMA, &map)) {
		munmap(b->va, size);
		return -1;
	}
	/* Leave a 2 MiB hole after each buffer: overruns fault. */
	d->iova_next = align_up(b->iova + size, SZ_2M) + SZ_2M;
	return 0;
}

void vfio_buf_free(struct vfio_dev *d, struct vfio_buf *b)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap), .iova = b->iova, .size = b->size,
	};

	ioctl(d->container, VFIO_IOMMU_UNMAP_DMA, &unmap);
	munmap(b->va, b->size);
}

int vfio_dev_map_va(struct vfio_dev *d, void *va, size_t size,
		    uint64_t *iova)
{
	struct vfio_iommu_type1_dma_map map = { .argsz = sizeof(map) };

	size = align_up(size, 4096);
	if (d->iova_next + size > d->iova_end) {
		errno = ENOSPC;
		return -1;
	}
	map.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	map.vaddr = (uintptr_t)va;
	map.iova = d->iova_next;
	map.size = size;
	if (ioctl(d->container, VFIO_IOMMU_MAP_DMA, &map))
		return -1;
	*iova = map.iova;
	d->iova_next = align_up(map.iova + size, SZ_2M) + SZ_2M;
	return 0;
}

uint64_t vfio_dev_unmapped_iova(struct vfio_dev *d, size_t size)
{
	uint64_t iova = d->iova_next;

	d->iova_next = align_up(iova + size, SZ_2M) + SZ_2M;
	return iova;
}

int vfio_dev_msix_enable(struct vfio_dev *d, unsigned int count, int *fds)
{
	size_t len = sizeof(struct vfio_irq_set) + count * sizeof(int32_t);
	struct vfio_irq_set *set = calloc(1, len);
	unsigned int i;
	int ret;

	if (!set || count > d->num_irqs_msix) {
		free(set);
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < count; i++) {
		fds[i] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (fds[i] < 0) {
			free(set);
			return -1;
		}
		((int32_t *)set->data)[i] = fds[i];
	}
	set->argsz = len;
	set->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	set->index = VFIO_PCI_MSIX_IRQ_INDEX;
	set->start = 0;
	set->count = count;
	ret = ioctl(d->fd, VFIO_DEVICE_SET_IRQS, set);
	free(set);
	return ret;
}

void vfio_dev_msix_disable(struct vfio_dev *d)
{
	struct vfio_irq_set set = {
		.argsz = sizeof(set), .index = VFIO_PCI_MSIX_IRQ_INDEX,
		.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
	};

	ioctl(d->fd, VFIO_DEVICE_SET_IRQS, &set);
}

uint64_t vfio_eventfd_wait(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint64_t v = 0;

	if (poll(&p, 1, ms) != 1 || read(fd, &v, sizeof(v)) != sizeof(v))
		return 0;
	return v;
}

int vfio_dev_reset(struct vfio_dev *d)
{
	return ioctl(d->fd, VFIO_DEVICE_RESET);
}
