/*
 * sgpu codec: the QOI image format ("Quite OK Image", qoiformat.org),
 * written from the specification. Plain C; the codec cores run it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SGPU_QOI_H
#define SGPU_QOI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SGPU_QOI_HEADER_SIZE    14
#define SGPU_QOI_PADDING_SIZE   8

struct sgpu_qoi_desc {
    uint32_t width, height;
    uint8_t channels;           /* 3 (RGB) or 4 (RGBA) */
    uint8_t colorspace;         /* 0 sRGB with linear alpha, 1 all linear */
};

struct sgpu_qoi_rgba {
    uint8_t r, g, b, a;
};

/*
 * A QOI stream coded a piece at a time: what the coder carries from one
 * piece to the next. 300 bytes, no allocation.
 */
struct sgpu_qoi_stream {
    struct sgpu_qoi_rgba index[64];
    struct sgpu_qoi_rgba px;    /* the previous pixel */
    uint32_t run;
    uint64_t i, npx;            /* pixels coded, of the image's */
    unsigned channels;          /* bytes per raw pixel: 3 or 4 */
};

/* The most bytes an image of this shape can encode to. */
uint64_t sgpu_qoi_max_size(const struct sgpu_qoi_desc *d);

/*
 * Encode width * height * channels bytes of @pixels into @out. Returns the
 * encoded size, or 0 if @cap is too small or @d is not a valid shape.
 */
size_t sgpu_qoi_encode(const uint8_t *pixels, const struct sgpu_qoi_desc *d,
                       uint8_t *out, size_t cap);

/* Write @d's 14-byte header to @out; returns its size. */
size_t sgpu_qoi_header(const struct sgpu_qoi_desc *d, uint8_t *out);
/* The 8 bytes that end every image. */
const uint8_t *sgpu_qoi_end_marker(void);

/* Start coding an image of shape @d, @channels bytes per raw pixel. */
void sgpu_qoi_stream_start(struct sgpu_qoi_stream *s,
                           const struct sgpu_qoi_desc *d, unsigned channels);

/*
 * Encode the whole pixels of @in (@len bytes) that fit in @out (@cap
 * bytes): returns the bytes written, *@used the input bytes consumed.
 * Neither header nor end marker; done when s->i == s->npx. The result is
 * the same however the image is cut into pieces.
 */
size_t sgpu_qoi_encode_step(struct sgpu_qoi_stream *s, const uint8_t *in,
                            size_t len, uint8_t *out, size_t cap,
                            size_t *used);

/*
 * Decode chunks from @in (@len bytes, after the header) into whole pixels
 * at @out (@cap bytes). @last: @in runs to the end marker, so a chunk cut
 * short is an error; otherwise decoding stops before a chunk that might
 * go on past @len. 0 or -1 (not valid QOI); *@used input bytes consumed,
 * *@made output bytes written. Done when s->i == s->npx (the caller then
 * checks s->run == 0, that the input ends there, and the end marker).
 */
int sgpu_qoi_decode_step(struct sgpu_qoi_stream *s, const uint8_t *in,
                         size_t len, bool last, uint8_t *out, size_t cap,
                         size_t *used, size_t *made);

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
