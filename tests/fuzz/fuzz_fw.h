/*
 * The entry point libFuzzer calls.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SGPU_FUZZ_FW_H
#define SGPU_FUZZ_FW_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* SGPU_FUZZ_FW_H */
