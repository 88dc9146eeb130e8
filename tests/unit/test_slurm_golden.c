/* test_slurm_golden.c - every frame captured from a real Slurm 22.05.8
 * (tests/golden/slurm-22.05) parses: version, munge auth, body used up
 * exactly, message types as streams.tsv lists them, and rebuilding the
 * frame gives the captured bytes. Also checks our name tables against
 * msg_types.tsv and errno.tsv. The data directory comes from FLURM_GOLDEN
 * (default tests/golden/slurm-22.05); without it the test fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/pack.h"
#include "core/xalloc.h"
#include "slurm/errnos.h"
#include "slurm/msg_types.h"
#include "slurm/proto.h"

static const char *golden_dir(void)
{
	const char *d = getenv("FLURM_GOLDEN");
	struct stat st;

	if (!d || !*d)
		d = "tests/golden/slurm-22.05";
	if (stat(d, &st) || !S_ISDIR(st.st_mode))
		fail_msg("golden captures not found at %s (set FLURM_GOLDEN)", d);
	return d;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *p = NULL;
	size_t cap = 0, n = 0;

	if (!fp)
		fail_msg("cannot open %s", path);
	for (;;) {
		xgrow((void **)&p, &cap, n + 4096, 1);
		size_t got = fread(p + n, 1, cap - n, fp);
		n += got;
		if (!got)
			break;
	}
	fclose(fp);
	xgrow((void **)&p, &cap, n + 1, 1);
	p[n] = '\0';   /* so text files can be used as strings */
	*len = n;
	return p;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Split a TSV line in place into at most MAX fields. */
static int split_tabs(char *line, char **f, int max)
{
	int n = 0;

	while (n < max) {
		f[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

/* Next non-comment line of a text buffer, NUL-terminated in place. */
static char *next_line(char **pos)
{
	while (*pos && **pos) {
		char *line = *pos, *nl = strchr(line, '\n');

		if (nl) {
			*nl = '\0';
			*pos = nl + 1;
		} else {
			*pos = line + strlen(line);
		}
		if (*line && *line != '#')
			return line;
	}
	return NULL;
}

struct totals {
	int cases, files, frames, inet, rebuilt;
};

/* Parse every frame of one .bin file; return "type:NAME,..." or "-". */
static char *check_file(const char *path, const char *initiator, struct totals *t)
{
	size_t len, off = 0;
	uint8_t *data = slurp(path, &len);
	char *types = NULL;

	while (off < len) {
		struct slurm_msg m;
		uint32_t n;

		if (len - off < 4)
			fail_msg("%s: %zu stray bytes at offset %zu", path, len - off, off);
		n = be32(data + off);
		if (slurm_frame_len_check(n))
			fail_msg("%s: %s", path, err_msg());
		if (n > len - off - 4)
			fail_msg("%s: frame of %u bytes at %zu runs past the file", path, n, off);
		if (slurm_msg_parse(data + off + 4, n, &m))
			fail_msg("%s: %s", path, err_msg());
		if (m.protocol_version != 0x2600)
			fail_msg("%s: version 0x%04x", path, m.protocol_version);
		if (m.auth_plugin != SLURM_AUTH_MUNGE)
			fail_msg("%s: auth plugin %u", path, m.auth_plugin);
		if (strncmp(m.cred, "MUNGE:", 6) || m.cred[m.cred_len - 1] != ':')
			fail_msg("%s: credential \"%.20s...\"", path, m.cred);
		/* body consumed exactly */
		assert_int_equal(m.body_len, m.body_length);
		assert_int_equal(m.header_len + m.auth_len + m.body_len, n);
		if (m.body_len)
			assert_ptr_equal(m.body, data + off + 4 + m.header_len + m.auth_len);

		if (m.orig_addr.family == SLURM_AF_INET) {
			/* slurmd's reply names the controller end of the stream */
			char addr[64];

			slurm_addr_fmt(&m.orig_addr, addr, sizeof(addr));
			if (strcmp(addr, initiator))
				fail_msg("%s: orig_addr %s, stream initiator %s", path, addr, initiator);
			t->inet++;
		} else {
			assert_int_equal(m.orig_addr.family, SLURM_AF_UNSPEC);
			assert_int_equal(m.header_len, 16);
			/* what we build is what Slurm sent */
			buf_t *b = buf_new(0);
			assert_int_equal(slurm_msg_build(b, m.msg_type, m.flags, SLURM_AUTH_MUNGE,
							 m.cred, m.body, m.body_len), 0);
			if (buf_len(b) != n + 4 || memcmp(b->data, data + off, n + 4))
				fail_msg("%s: rebuilt frame differs from the capture", path);
			buf_free(b);
			t->rebuilt++;
		}
		xstrfmtcat(&types, "%s%u:%s", types ? "," : "", m.msg_type,
			   slurm_msg_type_name(m.msg_type));
		t->frames++;
		off += 4 + (size_t)n;
	}
	free(data);
	return types ? types : xstrdup("-");
}

static void check_case(const char *dir, const char *name, struct totals *t)
{
	char *path = xasprintf("%s/%s/streams.tsv", dir, name);
	size_t len;
	char *text = (char *)slurp(path, &len), *pos = text, *line;
	int rows = 0;

	while ((line = next_line(&pos))) {
		char *f[12];

		if (split_tabs(line, f, 12) < 9)
			fail_msg("%s: short line", path);
		for (int dirn = 0; dirn < 2; dirn++) {
			char *bin = xasprintf("%s/%s/%s-%s.bin", dir, name, f[0],
					      dirn ? "response" : "request");
			const char *want = f[7 + dirn];
			char *got = check_file(bin, f[1], t);

			if (strcmp(got, want))
				fail_msg("%s: message types %s, streams.tsv says %s", bin, got, want);
			free(got);
			free(bin);
			t->files++;
		}
		rows++;
	}
	if (!rows)
		fail_msg("%s lists no streams", path);
	t->cases++;
	free(text);
	free(path);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_every_captured_frame(void **state)
{
	const char *dir = golden_dir();
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct totals t = { 0 };

	assert_non_null(d);
	while ((e = readdir(d))) {
		char *p = xasprintf("%s/%s/streams.tsv", dir, e->d_name);
		struct stat st;

		if (e->d_name[0] != '.' && !stat(p, &st)) {
			xgrow((void **)&names, &cap, n + 1, sizeof(*names));
			names[n++] = xstrdup(e->d_name);
		}
		free(p);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		check_case(dir, names[i], &t);
		free(names[i]);
	}
	free(names);
	/* 15 cases, 78 stream halves, 73 frames were captured */
	assert_true(t.cases >= 15);
	assert_true(t.files >= 78);
	assert_true(t.frames >= 73);
	assert_int_equal(t.inet, 3);
	assert_int_equal(t.rebuilt, t.frames - 3);
}

/* The one frame of DIR/CASE/FILE. */
static uint8_t *load_frame(const char *c, const char *file, struct slurm_msg *m, size_t *len)
{
	char *path = xasprintf("%s/%s/%s", golden_dir(), c, file);
	uint8_t *data = slurp(path, len);

	assert_true(*len > 4);
	assert_int_equal(be32(data) + 4, *len);
	if (slurm_msg_parse(data + 4, *len - 4, m))
		fail_msg("%s: %s", path, err_msg());
	free(path);
	return data;
}

static void test_documented_types(void **state)
{
	static const struct {
		const char *c, *file;
		uint16_t type;
		uint32_t body_len;
	} cases[] = {
		{ "scontrol_ping", "01-request.bin", 1008, 0 },
		{ "scontrol_ping", "01-response.bin", 8001, 4 },
		{ "sbatch", "01-request.bin", 4003, 1304 },
		{ "sbatch", "01-response.bin", 4004, 0xffff },
		{ "squeue_j", "01-response.bin", 2050, 1 },
		{ "scontrol_show_config", "02-request.bin", 1008, 0 },
		{ "scancel", "01-request.bin", 5032, 0xffff },
		{ "sdiag", "01-request.bin", 2035, 2 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct slurm_msg m;
		size_t len;
		uint8_t *data = load_frame(cases[i].c, cases[i].file, &m, &len);

		assert_int_equal(m.msg_type, cases[i].type);
		if (cases[i].body_len != 0xffff)
			assert_int_equal(m.body_len, cases[i].body_len);
		free(data);
	}

	/* scontrol ping is answered rc 0; sdiag asks STAT_COMMAND_GET */
	struct slurm_msg m;
	size_t len;
	uint8_t *data = load_frame("scontrol_ping", "01-response.bin", &m, &len);
	assert_memory_equal(m.body, "\0\0\0\0", 4);
	assert_int_equal(len, 220);
	free(data);
	data = load_frame("sdiag", "01-request.bin", &m, &len);
	assert_memory_equal(m.body, "\x00\x01", 2);
	free(data);
}

static void test_sbatch_orig_addr(void **state)
{
	struct slurm_msg m;
	size_t len;
	char text[64];
	uint8_t *data = load_frame("sbatch", "02-response.bin", &m, &len);

	assert_int_equal(m.msg_type, RESPONSE_SLURM_RC);
	assert_int_equal(m.orig_addr.family, SLURM_AF_INET);
	assert_memory_equal(m.orig_addr.addr, "\x7f\x00\x00\x01", 4);
	assert_int_equal(m.header_len, 22);
	assert_string_equal(slurm_addr_fmt(&m.orig_addr, text, sizeof(text)),
			    "127.0.0.1:34396");
	free(data);
}

static void test_golden_frame_damaged(void **state)
{
	struct slurm_msg m;
	size_t len;
	uint8_t *data = load_frame("sbatch", "01-request.bin", &m, &len);
	size_t n = len - 4;

	/* every cut of a real 1516-byte frame is refused */
	for (size_t cut = 0; cut < n; cut++) {
		uint8_t *copy = xmalloc(cut ? cut : 1);

		memcpy(copy, data + 4, cut);
		if (slurm_msg_parse(copy, cut, &m) != -1)
			fail_msg("sbatch request cut to %zu bytes was accepted", cut);
		free(copy);
	}
	/* body_length one more / one less than what follows */
	data[4 + 9] += 1;
	assert_int_equal(slurm_msg_parse(data + 4, n, &m), -1);
	assert_int_equal(m.error_rc, ESLURM_PROTOCOL_INCOMPLETE_PACKET);
	data[4 + 9] -= 2;
	assert_int_equal(slurm_msg_parse(data + 4, n, &m), -1);
	assert_non_null(strstr(err_msg(), "REQUEST_SUBMIT_BATCH_JOB"));
	free(data);
}

static void test_msg_type_table(void **state)
{
	char *path = xasprintf("%s/msg_types.tsv", golden_dir());
	size_t len;
	char *text = (char *)slurp(path, &len), *pos = text, *line;
	int rows = 0;

	while ((line = next_line(&pos))) {
		char *f[3];
		unsigned long v;

		assert_true(split_tabs(line, f, 3) >= 2);
		v = strtoul(f[0], NULL, 10);
		if (strcmp(slurm_msg_type_name((uint16_t)v), f[1]))
			fail_msg("type %lu: we say %s, Slurm says %s", v,
				 slurm_msg_type_name((uint16_t)v), f[1]);
		assert_true(slurm_msg_type_known((uint16_t)v));
		assert_int_equal(slurm_msg_type_from_name(f[1]), v);
		rows++;
	}
	assert_int_equal(rows, 227);
	free(text);
	free(path);
}

static void test_errno_table(void **state)
{
	char *path = xasprintf("%s/errno.tsv", golden_dir());
	size_t len;
	char *text = (char *)slurp(path, &len), *pos = text, *line;
	int rows = 0;

	while ((line = next_line(&pos))) {
		char *f[3];
		long v;

		assert_int_equal(split_tabs(line, f, 3), 3);
		v = strtol(f[0], NULL, 10);
		if (strcmp(slurm_strerror((int)v), f[2]))
			fail_msg("rc %ld: we say \"%s\", Slurm says \"%s\"", v,
				 slurm_strerror((int)v), f[2]);
		assert_string_equal(slurm_errno_name((int)v), f[1]);
		rows++;
	}
	assert_int_equal(rows, 249);
	free(text);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_captured_frame),
		cmocka_unit_test(test_documented_types),
		cmocka_unit_test(test_sbatch_orig_addr),
		cmocka_unit_test(test_golden_frame_damaged),
		cmocka_unit_test(test_msg_type_table),
		cmocka_unit_test(test_errno_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
