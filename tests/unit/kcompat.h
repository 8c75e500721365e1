/*
 * Just enough of the kernel's types for plain-C driver code (the PF's
 * planner) to build on the host for unit tests.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SGPU_KCOMPAT_H
#define SGPU_KCOMPAT_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#endif /* SGPU_KCOMPAT_H */
