/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A PCI device driven from userspace through VFIO (Linux 6.1's
 * container/group API with the type1 IOMMU): the generic half of the
 * userspace driver, with nothing sgpu-specific in it.
 */
#ifndef VFIO_DEV_H
#define VFIO_DEV_H

#include <stddef.h>
#include <stdint.h>

struct vfio_dev {
	char bdf[32];
	int container, group, fd;
	unsigned int num_irqs_msix;
	int has_reset;
	/* IOVAs come from here, the first usable range the IOMMU reports. */
	uint64_t iova_next, iova_end;
};

/* A host buffer the device reaches at @iova. */
struct vfio_buf {
	void *va;
	uint64_t iova;
	size_t size;
};

/*
 * Open @bdf through its IOMMU group, in a container of its own. Returns 0,
 * or -1 with the reason in @why.
 */
int vfio_dev_open(struct vfio_dev *d, const char *bdf, char *why, size_t n);
void vfio_dev_close(struct vfio_dev *d);

/*
 * Let the device master the bus (PCI_COMMAND): vfio-pci leaves that to its
 * user, and without it no DMA and no MSI gets out. 0 or -1.
 */
int vfio_dev_bus_master(struct vfio_dev *d);

/* mmap @len bytes of BAR @bar from @off; NULL on failure. */
void *vfio_dev_map_bar(struct vfio_dev *d, unsigned int bar, size_t off,
		       size_t len);
void vfio_dev_unmap_bar(void *p, size_t len);

/* A zeroed buffer of @size bytes, mapped for the device; 0 or -1. */
int vfio_buf_alloc(struct vfio_dev *d, size_t size, struct vfio_buf *b);
void vfio_buf_free(struct vfio_dev *d, struct vfio_buf *b);
/*
 * Map @size bytes the process already has at @va -- a BAR's mmap, as a
 * VMM maps a passed-through device's BARs for peer-to-peer -- at a new
 * IOVA in *@iova; 0 or -1.
 */
int vfio_dev_map_va(struct vfio_dev *d, void *va, size_t size,
		    uint64_t *iova);
/* An IOVA (2 MiB aligned) that nothing is mapped at, for fault tests. */
uint64_t vfio_dev_unmapped_iova(struct vfio_dev *d, size_t size);

/* Route MSI-X vectors 0..@count-1 to new eventfds in @fds; 0 or -1. */
int vfio_dev_msix_enable(struct vfio_dev *d, unsigned int count, int *fds);
void vfio_dev_msix_disable(struct vfio_dev *d);
/* Wait up to @ms for eventfd @fd; the count read, or 0 on timeout. */
uint64_t vfio_eventfd_wait(int fd, int ms);

/* Function reset (VFIO_DEVICE_RESET: an FLR for an SR-IOV VF); 0 or -1. */
int vfio_dev_reset(struct vfio_dev *d);

#endif /* VFIO_DEV_H */
