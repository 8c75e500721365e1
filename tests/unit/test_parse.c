/*
 * Host unit tests of the PF driver's sysfs store parser (sgpu_parse.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sgpu_parse.h"
#include "tap.h"

static const struct sgpu_key guard[] = {
    { .name = "resets", .max = 63 },
    { .name = "events", .max = 0xffffffff },
    { .name = "window_ms", .min = 1, .max = 3600000 },
};
static const struct sgpu_key quota[] = {
    { .name = "mmu", .min = 1, .max = 16, .optional = true },
    { .name = "dma", .max = 64 },
    { .name = "codec", .max = 64 },
    { .name = "vram", .min = 1, .max = 1ull << 40, .size = true },
};

/* @s with newlines shown as \n, for test names. */
static const char *shown(const char *s)
{
    static char out[160];
    size_t i, o = 0;

    for (i = 0; s[i] && o + 3 < sizeof(out); i++) {
        if (s[i] == '\n') {
            out[o++] = '\\';
            out[o++] = 'n';
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = 0;
    return out;
}

static int keys(const struct sgpu_key *k, unsigned n, const char *s,
                u64 *v, char *why)
{
    return sgpu_parse_keys(s, strlen(s), k, n, v, NULL, why, 128);
}

int main(void)
{
    static const struct {
        const char *in;
        int want;
        const char *why;
    } bad[] = {
        { "resets=4294967296 events=1 window_ms=1", -ERANGE, "outside 0..63" },
        { "resets=4294967359 events=1 window_ms=1", -ERANGE, "outside" },
        { "resets=1 events=4294967296 window_ms=1", -ERANGE, "outside" },
        { "resets=1 events=99999999999999999999 window_ms=1", -ERANGE,
          "outside" },
        { "resets=1 events=1 window_ms=0", -ERANGE, "outside 1.." },
        { "resets=1 events=1 window_ms=5junk", -EINVAL, "not a number" },
        { "resets=1 resets=2 events=1 window_ms=1", -EINVAL, "twice" },
        { "resets=1 events=1", -EINVAL, "window_ms= is missing" },
        { "resets=1 events=1 window_ms=1 extra=1", -EINVAL, "unknown key" },
        { "resets=1 events=1 window_ms=1 junk", -EINVAL, "not key=value" },
        { "resets=-1 events=1 window_ms=1", -EINVAL, "not a number" },
        { "resets= events=1 window_ms=1", -EINVAL, "not a number" },
        { "resets=0x events=1 window_ms=1", -EINVAL, "not a number" },
        { "resets=1 events=1 window_ms=1\n\n", -EINVAL, "not" },
    };
    char why[128];
    u64 v[4];
    unsigned i;

    is_int(keys(guard, 3, "resets=10 events=1000 window_ms=60000\n", v, why),
           0, "a guard line parses");
    ok(v[0] == 10 && v[1] == 1000 && v[2] == 60000, "... to its values");
    is_int(keys(guard, 3, "\twindow_ms=0x10  events=0 resets=63", v, why), 0,
           "any order, hex, tabs and double blanks");
    ok(v[0] == 63 && v[1] == 0 && v[2] == 16, "... to its values");
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        why[0] = 0;
        is_int(keys(guard, 3, bad[i].in, v, why), bad[i].want,
               "'%s' refused", shown(bad[i].in));
        has_str(why, bad[i].why, "... saying \"%s\"", bad[i].why);
    }
    {
        unsigned given = 0;

        is_int(sgpu_parse_keys("dma=1 codec=0 vram=64M", 22, quota, 4, v,
                               &given, why, 128), 0,
               "an optional key may be left out");
        is_int(given, 0xe, "... and the keys given are reported");
    }
    ok(v[0] == 0 && v[3] == 64ull << 20, "... reading 0; 64M is 64 MiB");
    is_int(keys(quota, 4, "mmu=1 dma=1 codec=0 vram=17179869184G", v, why),
           -ERANGE, "a size that overflows with its suffix: ERANGE");
    is_int(keys(quota, 4, "mmu=1 dma=1 codec=0 vram=64MB", v, why), -EINVAL,
           "64MB is not a size");
    is_int(keys(quota, 4, "mmu=1 dma=1 dma=2 codec=0 vram=1M", v, why),
           -EINVAL, "a repeated dma= refused");
    is_int(sgpu_parse_bool("1\n", 2), 1, "'1' is true");
    is_int(sgpu_parse_bool("0", 1), 0, "'0' is false");
    is_int(sgpu_parse_bool("10", 2), -EINVAL, "'10' is not a boolean");
    is_int(sgpu_parse_bool("1junk", 5), -EINVAL, "'1junk' is not a boolean");
    is_int(sgpu_parse_bool("y", 1), -EINVAL, "'y' is not a boolean here");
    is_int(sgpu_parse_bool("", 0), -EINVAL, "'' is not a boolean");
    return tap_done();
}
