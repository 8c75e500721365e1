/*
 * sgpu firmware: codec core jobs -- QOI encode and decode between buffers
 * a job names by GPU VA (or host IOVA).
 *
 * A job reads its whole input, codes it into device memory and only then
 * writes the output: a bad image or too small an output leaves the
 * destination untouched. Both sides go through the translations the
 * engine checked, not the page tables as they are now.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sgpu_fw_internal.h"
#include "sgpu_qoi.h"

#include <stdlib.h>

static int sgpu_fw_qoi_encode(struct sgpu_fw *fw, struct sgpu_fw_engine *eng,
                              const struct sgpu_fw_as *src,
                              const struct sgpu_fw_as *dst, uint32_t *result)
{
    const struct sgpu_job *job = &eng->job;
    struct sgpu_qoi_desc d = {
        .width = job->dims & 0xffff,
        .height = job->dims >> 16,
        .channels = job->flags & SGPU_DESC_F_RGBA ? 4 : 3,
        .colorspace = 0,
    };
    uint64_t cap = sgpu_min_u64(job->dst_len, sgpu_qoi_max_size(&d));
    uint8_t *pixels = malloc(job->len), *out = malloc(cap);
    size_t n;
    int err;

    if (!pixels || !out) {
        err = SGPU_DERR_QOI_SPACE;
        goto out;
    }
    err = sgpu_fw_xlist_rw(fw, src, &eng->src_x, 0, pixels, job->len, false);
    if (err) {
        goto out;
    }
    n = sgpu_qoi_encode(pixels, &d, out, cap);
    if (!n) {
        err = SGPU_DERR_QOI_SPACE;
        goto out;
    }
    err = sgpu_fw_xlist_rw(fw, dst, &eng->dst_x, 0, out, n, true);
    *result = n;
out:
    free(pixels);
    free(out);
    return err;
}

static int sgpu_fw_qoi_decode(struct sgpu_fw *fw, struct sgpu_fw_engine *eng,
                              const struct sgpu_fw_as *src,
                              const struct sgpu_fw_as *dst, uint32_t *result)
{
    struct sgpu_job *job = &eng->job;
    unsigned ch = job->flags & SGPU_DESC_F_RGBA ? 4 : 3;
    struct sgpu_qoi_desc d;
    uint8_t *in = malloc(job->len), *pixels = NULL;
    uint64_t size;
    int err;

    if (!in) {
        return SGPU_DERR_QOI_SPACE;
    }
    err = sgpu_fw_xlist_rw(fw, src, &eng->src_x, 0, in, job->len, false);
    if (err) {
        goto out;
    }
    if (sgpu_qoi_read_header(in, job->len, &d) ||
        d.width > SGPU_QOI_MAX_DIM || d.height > SGPU_QOI_MAX_DIM ||
        (uint64_t)d.width * d.height > SGPU_QOI_MAX_PIXELS) {
        err = SGPU_DERR_QOI_FORMAT;
        goto out;
    }
    size = (uint64_t)d.width * d.height * ch;
    if (size > job->dst_len) {
        err = SGPU_DERR_QOI_SPACE;
        goto out;
    }
    pixels = malloc(size);
    if (!pixels) {
        err = SGPU_DERR_QOI_SPACE;
        goto out;
    }
    if (sgpu_qoi_decode(in, job->len, ch, pixels, size, &d)) {
        err = SGPU_DERR_QOI_FORMAT;
        goto out;
    }
    err = sgpu_fw_xlist_rw(fw, dst, &eng->dst_x, 0, pixels, size, true);
    *result = size;
    job->dims = d.width | d.height << 16;
out:
    free(in);
    free(pixels);
    return err;
}

int sgpu_fw_codec_run(struct sgpu_fw *fw, struct sgpu_fw_engine *eng,
                      const struct sgpu_fw_as *src,
                      const struct sgpu_fw_as *dst, uint32_t *result)
{
    if (eng->job.op == SGPU_OP_QOI_ENCODE) {
        return sgpu_fw_qoi_encode(fw, eng, src, dst, result);
    }
    return sgpu_fw_qoi_decode(fw, eng, src, dst, result);
}
