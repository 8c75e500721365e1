// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu-smi: every sgpu GPU and VF on this machine, at a glance.
 *
 *   sgpu-smi              a table per GPU and its VFs
 *   sgpu-smi -q BDF       everything about one function (PF or VF)
 *   sgpu-smi --json       all of it for scripts (keys: docs/sgpu-smi.md)
 *
 * Functions are found and their capabilities read with libpci (what
 * lspci uses); what the drivers publish (slices, profiles, counters,
 * reset state, guard, quarantine) is read from sysfs and joined by BDF.
 * Reading capabilities needs root, as for lspci -vvv: the kernel gives
 * other users only the first 64 bytes of config space.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pci/pci.h>

#include "sgpu/sgpu_regs.h"

#define SYS_PCI "/sys/bus/pci/devices"
/* MSI-X Message Control: libpci names its bits, not its offset. */
#define MSIX_MSG_CTRL 2

struct caps {
	bool readable;      /* config space past its header could be read */
	bool sriov, ari, acs, msix, flr, pcie;
	unsigned int total_vfs, num_vfs, msix_vectors;
};

static const char *prog = "sgpu-smi";
static bool json;
static const char *only_vf;     /* -q of a VF: that VF alone */
static bool first_item;     /* JSON: no comma before the next item */

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(1);
}

static void bdf_of(const struct pci_dev *d, char *buf, size_t len)
{
	snprintf(buf, len, "%04x:%02x:%02x.%u", d->domain, d->bus, d->dev,
		 d->func);
}

/* The contents of a sysfs file, trailing newline dropped; NULL if none. */
static char *read_sys(const char *dir, const char *name)
{
	char path[PATH_MAX], *buf;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	buf = calloc(1, 8192);
	if (!buf) {
		fclose(f);
		return NULL;
	}
	n = fread(buf, 1, 8191, f);
	if (ferror(f)) {        /* the show failed: the file is left out */
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return buf;
}

/* A whole unsigned number, decimal or 0x hex (one prefix, no sign). */
static bool parse_num(const char *s, unsigned long long *v)
{
	bool hex = s[0] == '0' && s[1] == 'x';
	const char *digits = hex ? "0123456789abcdefABCDEF" : "0123456789";
	char *end;

	if (hex)
		s += 2;
	if (!*s || s[strspn(s, digits)])
		return false;
	errno = 0;
	*v = strtoull(s, &end, hex ? 16 : 10);
	return !errno && *end == '\0';
}

/* A sysfs file holding one unsigned number, or @dflt. */
static unsigned int sys_uint(const char *dir, const char *name,
			     unsigned int dflt)
{
	char *v = read_sys(dir, name);
	unsigned long long n;

	if (!v || !parse_num(v, &n) || n > UINT_MAX)
		n = dflt;
	free(v);
	return n;
}

/* The last path element of a sysfs link (driver, iommu_group), or "-". */
static void link_name(const char *dir, const char *name, char *out,
		      size_t len)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;
	const char *slash;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0) {
		snprintf(out, len, "-");
		return;
	}
	target[n] = '\0';
	slash = strrchr(target, '/');
	slash = slash ? slash + 1 : target;
	if (strlen(slash) >= len)
		slash = "?";    /* no sysfs name of these is that long */
	memcpy(out, slash, strlen(slash) + 1);
}

static void read_caps(struct pci_dev *d, struct caps *c)
{
	struct pci_cap *cap;

	memset(c, 0, sizeof(*c));
	pci_fill_info(d, PCI_FILL_IDENT | PCI_FILL_CAPS | PCI_FILL_EXT_CAPS);
	/*
	 * Without root the kernel gives only the first 64 bytes: a
	 * capability list the status register announces but no capability
	 * on it means the list could not be read, not that there is none.
	 */
	c->readable = !(pci_read_word(d, PCI_STATUS) & PCI_STATUS_CAP_LIST) ||
		      d->first_cap;
	if (!c->readable)
		return;
	cap = pci_find_cap(d, PCI_CAP_ID_EXP, PCI_CAP_NORMAL);
	if (cap) {
		c->pcie = true;
		c->flr = pci_read_long(d, cap->addr + PCI_EXP_DEVCAP) &
			 PCI_EXP_DEVCAP_FLRESET;
	}
	cap = pci_find_cap(d, PCI_CAP_ID_MSIX, PCI_CAP_NORMAL);
	if (cap) {
		c->msix = true;
		c->msix_vectors = (pci_read_word(d, cap->addr + MSIX_MSG_CTRL) &
				   PCI_MSIX_TABSIZE) + 1;
	}
	c->ari = pci_find_cap(d, PCI_EXT_CAP_ID_ARI, PCI_CAP_EXTENDED);
	c->acs = pci_find_cap(d, PCI_EXT_CAP_ID_ACS, PCI_CAP_EXTENDED);
	cap = pci_find_cap(d, PCI_EXT_CAP_ID_SRIOV, PCI_CAP_EXTENDED);
	if (cap) {
		c->sriov = true;
		c->total_vfs = pci_read_word(d, cap->addr + PCI_IOV_TOTALVF);
		c->num_vfs = pci_read_word(d, cap->addr + PCI_IOV_NUMVF);
	}
}

/* ---- JSON output ---------------------------------------------------- */

static void j_sep(void)
{
	if (!first_item)
		putchar(',');
	first_item = false;
}

static void j_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			printf("\\u%04x", ch);     /* bytes as Latin-1: valid JSON */
		else
			putchar(ch);
	}
	putchar('"');
}

static void j_key(const char *k)
{
	j_sep();
	j_str(k);
	putchar(':');
}

static void j_open(const char *k, char brace)
{
	if (k)
		j_key(k);
	else
		j_sep();
	putchar(brace);
	first_item = true;
}

static void j_close(char brace)
{
	putchar(brace);
	first_item = false;
}

static void j_bool(const char *k, bool v)
{
	j_key(k);
	fputs(v ? "true" : "false", stdout);
}

static void j_uint(const char *k, unsigned long long v)
{
	j_key(k);
	printf("%llu", v);
}

/* A value as JSON: a number, {"first","count"} for "F+C", else a string. */
static void j_value(const char *k, const char *v)
{
	unsigned long long a, b;
	char left[64];
	const char *plus = strchr(v, '+');

	if (parse_num(v, &a)) {
		j_uint(k, a);
		return;
	}
	if (plus && (size_t)(plus - v) < sizeof(left)) {
		memcpy(left, v, plus - v);
		left[plus - v] = '\0';
		if (parse_num(left, &a) && parse_num(plus + 1, &b)) {
			j_open(k, '{');
			j_uint("first", a);
			j_uint("count", b);
			j_close('}');
			return;
		}
	}
	j_key(k);
	j_str(v);
}

/*
 * How a sysfs file becomes JSON (docs/sgpu-smi.md): a number (or the
 * text, if it is not one); a string; "k=v ..." as an object (or the text,
 * such as "auto" or "none", if it has no pair); "name value" lines as an
 * object; words as an array ("none": empty).
 */
enum kind { K_NUM, K_STR, K_PAIRS, K_LINES, K_WORDS };

struct file {
	const char *name;
	enum kind kind;
};

static void j_file(const struct file *f, const char *text)
{
	char *copy, *tok, *save, *sep;
	const char *delim = f->kind == K_LINES ? "\n" : " \t";

	if (f->kind == K_STR || (f->kind == K_PAIRS && !strchr(text, '='))) {
		j_key(f->name);
		j_str(text);
		return;
	}
	if (f->kind == K_NUM) {
		j_value(f->name, text);
		return;
	}
	copy = strdup(text);
	if (!copy)
		die("%s", "out of memory");
	j_open(f->name, f->kind == K_WORDS ? '[' : '{');
	for (tok = strtok_r(copy, delim, &save); tok;
	     tok = strtok_r(NULL, delim, &save)) {
		if (f->kind == K_WORDS) {
			if (strcmp(tok, "none")) {
				j_sep();
				j_str(tok);
			}
			continue;
		}
		sep = strchr(tok, f->kind == K_PAIRS ? '=' : ' ');
		if (!sep)
			continue;
		*sep = '\0';
		j_value(tok, sep + 1);
	}
	j_close(f->kind == K_WORDS ? ']' : '}');
	free(copy);
}

/* ---- what is shown -------------------------------------------------- */

static const struct file gpu_files[] = {
	{ "abi_version", K_STR }, { "mmu_units", K_NUM },
	{ "dma_channels", K_NUM }, { "codec_cores", K_NUM },
	{ "vram_size", K_NUM }, { "vf_window", K_NUM },
	{ "vfs_in_use", K_NUM }, { "event_irqs", K_NUM },
	{ "mbox_irqs", K_NUM }, { "reserve", K_PAIRS }, { "profile", K_STR },
	{ "slice", K_PAIRS }, { "guard", K_PAIRS }, { NULL, K_STR },
};

static const struct file vf_files[] = {
	{ "profile", K_STR }, { "quota", K_PAIRS }, { "slice", K_PAIRS },
	{ "state", K_STR }, { "sessions", K_NUM }, { "reset_state", K_STR },
	{ "reset_steps", K_WORDS }, { "reset_count", K_NUM },
	{ "reset_failures", K_NUM }, { "reset_last_us", K_NUM },
	{ "quarantine", K_NUM }, { "counters", K_LINES }, { NULL, K_STR },
};

static struct pci_dev *find_dev(struct pci_access *pa, const char *bdf)
{
	struct pci_dev *d;
	char b[16];

	for (d = pa->devices; d; d = d->next) {
		bdf_of(d, b, sizeof(b));
		if (!strcmp(b, bdf))
			return d;
	}
	return NULL;
}

static void j_caps(const struct caps *c)
{
	if (!c->readable) {
		j_key("caps");
		fputs("null", stdout);
		return;
	}
	j_open("caps", '{');
	j_bool("pcie", c->pcie);
	j_bool("sriov", c->sriov);
	j_bool("ari", c->ari);
	j_bool("acs", c->acs);
	j_bool("msix", c->msix);
	j_bool("flr", c->flr);
	if (c->msix)
		j_uint("msix_vectors", c->msix_vectors);
	if (c->sriov) {
		j_uint("total_vfs", c->total_vfs);
		j_uint("num_vfs", c->num_vfs);
	}
	j_close('}');
}

static void caps_text(const struct caps *c, char *buf, size_t len)
{
	if (!c->readable) {
		snprintf(buf, len, " capabilities: root only");
		return;
	}
	snprintf(buf, len, "%s%s%s%s%s", c->sriov ? " SR-IOV" : "",
		 c->ari ? " ARI" : "", c->acs ? " ACS" : "",
		 c->msix ? " MSI-X" : "", c->flr ? " FLR" : "");
}

/* One function's identity: BDF, driver, IOMMU group, capabilities. */
struct fn {
	char bdf[16], dir[64], driver[64], group[16];
	struct caps caps;
};

static void fn_load(struct pci_access *pa, const char *bdf, struct fn *f)
{
	struct pci_dev *d = find_dev(pa, bdf);

	snprintf(f->bdf, sizeof(f->bdf), "%s", bdf);
	snprintf(f->dir, sizeof(f->dir), SYS_PCI "/%s", bdf);
	link_name(f->dir, "driver", f->driver, sizeof(f->driver));
	link_name(f->dir, "iommu_group", f->group, sizeof(f->group));
	if (d)
		read_caps(d, &f->caps);
	else
		memset(&f->caps, 0, sizeof(f->caps));
}

static void j_fn(const struct fn *f)
{
	j_key("bdf");
	j_str(f->bdf);
	j_key("driver");
	j_str(f->driver);
	j_value("iommu_group", f->group);
	j_caps(&f->caps);
}

/* The VF BDF of VF @n of PF directory @dir, or false. */
static bool vf_bdf(const char *dir, unsigned int n, char *out, size_t len)
{
	char name[32];

	snprintf(name, sizeof(name), "virtfn%u", n);
	link_name(dir, name, out, len);
	return strcmp(out, "-");
}

static void show_files(const char *dir, const struct file *files,
		       const char *indent)
{
	unsigned int i;
	char *v;

	for (i = 0; files[i].name; i++) {
		v = read_sys(dir, files[i].name);
		if (!v)
			continue;
		if (strchr(v, '\n')) {
			char *line, *save;

			printf("%s%s:\n", indent, files[i].name);
			for (line = strtok_r(v, "\n", &save); line;
			     line = strtok_r(NULL, "\n", &save))
				printf("%s    %s\n", indent, line);
		} else {
			printf("%s%-16s %s\n", indent, files[i].name, v);
		}
		free(v);
	}
}

static void j_files(const char *dir, const struct file *files)
{
	unsigned int i;
	char *v;

	for (i = 0; files[i].name; i++) {
		v = read_sys(dir, files[i].name);
		if (v)
			j_file(&files[i], v);
		free(v);
	}
}

static void show_gpu(struct pci_access *pa, const char *bdf, bool detail)
{
	char sgpu[PATH_MAX], vfdir[PATH_MAX], vbdf[16], capt[64], *v;
	unsigned int n, num_vfs, total_vfs;
	struct fn pf, vf;

	fn_load(pa, bdf, &pf);
	/* The kernel's view, which needs no root: the same as config space. */
	num_vfs = sys_uint(pf.dir, "sriov_numvfs", pf.caps.num_vfs);
	total_vfs = sys_uint(pf.dir, "sriov_totalvfs", pf.caps.total_vfs);
	snprintf(sgpu, sizeof(sgpu), "%s/sgpu", pf.dir);
	if (json) {
		j_open(NULL, '{');
		j_fn(&pf);
		j_open("sgpu", '{');
		j_files(sgpu, gpu_files);
		j_close('}');
		j_open("vfs", '[');
	} else {
		caps_text(&pf.caps, capt, sizeof(capt));
		v = read_sys(sgpu, "abi_version");
		printf("GPU %s  driver %s  ABI %s  VFs %u of %u  IOMMU group %s  [%s ]\n",
		       pf.bdf, pf.driver, v ? v : "-", num_vfs, total_vfs,
		       pf.group, capt);
		free(v);
		if (access(sgpu, F_OK))
			printf("  (sgpu_pf is not bound: no slices to show)\n");
		else if (detail && !only_vf)
			show_files(sgpu, gpu_files, "  ");
		if (!detail && num_vfs)
			printf("  %-3s %-13s %-9s %-6s %-9s %-56s %s\n", "VF",
			       "BDF", "driver", "group", "profile", "slice",
			       "state");
	}
	for (n = 0; n < num_vfs && vf_bdf(pf.dir, n, vbdf, sizeof(vbdf)); n++) {
		if (only_vf && strcmp(only_vf, vbdf))
			continue;
		fn_load(pa, vbdf, &vf);
		snprintf(vfdir, sizeof(vfdir), "%s/sgpu_vf%u", pf.dir, n);
		if (json) {
			j_open(NULL, '{');
			j_uint("index", n);
			j_fn(&vf);
			j_files(vfdir, vf_files);
			j_close('}');
		} else if (detail) {
			caps_text(&vf.caps, capt, sizeof(capt));
			printf("  VF %u %s  driver %s  IOMMU group %s  [%s ]\n",
			       n, vf.bdf, vf.driver, vf.group, capt);
			show_files(vfdir, vf_files, "    ");
		} else {
			char *st = read_sys(vfdir, "reset_state");
			char *pr = read_sys(vfdir, "profile");
			char *sl = read_sys(vfdir, "slice");

			/* reset_state last: it can hold spaces. */
			printf("  %-3u %-13s %-9s %-6s %-9s %-56s %s\n", n,
			       vf.bdf, vf.driver, vf.group, pr ? pr : "-",
			       sl ? sl : "-", st ? st : "-");
			free(st);
			free(pr);
			free(sl);
		}
	}
	if (json) {
		j_close(']');
		j_close('}');
	}
}

static bool is_sgpu(const struct pci_dev *d, unsigned int id)
{
	return d->vendor_id == SGPU_PCI_VENDOR_ID && d->device_id == id;
}

/* The PF a VF BDF belongs to (its physfn link), or false. */
static bool pf_of_vf(const char *bdf, char *pf, size_t len)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), SYS_PCI "/%s", bdf);
	link_name(dir, "physfn", pf, len);
	return strcmp(pf, "-");
}

static void usage(void)
{
	fprintf(stderr, "usage: %s [--json] [-q BDF]\n"
		"  (no option)  every sgpu GPU and its VFs, as a table\n"
		"  -q BDF       everything about one GPU or VF\n"
		"  --json       the same as JSON (keys: docs/sgpu-smi.md)\n",
		prog);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *query = NULL;
	struct pci_access *pa;
	struct pci_dev *d;
	char bdf[16], pf[16];
	unsigned int gpus = 0;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "-q") && i + 1 < argc)
			query = argv[++i];
		else
			usage();
	}
	pa = pci_alloc();
	pci_init(pa);
	pci_scan_bus(pa);
	for (d = pa->devices; d; d = d->next)
		pci_fill_info(d, PCI_FILL_IDENT);
	if (query) {
		d = find_dev(pa, query);
		if (!d)
			die("no PCI function %s (a full BDF: DDDD:BB:DD.F, as lspci -D prints)",
			    query);
		if (is_sgpu(d, SGPU_PCI_DEVICE_ID_VF)) {
			if (!pf_of_vf(query, pf, sizeof(pf)))
				die("%s has no physfn link: is SR-IOV on?", query);
			only_vf = query;
		} else if (is_sgpu(d, SGPU_PCI_DEVICE_ID_PF)) {
			snprintf(pf, sizeof(pf), "%s", query);
		} else {
			die("%s is not an sgpu function (vendor 1234, device 5347 or 5348)",
			    query);
		}
	}
	if (geteuid())
		fprintf(stderr, "%s: not root: PCI capabilities are unreadable (shown as root only, null in JSON)\n",
			prog);
	if (json) {
		first_item = true;
		j_open(NULL, '{');
		j_open("gpus", '[');
	}
	for (d = pa->devices; d; d = d->next) {
		if (!is_sgpu(d, SGPU_PCI_DEVICE_ID_PF))
			continue;
		bdf_of(d, bdf, sizeof(bdf));
		if (query && strcmp(bdf, pf))
			continue;
		show_gpu(pa, bdf, query != NULL);
		gpus++;
	}
	if (json) {
		j_close(']');
		j_close('}');
		putchar('\n');
	}
	pci_cleanup(pa);
	if (fflush(stdout) || ferror(stdout))
		die("%s", "cannot write the output");
	if (!gpus)
		die("%s", "no sgpu GPU found (PCI 1234:5347): is the device present (lspci -d 1234:)?");
	return 0;
}
