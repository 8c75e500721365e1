/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A minimal TAP producer for sgpu's host unit tests. */
#ifndef SGPU_TAP_H
#define SGPU_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline void tap_result(int ok, const char *fmt, ...)
{
    va_list ap;

    printf("%sok %d - ", ok ? "" : "not ", ++tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!ok) {
        tap_failed++;
    }
}

#define ok(cond, ...) tap_result(!!(cond), __VA_ARGS__)
#define is_int(got, want, ...)                                           \
    do {                                                                 \
        long long g_ = (got), w_ = (want);                               \
        tap_result(g_ == w_, __VA_ARGS__);                               \
        if (g_ != w_) {                                                  \
            printf("# got %lld, want %lld\n", g_, w_);                   \
        }                                                                \
    } while (0)
#define has_str(hay, needle, ...)                                        \
    do {                                                                 \
        const char *h_ = (hay), *n_ = (needle);                          \
        tap_result(strstr(h_, n_) != NULL, __VA_ARGS__);                 \
        if (!strstr(h_, n_)) {                                           \
            printf("# '%s' does not contain '%s'\n", h_, n_);            \
        }                                                                \
    } while (0)

static inline int tap_done(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

#endif /* SGPU_TAP_H */
