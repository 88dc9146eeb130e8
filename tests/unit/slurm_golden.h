/* slurm_golden.h - load the message bodies of the Slurm 22.05 golden
 * captures for the lib/slurm codec tests. The directory comes from
 * FLURM_GOLDEN (default tests/golden/slurm-22.05, relative to the repo
 * root where tests run); a missing file fails the test. Include after
 * <cmocka.h>. */
#ifndef FLURM_TEST_SLURM_GOLDEN_H
#define FLURM_TEST_SLURM_GOLDEN_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/pack.h"
#include "slurm/proto.h"

struct golden {
	uint8_t *file;          /* the whole capture file */
	size_t file_len;
	uint16_t msg_type;
	const uint8_t *body;    /* points into file */
	size_t body_len;
};

static inline uint32_t golden_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Read CASE/FILE (e.g. "sbatch", "01-request.bin") and find the body of
 * its single message with slurm_msg_parse. */
static inline void golden_load(struct golden *g, const char *gcase,
			       const char *file)
{
	const char *dir = getenv("FLURM_GOLDEN");
	struct slurm_msg m;
	char path[1024];
	FILE *fp;
	long n;

	memset(g, 0, sizeof(*g));
	if (!dir || !*dir)
		dir = "tests/golden/slurm-22.05";
	snprintf(path, sizeof(path), "%s/%s/%s", dir, gcase, file);
	fp = fopen(path, "rb");
	if (!fp)
		fail_msg("golden capture %s is missing (set FLURM_GOLDEN)",
			 path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	assert_true(n >= 4 + (long)SLURM_MIN_FRAME);
	g->file = malloc((size_t)n);
	assert_non_null(g->file);
	assert_int_equal(fread(g->file, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	g->file_len = (size_t)n;

	assert_int_equal(golden_be32(g->file), g->file_len - 4);
	if (slurm_msg_parse(g->file + 4, g->file_len - 4, &m))
		fail_msg("%s: %s", path, err_msg());
	assert_int_equal(m.protocol_version, SLURM_22_05_PROTOCOL_VERSION);
	g->msg_type = m.msg_type;
	g->body = m.body;
	g->body_len = m.body_len;
}

static inline void golden_free(struct golden *g)
{
	free(g->file);
	memset(g, 0, sizeof(*g));
}

/* A view of the golden body for unpacking. */
static inline void golden_view(const struct golden *g, buf_t *b)
{
	buf_init_view(b, g->body, g->body_len);
}

/* The packed bytes of B must equal the golden body exactly. */
static inline void golden_assert_same(const struct golden *g, buf_t *b)
{
	assert_int_equal(buf_len(b), g->body_len);
	if (memcmp(b->data, g->body, g->body_len)) {
		size_t i = 0;
		while (b->data[i] == g->body[i])
			i++;
		fail_msg("packed body differs from the golden one at byte "
			 "%zu of %zu", i, g->body_len);
	}
}

/* A codec's unpack as the checks below call it: 0, or -1 with a message;
 * it frees what it decoded. */
typedef int (*golden_unpack_fn)(buf_t *b);

/* Define NAME, the golden_unpack_fn of the message TYPE that UNPACK
 * decodes and RELEASE frees. */
#define GOLDEN_UNPACK_FN(name, type, unpack, release)			\
	static int name(buf_t *b)					\
	{								\
		type m;							\
		int rc = unpack(b, &m);					\
									\
		release(&m);						\
		return rc;						\
	}

/* Every strict prefix of a golden body must be refused with a message;
 * the sanitizer build catches any read past the end. */
static inline void golden_assert_truncations_fail(const struct golden *g,
						  golden_unpack_fn fn)
{
	for (size_t len = 0; len < g->body_len; len++) {
		buf_t b;
		uint8_t *copy = malloc(len ? len : 1);

		/* a private copy of exactly LEN bytes, so ASan sees overreads */
		memcpy(copy, g->body, len);
		buf_init_view(&b, copy, len);
		err_clear();
		if (fn(&b) != -1)
			fail_msg("body cut to %zu of %zu bytes was accepted",
				 len, g->body_len);
		assert_true(err_msg()[0] != '\0');
		free(copy);
	}
}

/* Overwrite each byte with 0xff, then 0x7f, then flip its top bit (giant
 * lengths, bad markers, odd counts): decoding may succeed or fail but
 * never crash, leak or read out of bounds. */
static inline void golden_assert_garbling_is_safe(const struct golden *g,
						  golden_unpack_fn fn)
{
	uint8_t *copy = malloc(g->body_len ? g->body_len : 1);

	for (size_t i = 0; i < g->body_len; i++) {
		const uint8_t junk[] = { 0xff, 0x7f, g->body[i] ^ 0x80 };

		for (size_t k = 0; k < sizeof(junk); k++) {
			buf_t b;

			memcpy(copy, g->body, g->body_len);
			copy[i] = junk[k];
			buf_init_view(&b, copy, g->body_len);
			(void)fn(&b);
		}
	}
	free(copy);
}

/* One byte more than the golden body must be refused too. */
static inline void golden_assert_trailing_byte_fails(const struct golden *g,
						     golden_unpack_fn fn)
{
	uint8_t *copy = malloc(g->body_len + 1);
	buf_t b;

	memcpy(copy, g->body, g->body_len);
	copy[g->body_len] = 0;
	buf_init_view(&b, copy, g->body_len + 1);
	err_clear();
	assert_int_equal(fn(&b), -1);
	assert_non_null(strstr(err_msg(), "unexpected bytes"));
	free(copy);
}

#endif
