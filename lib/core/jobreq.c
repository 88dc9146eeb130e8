/* jobreq.c - one table of a job request's members, and the pack, unpack,
 * copy and free that walk it. Each member is written as a 16-bit tag
 * (number << 3 | kind) and its value, only when it is not zero, so a
 * reader can skip what it does not know and an old record reads as
 * "not asked". What the members mean is for their users to decide. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/jobreq.h"
#include "core/xalloc.h"

enum jr_kind { JR_U8 = 0, JR_BOOL, JR_U32, JR_U64, JR_STR };

struct jr_field {
	uint16_t num;              /* stable: never reuse one */
	uint8_t kind;
	bool legacy;               /* also in the older layouts */
	size_t off;
};

#define JR(num, kind, legacy, m) \
	{ num, kind, legacy, offsetof(struct job_req, m) }

/* Order is the packing order; numbers, once written, keep their meaning. */
static const struct jr_field jr_fields[] = {
	JR(1, JR_U32, true, min_nodes),
	JR(2, JR_U32, true, max_nodes),
	JR(3, JR_U32, true, num_tasks),
	JR(4, JR_U32, true, cpus_per_task),
	JR(5, JR_U32, true, ntasks_per_node),
	JR(6, JR_U32, true, pn_min_cpus),
	JR(7, JR_U64, true, mem_mb),
	JR(8, JR_BOOL, true, mem_per_cpu),
	JR(9, JR_U32, true, time_limit),
	JR(10, JR_U32, true, time_min),
	JR(11, JR_BOOL, true, exclusive),
	JR(12, JR_BOOL, true, contiguous),
	JR(13, JR_U8, true, open_mode),
	JR(14, JR_STR, true, features),
	JR(15, JR_STR, true, req_nodes),
	JR(16, JR_STR, true, exc_nodes),
	JR(17, JR_STR, false, licenses),
	JR(18, JR_STR, false, tres_per_node),
	JR(19, JR_STR, false, tres_per_job),
	JR(20, JR_U32, false, gpus_per_node),
	JR(21, JR_STR, false, gpu_type),
	JR(22, JR_U32, false, tmp_mb),
	JR(23, JR_BOOL, false, oversubscribe),
	JR(24, JR_STR, false, tres_per_task),
	JR(25, JR_U32, false, gpus_per_task),
	JR(26, JR_BOOL, false, max_nodes_given),
	JR(27, JR_U32, false, cpus_per_gpu),
	JR(28, JR_U32, false, cpus_per_task_asked),
	JR(29, JR_BOOL, false, mem_default),
	JR(30, JR_BOOL, false, no_share),
	JR(31, JR_STR, false, mail_user),
	JR(32, JR_U32, false, mail_type),
	JR(33, JR_BOOL, false, reboot),
	JR(34, JR_U32, false, min_cpus),
	JR(35, JR_U32, false, prio_skip),
	JR(36, JR_BOOL, false, prio_set),
};
#define JR_NFIELDS (sizeof(jr_fields) / sizeof(jr_fields[0]))

static void *jr_at(const struct job_req *r, const struct jr_field *f)
{
	return (char *)r + f->off;
}

static bool jr_is_zero(const struct job_req *r, const struct jr_field *f)
{
	void *p = jr_at(r, f);

	switch (f->kind) {
	case JR_U8: return *(uint8_t *)p == 0;
	case JR_BOOL: return !*(bool *)p;
	case JR_U32: return *(uint32_t *)p == 0;
	case JR_U64: return *(uint64_t *)p == 0;
	default: return *(char **)p == NULL;
	}
}

static const struct jr_field *jr_find(uint16_t num)
{
	for (size_t i = 0; i < JR_NFIELDS; i++)
		if (jr_fields[i].num == num)
			return &jr_fields[i];
	return NULL;
}

void job_req_pack(buf_t *b, const struct job_req *r)
{
	uint16_t n = 0;

	for (size_t i = 0; i < JR_NFIELDS; i++)
		n += !jr_is_zero(r, &jr_fields[i]);
	pack16(b, n);
	for (size_t i = 0; i < JR_NFIELDS; i++) {
		const struct jr_field *f = &jr_fields[i];
		void *p = jr_at(r, f);

		if (jr_is_zero(r, f))
			continue;
		pack16(b, (uint16_t)(f->num << 3 | f->kind));
		switch (f->kind) {
		case JR_U8: pack8(b, *(uint8_t *)p); break;
		case JR_BOOL: pack_bool(b, *(bool *)p); break;
		case JR_U32: pack32(b, *(uint32_t *)p); break;
		case JR_U64: pack64(b, *(uint64_t *)p); break;
		default: pack_str(b, *(char **)p); break;
		}
	}
}

/* Read (and drop) a value of KIND. */
static int jr_skip(buf_t *b, uint8_t kind)
{
	uint8_t v8;
	uint32_t v32;
	uint64_t v64;
	char *s = NULL;

	switch (kind) {
	case JR_U8:
	case JR_BOOL: return unpack8(b, &v8);
	case JR_U32: return unpack32(b, &v32);
	case JR_U64: return unpack64(b, &v64);
	case JR_STR:
		if (unpack_str(b, &s) < 0)
			return -1;
		free(s);
		return 0;
	default:
		return -1;
	}
}

int job_req_unpack(buf_t *b, struct job_req *r, bool strict)
{
	uint16_t n = 0;

	memset(r, 0, sizeof(*r));
	if (unpack16(b, &n) < 0)
		goto bad;
	for (uint16_t i = 0; i < n; i++) {
		uint16_t tag = 0;
		const struct jr_field *f;
		void *p;

		if (unpack16(b, &tag) < 0)
			goto bad;
		f = jr_find(tag >> 3);
		if (!f || f->kind != (tag & 7)) {
			if (strict) {
				err_set("job request: unknown member %u",
					(unsigned)(tag >> 3));
				return -1;
			}
			if (jr_skip(b, tag & 7) < 0)
				goto bad;
			continue;
		}
		p = jr_at(r, f);
		switch (f->kind) {
		case JR_U8: unpack8(b, p); break;
		case JR_BOOL: unpack_bool(b, p); break;
		case JR_U32: unpack32(b, p); break;
		case JR_U64: unpack64(b, p); break;
		default:
			/* a member twice would leak the first */
			free(*(char **)p);
			unpack_str(b, p);
			break;
		}
		if (b->failed)
			goto bad;
	}
	return 0;
bad:
	err_set("job request: truncated or malformed");
	return -1;
}

void job_req_free(struct job_req *r)
{
	for (size_t i = 0; i < JR_NFIELDS; i++)
		if (jr_fields[i].kind == JR_STR)
			free(*(char **)jr_at(r, &jr_fields[i]));
	memset(r, 0, sizeof(*r));
}

void job_req_copy(struct job_req *dst, const struct job_req *src)
{
	*dst = *src;
	for (size_t i = 0; i < JR_NFIELDS; i++)
		if (jr_fields[i].kind == JR_STR) {
			char **p = jr_at(dst, &jr_fields[i]);

			*p = *p ? xstrdup(*p) : NULL;
		}
}

bool job_req_mask_known(uint64_t mask)
{
	for (size_t i = 0; i < JR_NFIELDS; i++)
		mask &= ~JOB_REQ_BIT(jr_fields[i].num);
	return mask == 0;
}

void job_req_take(struct job_req *dst, struct job_req *src, uint64_t mask)
{
	for (size_t i = 0; i < JR_NFIELDS; i++) {
		const struct jr_field *f = &jr_fields[i];
		char **d, **s;

		if (!(mask & JOB_REQ_BIT(f->num)))
			continue;
		switch (f->kind) {
		case JR_U8: *(uint8_t *)jr_at(dst, f) = *(uint8_t *)jr_at(src, f); break;
		case JR_BOOL: *(bool *)jr_at(dst, f) = *(bool *)jr_at(src, f); break;
		case JR_U32: *(uint32_t *)jr_at(dst, f) = *(uint32_t *)jr_at(src, f); break;
		case JR_U64: *(uint64_t *)jr_at(dst, f) = *(uint64_t *)jr_at(src, f); break;
		default:
			d = jr_at(dst, f);
			s = jr_at(src, f);
			free(*d);
			*d = *s;
			*s = NULL;
			break;
		}
	}
}

bool job_req_legacy(const struct job_req *r)
{
	for (size_t i = 0; i < JR_NFIELDS; i++)
		if (!jr_fields[i].legacy && !jr_is_zero(r, &jr_fields[i]))
			return false;
	return true;
}

void job_req_normalize(struct job_req *r)
{
	if (!r->min_nodes)
		r->min_nodes = 1;
	if (r->max_nodes < r->min_nodes)
		r->max_nodes = r->min_nodes;
	if (!r->num_tasks)
		r->num_tasks = 1;
	if (!r->cpus_per_task)
		r->cpus_per_task = 1;
	if (r->open_mode > JOB_OPEN_TRUNCATE)
		r->open_mode = 0;
}
