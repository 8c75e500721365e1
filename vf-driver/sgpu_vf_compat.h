/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sgpu VF driver: what differs between the kernels it is built for
 * (Debian 12's 6.1 and 6.12). Every kernel version check of the driver
 * lives in this file.
 */
#ifndef SGPU_VF_COMPAT_H
#define SGPU_VF_COMPAT_H

#include <linux/device.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/version.h>

/* vm_flags is read-only from 6.3 on: it is set through vm_flags_set(). */
static inline void sgpu_vm_flags_set(struct vm_area_struct *vma,
				     vm_flags_t flags)
{
#if KERNEL_VERSION(6, 3, 0) <= LINUX_VERSION_CODE
	vm_flags_set(vma, flags);
#else
	vma->vm_flags |= flags;
#endif
}

/* class_create() lost its owner argument in 6.4. */
static inline struct class *sgpu_class_create(const char *name)
{
#if KERNEL_VERSION(6, 4, 0) <= LINUX_VERSION_CODE
	return class_create(name);
#else
	return class_create(THIS_MODULE, name);
#endif
}

#endif /* SGPU_VF_COMPAT_H */
