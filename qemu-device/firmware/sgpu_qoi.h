/*
 * sgpu codec: the QOI image format ("Quite OK Image", qoiformat.org),
 * written from the specification. Plain C; the codec cores run it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SGPU_QOI_H
#define SGPU_QOI_H

#include <stddef.h>
#include <stdint.h>

#define SGPU_QOI_HEADER_SIZE    14
#define SGPU_QOI_PADDING_SIZE   8

struct sgpu_qoi_desc {
    uint32_t width, height;
    uint8_t channels;           /* 3 (RGB) or 4 (RGBA) */
    uint8_t colorspace;         /* 0 sRGB with linear alpha, 1 all linear */
};

/* The most bytes an image of this shape can encode to. */
uint64_t sgpu_qoi_max_size(const struct sgpu_qoi_desc *d);

/*
 * Encode width * height * channels bytes of @pixels into @out. Returns the
 * encoded size, or 0 if @cap is too small or @d is not a valid shape.
 */
size_t sgpu_qoi_encode(const uint8_t *pixels, const struct sgpu_qoi_desc *d,
                       uint8_t *out, size_t cap);

/* Parse and check a header; 0, or -1 if it is not a valid QOI header. */
int sgpu_qoi_read_header(const uint8_t *in, size_t len,
                         struct sgpu_qoi_desc *d);

/*
 * Decode a whole image into @out_channels (3 or 4) bytes per pixel.
 * Returns 0, -1 if the data is not a valid QOI image, -2 if @cap is less
 * than width * height * @out_channels.
 */
int sgpu_qoi_decode(const uint8_t *in, size_t len, unsigned out_channels,
                    uint8_t *out, size_t cap, struct sgpu_qoi_desc *d);

#endif /* SGPU_QOI_H */
