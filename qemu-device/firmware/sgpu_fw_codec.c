/*
 * sgpu firmware: codec core jobs -- QOI encode and decode between buffers
 * a job names by GPU VA (or host IOVA).
 *
 * A job is coded a piece at a time, across as many engine turns as it
 * needs: each turn reads, codes and writes about as many bytes as the
 * turn allows (input read plus output made), keeping only the coder's
 * state (struct sgpu_qoi_stream) in the engine, so no buffer grows with
 * the image. Unless the output cannot run out of room, a job codes its
 * input twice: a dry run that writes nothing finds a bad image or too
 * small an output (the destination is then untouched), and the second run
 * writes. Both sides go through the translations the engine checked, not
 * the page tables as they are now.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sgpu_fw_internal.h"

#include <string.h>

/* Start (again) at the first pixel: no output yet. */
static void sgpu_fw_codec_restart(struct sgpu_fw_codec *c, unsigned phase,
                                  uint64_t in, unsigned channels)
{
    c->phase = phase;
    c->in = in;
    c->out = 0;
    sgpu_qoi_stream_start(&c->q, &c->d, channels);
}

static int sgpu_fw_qoi_encode(struct sgpu_fw *fw, struct sgpu_fw_engine *eng,
                              const struct sgpu_fw_as *src,
                              const struct sgpu_fw_as *dst, uint64_t turn,
                              uint64_t *spent, uint32_t *result)
{
    const struct sgpu_job *job = &eng->job;
    struct sgpu_fw_codec *c = &eng->codec;
    unsigned ch = job->flags & SGPU_DESC_F_RGBA ? 4 : 3;
    uint8_t *out = fw->bounce;
    size_t n, used;
    uint64_t m, r;
    bool end;
    int err;

    if (c->phase == SGPU_CODEC_START) {
        c->d.width = job->dims & 0xffff;
        c->d.height = job->dims >> 16;
        c->d.channels = ch;
        c->d.colorspace = 0;
        /* With room for the worst case, there is nothing to find out. */
        sgpu_fw_codec_restart(c, job->dst_len >= sgpu_qoi_max_size(&c->d) ?
                              SGPU_CODEC_WRITE : SGPU_CODEC_DRY, 0, ch);
    }
    while (*spent < turn) {
        r = turn - *spent;
        n = c->out ? 0 : sgpu_qoi_header(&c->d, out);
        end = c->q.i == c->q.npx;
        if (!end) {
            /* Input and output together stay within the turn. */
            m = sgpu_min_u64(SGPU_FW_CODEC_CHUNK, job->len - c->in);
            m = sgpu_min_u64(m, sgpu_max_u64(ch, r * 3 / 8 / ch * ch));
            err = sgpu_fw_xlist_rw(fw, src, &eng->src_x, c->in,
                                   fw->codec_buf, m, false);
            if (err) {
                return err;
            }
            n += sgpu_qoi_encode_step(&c->q, fw->codec_buf, m, out + n,
                                      SGPU_FW_BOUNCE - n, &used);
            c->in += used;
            *spent += m;
        } else {
            memcpy(out + n, sgpu_qoi_end_marker(), SGPU_QOI_PADDING_SIZE);
            n += SGPU_QOI_PADDING_SIZE;
        }
        if (c->out + n > job->dst_len) {
            /*
             * The dry run found it fits, unless the input changed since:
             * then part of the output may be written.
             */
            return SGPU_DERR_QOI_SPACE;
        }
        if (c->phase == SGPU_CODEC_WRITE) {
            err = sgpu_fw_xlist_rw(fw, dst, &eng->dst_x, c->out, out, n, true);
            if (err) {
                return err;
            }
        }
        c->out += n;
        *spent += n;
        if (end && c->phase == SGPU_CODEC_DRY) {
            sgpu_fw_codec_restart(c, SGPU_CODEC_WRITE, 0, ch);
        } else if (end) {
            *result = c->out;
            return 0;
        }
    }
    return SGPU_CHECK_MORE;
}

static int sgpu_fw_qoi_decode(struct sgpu_fw *fw, struct sgpu_fw_engine *eng,
                              const struct sgpu_fw_as *src,
                              const struct sgpu_fw_as *dst, uint64_t turn,
                              uint64_t *spent, uint32_t *result)
{
    struct sgpu_job *job = &eng->job;
    struct sgpu_fw_codec *c = &eng->codec;
    unsigned ch = job->flags & SGPU_DESC_F_RGBA ? 4 : 3;
    uint64_t end = job->len - SGPU_QOI_PADDING_SIZE, m, r, cap;
    size_t used, made;
    bool last;
    int err;

    if (c->phase == SGPU_CODEC_START) {
        if (job->len < SGPU_QOI_HEADER_SIZE + SGPU_QOI_PADDING_SIZE) {
            return SGPU_DERR_QOI_FORMAT;
        }
        err = sgpu_fw_xlist_rw(fw, src, &eng->src_x, 0, fw->codec_buf,
                               SGPU_QOI_HEADER_SIZE, false);
        if (err) {
            return err;
        }
        *spent += SGPU_QOI_HEADER_SIZE;
        if (sgpu_qoi_read_header(fw->codec_buf, job->len, &c->d) ||
            c->d.width > SGPU_QOI_MAX_DIM || c->d.height > SGPU_QOI_MAX_DIM ||
            (uint64_t)c->d.width * c->d.height > SGPU_QOI_MAX_PIXELS) {
            return SGPU_DERR_QOI_FORMAT;
        }
        c->size = (uint64_t)c->d.width * c->d.height * ch;
        if (c->size > job->dst_len) {
            return SGPU_DERR_QOI_SPACE;
        }
        sgpu_fw_codec_restart(c, SGPU_CODEC_DRY, SGPU_QOI_HEADER_SIZE, ch);
    }
    while (*spent < turn) {
        r = turn - *spent;
        if (c->q.i == c->q.npx) {
            /* All chunks used, then the end marker, and nothing more. */
            if (c->q.run || c->in != end) {
                return SGPU_DERR_QOI_FORMAT;
            }
            err = sgpu_fw_xlist_rw(fw, src, &eng->src_x, end, fw->codec_buf,
                                   SGPU_QOI_PADDING_SIZE, false);
            if (err) {
                return err;
            }
            *spent += SGPU_QOI_PADDING_SIZE;
            if (memcmp(fw->codec_buf, sgpu_qoi_end_marker(),
                       SGPU_QOI_PADDING_SIZE)) {
                return SGPU_DERR_QOI_FORMAT;
            }
            if (c->phase == SGPU_CODEC_DRY) {
                sgpu_fw_codec_restart(c, SGPU_CODEC_WRITE,
                                      SGPU_QOI_HEADER_SIZE, ch);
                continue;
            }
            *result = c->size;
            job->dims = c->d.width | c->d.height << 16;
            return 0;
        }
        /* Half the turn for input, half for output, at least some. */
        m = sgpu_min_u64(sgpu_min_u64(SGPU_FW_CODEC_CHUNK, end - c->in),
                         sgpu_max_u64(64, r / 2));
        last = c->in + m == end;
        cap = sgpu_min_u64(SGPU_FW_BOUNCE, sgpu_max_u64(ch, r / 2)) / ch * ch;
        if (m) {
            err = sgpu_fw_xlist_rw(fw, src, &eng->src_x, c->in, fw->codec_buf,
                                   m, false);
            if (err) {
                return err;
            }
        }
        if (sgpu_qoi_decode_step(&c->q, fw->codec_buf, m, last, fw->bounce,
                                 cap, &used, &made)) {
            /* After a dry run, only if the input changed since. */
            return SGPU_DERR_QOI_FORMAT;
        }
        if (c->phase == SGPU_CODEC_WRITE && made) {
            err = sgpu_fw_xlist_rw(fw, dst, &eng->dst_x, c->out, fw->bounce,
                                   made, true);
            if (err) {
                return err;
            }
        }
        c->in += used;
        c->out += made;
        *spent += m + made;
    }
    return SGPU_CHECK_MORE;
}

int sgpu_fw_codec_run(struct sgpu_fw *fw, struct sgpu_fw_engine *eng,
                      const struct sgpu_fw_as *src,
                      const struct sgpu_fw_as *dst, uint64_t turn,
                      uint64_t *spent, uint32_t *result)
{
    if (eng->job.op == SGPU_OP_QOI_ENCODE) {
        return sgpu_fw_qoi_encode(fw, eng, src, dst, turn, spent, result);
    }
    return sgpu_fw_qoi_decode(fw, eng, src, dst, turn, spent, result);
}
