/* msg_config.c - pack and unpack RESPONSE_BUILD_INFO and REQUEST_BUILD_INFO
 * in Slurm 22.05's layout and, from the rows of the field list that say
 * which versions have them, in 23.02, 23.11 and 24.05. The field list
 * lives in msg_config.h; this file only knows how each kind of field
 * (number, string, list) goes on the wire. Filling in values from
 * slurm.conf is the controller's job. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/codec.h"
#include "slurm/msg_config.h"
#include "slurm/slurm_defs.h"

/* ---- one function per kind of field ---------------------------------- */

static void cf_pack_TIME(buf_t *b, const time_t *v) { pack_time(b, *v); }
static void cf_pack_U16(buf_t *b, const uint16_t *v) { pack16(b, *v); }
static void cf_pack_U32(buf_t *b, const uint32_t *v) { pack32(b, *v); }
static void cf_pack_U64(buf_t *b, const uint64_t *v) { pack64(b, *v); }
static void cf_pack_STR(buf_t *b, char *const *v) { pack_str(b, *v); }

static void cf_pack_STRARR(buf_t *b, const struct slurm_strarr *v)
{
	pack_str_array(b, v->v, v->n);
}

static void cf_pack_STR_AS_ARR(buf_t *b, char *const *v)
{
	pack32(b, *v ? 1 : 0);
	if (*v)
		pack_str(b, *v);
}

static void cf_pack_KVLIST(buf_t *b, const struct slurm_kv_list *v)
{
	if (!v->present) {
		pack32(b, NO_VAL);
		return;
	}
	pack32(b, v->n);
	for (uint32_t i = 0; i < v->n; i++) {
		pack_str(b, v->keys[i]);
		pack_str(b, v->values[i]);
	}
}

static void cf_pack_PPLIST(buf_t *b, const struct slurm_pp_list *v)
{
	if (!v->present) {
		pack32(b, NO_VAL);
		return;
	}
	pack32(b, v->n);
	for (uint32_t i = 0; i < v->n; i++) {
		pack_str(b, v->names[i]);
		cf_pack_KVLIST(b, &v->params[i]);
	}
}

static void cf_pack_JOBDEFS(buf_t *b, const struct slurm_jobdefs *v)
{
	if (!v->present) {
		pack32(b, NO_VAL);
		return;
	}
	pack32(b, v->n);
	for (uint32_t i = 0; i < v->n; i++) {
		pack16(b, v->types[i]);
		pack64(b, v->values[i]);
	}
}

static int cf_unpack_TIME(buf_t *b, time_t *v) { return unpack_time(b, v); }
static int cf_unpack_U16(buf_t *b, uint16_t *v) { return unpack16(b, v); }
static int cf_unpack_U32(buf_t *b, uint32_t *v) { return unpack32(b, v); }
static int cf_unpack_U64(buf_t *b, uint64_t *v) { return unpack64(b, v); }
static int cf_unpack_STR(buf_t *b, char **v) { return unpack_str(b, v); }

static int cf_unpack_STRARR(buf_t *b, struct slurm_strarr *v)
{
	return unpack_str_array(b, &v->v, &v->n);
}

/* FLURM holds one such string (one Epilog=, ...): more are refused */
static int cf_unpack_STR_AS_ARR(buf_t *b, char **v)
{
	uint32_t n;

	if (unpack32(b, &n) < 0)
		return -1;
	if (n > 1) {
		err_set("%u strings where FLURM holds one", n);
		b->failed = true;
		return -1;
	}
	return n ? unpack_str(b, v) : 0;
}

/* A list count: NO_VAL is "no list"; anything past what the body could
 * hold (each entry takes at least MIN bytes) is a lie. */
static int list_count(buf_t *b, bool *present, uint32_t *n, size_t min)
{
	if (unpack32(b, n) < 0)
		return -1;
	if (*n == NO_VAL) {
		*present = false;
		*n = 0;
		return 0;
	}
	*present = true;
	if (*n > PACK_MAX_ARRAY || (size_t)*n * min > buf_remaining(b)) {
		err_set("list of %u entries in %zu bytes", *n, buf_remaining(b));
		b->failed = true;
		*n = 0;
		return -1;
	}
	return 0;
}

static int cf_unpack_KVLIST(buf_t *b, struct slurm_kv_list *v)
{
	uint32_t n;

	if (list_count(b, &v->present, &n, 8) < 0)
		return -1;
	v->keys = xcalloc(n ? n : 1, sizeof(*v->keys));
	v->values = xcalloc(n ? n : 1, sizeof(*v->values));
	for (v->n = 0; v->n < n; v->n++)
		if (unpack_str(b, &v->keys[v->n]) < 0 ||
		    unpack_str(b, &v->values[v->n]) < 0) {
			v->n++;	/* so that the free sees what was read */
			return -1;
		}
	return 0;
}

static int cf_unpack_PPLIST(buf_t *b, struct slurm_pp_list *v)
{
	uint32_t n;

	if (list_count(b, &v->present, &n, 8) < 0)
		return -1;
	v->names = xcalloc(n ? n : 1, sizeof(*v->names));
	v->params = xcalloc(n ? n : 1, sizeof(*v->params));
	for (v->n = 0; v->n < n; v->n++)
		if (unpack_str(b, &v->names[v->n]) < 0 ||
		    cf_unpack_KVLIST(b, &v->params[v->n]) < 0) {
			v->n++;
			return -1;
		}
	return 0;
}

static int cf_unpack_JOBDEFS(buf_t *b, struct slurm_jobdefs *v)
{
	uint32_t n;

	if (list_count(b, &v->present, &n, 10) < 0)
		return -1;
	v->types = xcalloc(n ? n : 1, sizeof(*v->types));
	v->values = xcalloc(n ? n : 1, sizeof(*v->values));
	for (v->n = 0; v->n < n; v->n++)
		if (unpack16(b, &v->types[v->n]) < 0 ||
		    unpack64(b, &v->values[v->n]) < 0)
			return -1;
	return 0;
}

static void cf_free_TIME(time_t *v) { (void)v; }
static void cf_free_U16(uint16_t *v) { (void)v; }
static void cf_free_U32(uint32_t *v) { (void)v; }
static void cf_free_U64(uint64_t *v) { (void)v; }
static void cf_free_STR(char **v) { free(*v); *v = NULL; }
/* the STR row of the same name frees it */
static void cf_free_STR_AS_ARR(char **v) { (void)v; }

static void cf_free_STRARR(struct slurm_strarr *v)
{
	for (uint32_t i = 0; v->v && i < v->n; i++)
		free(v->v[i]);
	free(v->v);
}

static void cf_free_KVLIST(struct slurm_kv_list *v)
{
	for (uint32_t i = 0; i < v->n; i++) {
		free(v->keys[i]);
		free(v->values[i]);
	}
	free(v->keys);
	free(v->values);
}

static void cf_free_PPLIST(struct slurm_pp_list *v)
{
	for (uint32_t i = 0; i < v->n; i++) {
		free(v->names[i]);
		cf_free_KVLIST(&v->params[i]);
	}
	free(v->names);
	free(v->params);
}

static void cf_free_JOBDEFS(struct slurm_jobdefs *v)
{
	free(v->types);
	free(v->values);
}

/* ---- the message ------------------------------------------------------ */

static const struct cf_row {
	const char *name;
	uint16_t since, until;
} fields[] = {
#define SLURM_CF_ROW(t, n) { #n, 0, 0 },
#define SLURM_CF_VROW(t, n, s, u) { #n, (s), (u) },
	SLURM_CTL_CONF_FIELDS(SLURM_CF_ROW, SLURM_CF_VROW)
#undef SLURM_CF_ROW
#undef SLURM_CF_VROW
};
#define NROWS (sizeof(fields) / sizeof(*fields))

/* Whether a row is on the wire at VER. */
static inline bool cf_has(uint16_t ver, uint16_t since, uint16_t until)
{
	return ver >= since && (!until || ver < until);
}

const char *slurm_ctl_conf_field_name_ver(uint16_t ver, size_t i)
{
	for (size_t r = 0; r < NROWS; r++)
		if (cf_has(ver, fields[r].since, fields[r].until) && !i--)
			return fields[r].name;
	return NULL;
}

size_t slurm_ctl_conf_nfields_ver(uint16_t ver)
{
	size_t n = 0;

	for (size_t r = 0; r < NROWS; r++)
		n += cf_has(ver, fields[r].since, fields[r].until);
	return n;
}

size_t slurm_ctl_conf_nfields(void)
{
	return slurm_ctl_conf_nfields_ver(SLURM_22_05_PROTOCOL_VERSION);
}

const char *slurm_ctl_conf_field_name(size_t i)
{
	return slurm_ctl_conf_field_name_ver(SLURM_22_05_PROTOCOL_VERSION, i);
}

void slurm_ctl_conf_init(struct slurm_ctl_conf *c)
{
	memset(c, 0, sizeof(*c));
}

void slurm_ctl_conf_free(struct slurm_ctl_conf *c)
{
#define SLURM_CF_FREE(t, n) cf_free_##t(&c->n);
#define SLURM_CF_VFREE(t, n, since, until) cf_free_##t(&c->n);
	SLURM_CTL_CONF_FIELDS(SLURM_CF_FREE, SLURM_CF_VFREE)
#undef SLURM_CF_FREE
#undef SLURM_CF_VFREE
	memset(c, 0, sizeof(*c));
}

void slurm_ctl_conf_pack(buf_t *b, const struct slurm_ctl_conf *c)
{
	uint16_t ver = slurm_ver(b);

#define SLURM_CF_PACK(t, n) cf_pack_##t(b, &c->n);
#define SLURM_CF_VPACK(t, n, since, until) \
	if (cf_has(ver, since, until)) \
		cf_pack_##t(b, &c->n);
	SLURM_CTL_CONF_FIELDS(SLURM_CF_PACK, SLURM_CF_VPACK)
#undef SLURM_CF_PACK
#undef SLURM_CF_VPACK
}

int slurm_ctl_conf_unpack(buf_t *b, struct slurm_ctl_conf *c)
{
	const char *at = NULL;
	uint16_t ver = slurm_ver(b);

	slurm_ctl_conf_init(c);
#define SLURM_CF_UNPACK(t, n) \
	if (cf_unpack_##t(b, &c->n) < 0) { at = #n; goto fail; }
#define SLURM_CF_VUNPACK(t, n, since, until) \
	if (cf_has(ver, since, until) && cf_unpack_##t(b, &c->n) < 0) { \
		at = #n; goto fail; \
	}
	SLURM_CTL_CONF_FIELDS(SLURM_CF_UNPACK, SLURM_CF_VUNPACK)
#undef SLURM_CF_UNPACK
#undef SLURM_CF_VUNPACK
	if (c->control_addr.n != c->control_machine.n) {
		err_set("%u control addresses for %u control machines",
			c->control_addr.n, c->control_machine.n);
		goto fail_end;
	}
	if (slurm_codec_end(b, "configuration") < 0)
		goto fail_end;
	return 0;
fail:
	slurm_ctl_conf_free(c);
	{
		char *why = xasprintf("field %s", at);

		slurm_codec_fail(why);
		free(why);
	}
	return slurm_codec_fail("configuration");
fail_end:
	slurm_ctl_conf_free(c);
	return -1;
}

void slurm_kv_list_add(struct slurm_kv_list *l, const char *key,
		       const char *value)
{
	l->keys = xrealloc(l->keys, (l->n + 1) * sizeof(*l->keys));
	l->values = xrealloc(l->values, (l->n + 1) * sizeof(*l->values));
	l->keys[l->n] = xstrdup(key);
	l->values[l->n] = xstrdup(value);
	l->n++;
	l->present = true;
}

int slurm_build_info_request_unpack(buf_t *b, time_t *last_update)
{
	if (unpack_time(b, last_update) < 0)
		return slurm_codec_fail("build info request");
	return slurm_codec_end(b, "build info request");
}

void slurm_build_info_request_pack(buf_t *b, time_t last_update)
{
	pack_time(b, last_update);
}
