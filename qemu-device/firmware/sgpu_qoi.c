/*
 * sgpu codec: QOI encoder and decoder, from the specification.
 *
 * The encoder makes the same choices, in the same order, as the
 * specification's reference (run, index, diff, luma, rgb, rgba), so its
 * output can be compared byte for byte with other faithful encoders such
 * as ffmpeg's. The decoder is strict: a stream that ends early, runs past
 * the image or lacks the end marker is refused.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sgpu_qoi.h"

#include <stdbool.h>
#include <string.h>

#define QOI_OP_INDEX    0x00    /* 00xxxxxx */
#define QOI_OP_DIFF     0x40    /* 01xxxxxx */
#define QOI_OP_LUMA     0x80    /* 10xxxxxx */
#define QOI_OP_RUN      0xc0    /* 11xxxxxx */
#define QOI_OP_RGB      0xfe
#define QOI_OP_RGBA     0xff
#define QOI_MASK_2      0xc0
#define QOI_MAGIC       "qoif"
#define QOI_MAX_PIXELS  400000000u  /* the specification's own limit */

struct rgba {
    uint8_t r, g, b, a;
};

static const uint8_t qoi_padding[SGPU_QOI_PADDING_SIZE] = { 0, 0, 0, 0,
                                                            0, 0, 0, 1 };

static unsigned qoi_hash(struct rgba p)
{
    return (p.r * 3 + p.g * 5 + p.b * 7 + p.a * 11) % 64;
}

static bool rgba_eq(struct rgba x, struct rgba y)
{
    return x.r == y.r && x.g == y.g && x.b == y.b && x.a == y.a;
}

static bool qoi_shape_ok(const struct sgpu_qoi_desc *d)
{
    return d->width && d->height &&
           (d->channels == 3 || d->channels == 4) && d->colorspace <= 1 &&
           d->height < QOI_MAX_PIXELS / d->width;
}

uint64_t sgpu_qoi_max_size(const struct sgpu_qoi_desc *d)
{
    return (uint64_t)d->width * d->height * (d->channels + 1) +
           SGPU_QOI_HEADER_SIZE + SGPU_QOI_PADDING_SIZE;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

size_t sgpu_qoi_encode(const uint8_t *pixels, const struct sgpu_qoi_desc *d,
                       uint8_t *out, size_t cap)
{
    struct rgba index[64], prev = { 0, 0, 0, 255 }, px;
    uint64_t npx, i;
    size_t pos = 0;
    unsigned run = 0;

    if (!qoi_shape_ok(d) || cap < SGPU_QOI_HEADER_SIZE +
        SGPU_QOI_PADDING_SIZE) {
        return 0;
    }
    memset(index, 0, sizeof(index));
    memcpy(out, QOI_MAGIC, 4);
    put_be32(out + 4, d->width);
    put_be32(out + 8, d->height);
    out[12] = d->channels;
    out[13] = d->colorspace;
    pos = SGPU_QOI_HEADER_SIZE;
    cap -= SGPU_QOI_PADDING_SIZE;   /* what the chunks may use */

    npx = (uint64_t)d->width * d->height;
    for (i = 0; i < npx; i++) {
        const uint8_t *p = pixels + i * d->channels;

        px.r = p[0];
        px.g = p[1];
        px.b = p[2];
        px.a = d->channels == 4 ? p[3] : 255;
        /* Any op below takes at most 5 bytes. */
        if (cap - pos < 5) {
            return 0;
        }
        if (rgba_eq(px, prev)) {
            run++;
            if (run == 62 || i == npx - 1) {
                out[pos++] = QOI_OP_RUN | (run - 1);
                run = 0;
            }
            continue;
        }
        if (run) {
            out[pos++] = QOI_OP_RUN | (run - 1);
            run = 0;
            if (cap - pos < 5) {
                return 0;
            }
        }
        if (rgba_eq(index[qoi_hash(px)], px)) {
            out[pos++] = QOI_OP_INDEX | qoi_hash(px);
        } else {
            index[qoi_hash(px)] = px;
            if (px.a == prev.a) {
                int8_t vr = px.r - prev.r, vg = px.g - prev.g;
                int8_t vb = px.b - prev.b;
                int8_t vg_r = vr - vg, vg_b = vb - vg;

                if (vr > -3 && vr < 2 && vg > -3 && vg < 2 &&
                    vb > -3 && vb < 2) {
                    out[pos++] = QOI_OP_DIFF | (vr + 2) << 4 | (vg + 2) << 2 |
                                 (vb + 2);
                } else if (vg_r > -9 && vg_r < 8 && vg > -33 && vg < 32 &&
                           vg_b > -9 && vg_b < 8) {
                    out[pos++] = QOI_OP_LUMA | (vg + 32);
                    out[pos++] = (vg_r + 8) << 4 | (vg_b + 8);
                } else {
                    out[pos++] = QOI_OP_RGB;
                    out[pos++] = px.r;
                    out[pos++] = px.g;
                    out[pos++] = px.b;
                }
            } else {
                out[pos++] = QOI_OP_RGBA;
                out[pos++] = px.r;
                out[pos++] = px.g;
                out[pos++] = px.b;
                out[pos++] = px.a;
            }
        }
        prev = px;
    }
    memcpy(out + pos, qoi_padding, SGPU_QOI_PADDING_SIZE);
    return pos + SGPU_QOI_PADDING_SIZE;
}

int sgpu_qoi_read_header(const uint8_t *in, size_t len,
                         struct sgpu_qoi_desc *d)
{
    if (len < SGPU_QOI_HEADER_SIZE + SGPU_QOI_PADDING_SIZE ||
        memcmp(in, QOI_MAGIC, 4)) {
        return -1;
    }
    d->width = get_be32(in + 4);
    d->height = get_be32(in + 8);
    d->channels = in[12];
    d->colorspace = in[13];
    return qoi_shape_ok(d) ? 0 : -1;
}

int sgpu_qoi_decode(const uint8_t *in, size_t len, unsigned out_channels,
                    uint8_t *out, size_t cap, struct sgpu_qoi_desc *d)
{
    struct rgba index[64], px = { 0, 0, 0, 255 };
    size_t pos = SGPU_QOI_HEADER_SIZE, end;
    uint64_t npx, i;
    unsigned run = 0;

    if ((out_channels != 3 && out_channels != 4) ||
        sgpu_qoi_read_header(in, len, d)) {
        return -1;
    }
    npx = (uint64_t)d->width * d->height;
    if (npx > cap / out_channels) {
        return -2;
    }
    memset(index, 0, sizeof(index));
    end = len - SGPU_QOI_PADDING_SIZE;
    for (i = 0; i < npx; i++) {
        uint8_t *o = out + i * out_channels;

        if (run) {
            run--;
        } else {
            uint8_t b1;

            if (pos >= end) {
                return -1;
            }
            b1 = in[pos++];
            if (b1 == QOI_OP_RGB) {
                if (end - pos < 3) {
                    return -1;
                }
                px.r = in[pos++];
                px.g = in[pos++];
                px.b = in[pos++];
            } else if (b1 == QOI_OP_RGBA) {
                if (end - pos < 4) {
                    return -1;
                }
                px.r = in[pos++];
                px.g = in[pos++];
                px.b = in[pos++];
                px.a = in[pos++];
            } else if ((b1 & QOI_MASK_2) == QOI_OP_INDEX) {
                px = index[b1];
            } else if ((b1 & QOI_MASK_2) == QOI_OP_DIFF) {
                px.r += ((b1 >> 4) & 3) - 2;
                px.g += ((b1 >> 2) & 3) - 2;
                px.b += (b1 & 3) - 2;
            } else if ((b1 & QOI_MASK_2) == QOI_OP_LUMA) {
                uint8_t b2;
                int vg = (b1 & 0x3f) - 32;

                if (pos >= end) {
                    return -1;
                }
                b2 = in[pos++];
                px.r += vg - 8 + ((b2 >> 4) & 0x0f);
                px.g += vg;
                px.b += vg - 8 + (b2 & 0x0f);
            } else {
                run = b1 & 0x3f;
            }
            index[qoi_hash(px)] = px;
        }
        o[0] = px.r;
        o[1] = px.g;
        o[2] = px.b;
        if (out_channels == 4) {
            o[3] = px.a;
        }
    }
    /* All chunks used, then the end marker: nothing more, nothing less. */
    if (run || pos != end || memcmp(in + end, qoi_padding,
                                    SGPU_QOI_PADDING_SIZE)) {
        return -1;
    }
    return 0;
}
