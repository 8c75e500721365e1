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


static const uint8_t qoi_padding[SGPU_QOI_PADDING_SIZE] = { 0, 0, 0, 0,
                                                            0, 0, 0, 1 };

static unsigned qoi_hash(struct sgpu_qoi_rgba p)
{
    return (p.r * 3 + p.g * 5 + p.b * 7 + p.a * 11) % 64;
}

static bool rgba_eq(struct sgpu_qoi_rgba x, struct sgpu_qoi_rgba y)
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

size_t sgpu_qoi_header(const struct sgpu_qoi_desc *d, uint8_t *out)
{
    memcpy(out, QOI_MAGIC, 4);
    put_be32(out + 4, d->width);
    put_be32(out + 8, d->height);
    out[12] = d->channels;
    out[13] = d->colorspace;
    return SGPU_QOI_HEADER_SIZE;
}

const uint8_t *sgpu_qoi_end_marker(void)
{
    return qoi_padding;
}

void sgpu_qoi_stream_start(struct sgpu_qoi_stream *s,
                           const struct sgpu_qoi_desc *d, unsigned channels)
{
    memset(s, 0, sizeof(*s));
    s->px.a = 255;
    s->npx = (uint64_t)d->width * d->height;
    s->channels = channels;
}

size_t sgpu_qoi_encode_step(struct sgpu_qoi_stream *s, const uint8_t *in,
                            size_t len, uint8_t *out, size_t cap,
                            size_t *used)
{
    struct sgpu_qoi_rgba px, prev = s->px;
    size_t pos = 0, ip = 0;

    while (s->i < s->npx && len - ip >= s->channels) {
        const uint8_t *p = in + ip;
        uint8_t b[6];           /* a run's end, then at most a 5-byte op */
        unsigned n = 0, run = s->run, h;
        bool indexed = false;

        px.r = p[0];
        px.g = p[1];
        px.b = p[2];
        px.a = s->channels == 4 ? p[3] : 255;
        h = qoi_hash(px);
        if (rgba_eq(px, prev)) {
            run++;
            if (run == 62 || s->i == s->npx - 1) {
                b[n++] = QOI_OP_RUN | (run - 1);
                run = 0;
            }
        } else {
            if (run) {
                b[n++] = QOI_OP_RUN | (run - 1);
                run = 0;
            }
            if (rgba_eq(s->index[h], px)) {
                b[n++] = QOI_OP_INDEX | h;
            } else if (px.a == prev.a) {
                int8_t vr = px.r - prev.r, vg = px.g - prev.g;
                int8_t vb = px.b - prev.b;
                int8_t vg_r = vr - vg, vg_b = vb - vg;

                indexed = true;
                if (vr > -3 && vr < 2 && vg > -3 && vg < 2 &&
                    vb > -3 && vb < 2) {
                    b[n++] = QOI_OP_DIFF | (vr + 2) << 4 | (vg + 2) << 2 |
                             (vb + 2);
                } else if (vg_r > -9 && vg_r < 8 && vg > -33 && vg < 32 &&
                           vg_b > -9 && vg_b < 8) {
                    b[n++] = QOI_OP_LUMA | (vg + 32);
                    b[n++] = (vg_r + 8) << 4 | (vg_b + 8);
                } else {
                    b[n++] = QOI_OP_RGB;
                    b[n++] = px.r;
                    b[n++] = px.g;
                    b[n++] = px.b;
                }
            } else {
                indexed = true;
                b[n++] = QOI_OP_RGBA;
                b[n++] = px.r;
                b[n++] = px.g;
                b[n++] = px.b;
                b[n++] = px.a;
            }
        }
        if (n > cap - pos) {
            break;              /* this pixel waits for more room */
        }
        memcpy(out + pos, b, n);
        pos += n;
        s->run = run;
        if (indexed) {
            s->index[h] = px;
        }
        prev = px;
        ip += s->channels;
        s->i++;
    }
    s->px = prev;
    *used = ip;
    return pos;
}

size_t sgpu_qoi_encode(const uint8_t *pixels, const struct sgpu_qoi_desc *d,
                       uint8_t *out, size_t cap)
{
    struct sgpu_qoi_stream s;
    size_t pos, used;

    if (!qoi_shape_ok(d) || cap < SGPU_QOI_HEADER_SIZE +
        SGPU_QOI_PADDING_SIZE) {
        return 0;
    }
    pos = sgpu_qoi_header(d, out);
    sgpu_qoi_stream_start(&s, d, d->channels);
    pos += sgpu_qoi_encode_step(&s, pixels, s.npx * d->channels, out + pos,
                                cap - SGPU_QOI_PADDING_SIZE - pos, &used);
    if (s.i != s.npx) {
        return 0;
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

int sgpu_qoi_decode_step(struct sgpu_qoi_stream *s, const uint8_t *in,
                         size_t len, bool last, uint8_t *out, size_t cap,
                         size_t *used, size_t *made)
{
    struct sgpu_qoi_rgba px = s->px;
    size_t pos = 0, op = 0;
    int ret = 0;

    while (s->i < s->npx && cap - op >= s->channels) {
        uint8_t *o = out + op;

        if (s->run) {
            s->run--;
        } else {
            uint8_t b1;

            /* Not the last bytes: an op may go on in the next ones. */
            if (!last && len - pos < 5) {
                break;
            }
            if (pos >= len) {
                ret = -1;
                break;
            }
            b1 = in[pos];
            if (b1 == QOI_OP_RGB) {
                if (len - pos < 4) {
                    ret = -1;
                    break;
                }
                px.r = in[pos + 1];
                px.g = in[pos + 2];
                px.b = in[pos + 3];
                pos += 4;
            } else if (b1 == QOI_OP_RGBA) {
                if (len - pos < 5) {
                    ret = -1;
                    break;
                }
                px.r = in[pos + 1];
                px.g = in[pos + 2];
                px.b = in[pos + 3];
                px.a = in[pos + 4];
                pos += 5;
            } else if ((b1 & QOI_MASK_2) == QOI_OP_INDEX) {
                px = s->index[b1];
                pos++;
            } else if ((b1 & QOI_MASK_2) == QOI_OP_DIFF) {
                px.r += ((b1 >> 4) & 3) - 2;
                px.g += ((b1 >> 2) & 3) - 2;
                px.b += (b1 & 3) - 2;
                pos++;
            } else if ((b1 & QOI_MASK_2) == QOI_OP_LUMA) {
                uint8_t b2;
                int vg = (b1 & 0x3f) - 32;

                if (len - pos < 2) {
                    ret = -1;
                    break;
                }
                b2 = in[pos + 1];
                px.r += vg - 8 + ((b2 >> 4) & 0x0f);
                px.g += vg;
                px.b += vg - 8 + (b2 & 0x0f);
                pos += 2;
            } else {
                s->run = b1 & 0x3f;
                pos++;
            }
            s->index[qoi_hash(px)] = px;
        }
        o[0] = px.r;
        o[1] = px.g;
        o[2] = px.b;
        if (s->channels == 4) {
            o[3] = px.a;
        }
        op += s->channels;
        s->i++;
    }
    s->px = px;
    *used = pos;
    *made = op;
    return ret;
}

int sgpu_qoi_decode(const uint8_t *in, size_t len, unsigned out_channels,
                    uint8_t *out, size_t cap, struct sgpu_qoi_desc *d)
{
    struct sgpu_qoi_stream s;
    size_t end, used, made;

    if ((out_channels != 3 && out_channels != 4) ||
        sgpu_qoi_read_header(in, len, d)) {
        return -1;
    }
    sgpu_qoi_stream_start(&s, d, out_channels);
    if (s.npx > cap / out_channels) {
        return -2;
    }
    end = len - SGPU_QOI_PADDING_SIZE;
    if (sgpu_qoi_decode_step(&s, in + SGPU_QOI_HEADER_SIZE,
                             end - SGPU_QOI_HEADER_SIZE, true, out,
                             s.npx * out_channels, &used, &made)) {
        return -1;
    }
    /* All chunks used, then the end marker: nothing more, nothing less. */
    if (s.run || SGPU_QOI_HEADER_SIZE + used != end ||
        memcmp(in + end, qoi_padding, SGPU_QOI_PADDING_SIZE)) {
        return -1;
    }
    return 0;
}
