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

#endif
