// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu PF driver: admin sysfs under /sys/bus/pci/devices/<PF>/sgpu/.
 * Documented in docs/sysfs-abi.md.
 */
#include <linux/device.h>
#include <linux/pci.h>
#include <linux/sysfs.h>

#include <sgpu/sgpu_regs.h>

#include "sgpu_pf.h"

static struct sgpu_pf *dev_to_pf(struct device *dev)
{
	return pci_get_drvdata(to_pci_dev(dev));
}

static ssize_t abi_version_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	u32 v = dev_to_pf(dev)->version;

	return sysfs_emit(buf, "%u.%u\n", SGPU_VERSION_MAJOR(v),
			  SGPU_VERSION_MINOR(v));
}
static DEVICE_ATTR_RO(abi_version);

static ssize_t mmu_units_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", dev_to_pf(dev)->res.mmu_units);
}
static DEVICE_ATTR_RO(mmu_units);

static ssize_t dma_channels_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", dev_to_pf(dev)->res.dma_channels);
}
static DEVICE_ATTR_RO(dma_channels);

static ssize_t codec_cores_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", dev_to_pf(dev)->res.codec_cores);
}
static DEVICE_ATTR_RO(codec_cores);

static ssize_t vram_size_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", dev_to_pf(dev)->res.vram_size);
}
static DEVICE_ATTR_RO(vram_size);

static ssize_t vf_window_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", dev_to_pf(dev)->res.vf_window);
}
static DEVICE_ATTR_RO(vf_window);

static ssize_t vfs_in_use_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", sgpu_pf_vfs_in_use(dev_to_pf(dev)));
}
static DEVICE_ATTR_RO(vfs_in_use);

static ssize_t event_irqs_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&dev_to_pf(dev)->event_irqs));
}
static DEVICE_ATTR_RO(event_irqs);

static struct attribute *sgpu_pf_attrs[] = {
	&dev_attr_abi_version.attr,
	&dev_attr_mmu_units.attr,
	&dev_attr_dma_channels.attr,
	&dev_attr_codec_cores.attr,
	&dev_attr_vram_size.attr,
	&dev_attr_vf_window.attr,
	&dev_attr_vfs_in_use.attr,
	&dev_attr_event_irqs.attr,
	NULL
};

static const struct attribute_group sgpu_pf_group = {
	.name = "sgpu",
	.attrs = sgpu_pf_attrs,
};

const struct attribute_group *sgpu_pf_groups[] = {
	&sgpu_pf_group,
	NULL
};
