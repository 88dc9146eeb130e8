/* test_slurm_version.c - the codecs at protocol versions other than 22.05:
 * the bytes 23.02's and 23.11's tables add and remove (expected bytes
 * built by hand from the 22.05 packing and Slurm's later layouts), round
 * trips at each version, headers of later versions, and versions or
 * messages without a table refused cleanly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/bitstr.h"
#include "core/err.h"
#include "core/pack.h"
#include "slurm/errnos.h"
#include "slurm/msg_alloc.h"
#include "slurm/msg_config.h"
#include "slurm/msg_job.h"
#include "slurm/msg_node.h"
#include "slurm/msg_part.h"
#include "slurm/msg_stats.h"
#include "slurm/msg_types.h"
#include "slurm/proto.h"
#include "slurm/slurm_defs.h"
#include "slurm/version.h"

#define V2205 SLURM_22_05_PROTOCOL_VERSION
#define V2302 SLURM_23_02_PROTOCOL_VERSION
#define V2311 SLURM_23_11_PROTOCOL_VERSION
#define V2405 SLURM_24_05_PROTOCOL_VERSION

/* Markers: values that occur once in a packed record, to find a place. */
#define MARK32 0x13572468u
#define MARK32B 0x24681357u

static buf_t *newbuf(uint16_t ver)
{
	buf_t *b = buf_new(256);

	b->proto = ver;
	return b;
}

/* Offset just after the first occurrence of NEEDLE in B. */
static size_t after(const buf_t *b, const void *needle, size_t n)
{
	for (size_t i = 0; i + n <= buf_len(b); i++)
		if (!memcmp(b->data + i, needle, n))
			return i + n;
	fail_msg("marker not found");
	return 0;
}

static size_t after_u32(const buf_t *b, uint32_t v)
{
	uint8_t be[4] = { v >> 24, v >> 16, v >> 8, v };

	return after(b, be, 4);
}

static size_t after_str(const buf_t *b, const char *s)
{
	buf_t *t = buf_new(64);
	size_t at;

	pack_str(t, s);
	at = after(b, t->data, buf_len(t));
	buf_free(t);
	return at;
}

/* Offset of the first occurrence of packed string S in B. */
static size_t at_str(const buf_t *b, const char *s)
{
	return after_str(b, s) - 4 - strlen(s) - 1;
}

/* Append bytes [FROM, TO) of SRC to DST. */
static void copy(buf_t *dst, const buf_t *src, size_t from, size_t to)
{
	pack_raw(dst, src->data + from, to - from);
}

static void assert_same(const buf_t *a, const buf_t *b)
{
	assert_int_equal(buf_len(a), buf_len(b));
	assert_memory_equal(a->data, b->data, buf_len(a));
}

/* ---- job_desc ------------------------------------------------------- */

static void job_desc_sample(struct slurm_job_desc *d)
{
	slurm_job_desc_init(d);
	d->container = strdup("CONTAINER");
	d->container_id = strdup("cid-1");
	d->max_nodes = MARK32;
	d->job_size_str = strdup("1-4");
	d->wait4switch = MARK32B;
	d->name = strdup("job");
	d->network = strdup("NETWORK");
	d->resv_port_cnt = 0x0102;
	d->segment_size = 0x0304;
}

/* 24.05 (slurm-24-05-8-1 against slurm-23-11-10-1): resv_port_cnt (u16)
 * after other_port, segment_size (u16) after the cron entry, at the
 * end. Nothing else moved. */
static void test_job_desc_24_05_bytes(void **state)
{
	struct slurm_job_desc d;
	buf_t *p23 = newbuf(V2311), *p24 = newbuf(V2405), *want = buf_new(256);
	size_t n;

	job_desc_sample(&d);
	slurm_job_desc_pack(p23, &d);
	slurm_job_desc_pack(p24, &d);
	n = at_str(p23, "NETWORK");            /* just after other_port */
	copy(want, p23, 0, n);
	pack16(want, 0x0102);
	copy(want, p23, n, buf_len(p23));
	pack16(want, 0x0304);
	assert_same(p24, want);
	slurm_job_desc_free(&d);
	buf_free(p23);
	buf_free(p24);
	buf_free(want);
}

static void test_job_desc_23_02_bytes(void **state)
{
	struct slurm_job_desc d;
	buf_t *p22 = newbuf(V2205), *p23 = newbuf(V2302), *want = buf_new(256);
	size_t c, m, w;

	job_desc_sample(&d);
	slurm_job_desc_pack(p22, &d);
	slurm_job_desc_pack(p23, &d);
	/* 23.02: container_id after container, job_size_str after
	 * max_nodes, and no select jobinfo (u32 plugin id) after
	 * wait4switch */
	c = after_str(p22, "CONTAINER");
	m = after_u32(p22, MARK32);
	w = after_u32(p22, MARK32B);
	copy(want, p22, 0, c);
	pack_str(want, "cid-1");
	copy(want, p22, c, m);
	pack_str(want, "1-4");
	copy(want, p22, m, w);
	copy(want, p22, w + 4, buf_len(p22));
	assert_same(p23, want);
	/* 22.05 has none of the 23.02 strings */
	assert_int_equal(buf_len(p22) + 10 + 8 - 4, buf_len(p23));
	slurm_job_desc_free(&d);
	buf_free(p22);
	buf_free(p23);
	buf_free(want);
}

static void job_desc_round_trip(uint16_t ver)
{
	struct slurm_job_desc d, back;
	buf_t *p = newbuf(ver), *again = newbuf(ver), v;

	job_desc_sample(&d);
	slurm_job_desc_pack(p, &d);
	buf_init_view(&v, p->data, buf_len(p));
	v.proto = ver;
	assert_int_equal(slurm_job_desc_unpack(&v, &back), 0);
	assert_string_equal(back.container, "CONTAINER");
	assert_string_equal(back.name, "job");
	assert_int_equal(back.max_nodes, MARK32);
	assert_int_equal(back.wait4switch, MARK32B);
	assert_int_equal(back.resv_port_cnt, ver >= V2405 ? 0x0102 : 0);
	assert_int_equal(back.segment_size, ver >= V2405 ? 0x0304 : 0);
	if (ver >= V2302) {
		assert_string_equal(back.container_id, "cid-1");
		assert_string_equal(back.job_size_str, "1-4");
	} else {
		assert_null(back.container_id);
		assert_null(back.job_size_str);
		assert_int_equal(back.select_plugin, d.select_plugin);
	}
	slurm_job_desc_pack(again, &back);
	assert_same(p, again);
	slurm_job_desc_free(&back);
	slurm_job_desc_free(&d);
	buf_free(p);
	buf_free(again);
}

static void test_job_desc_round_trips(void **state)
{
	job_desc_round_trip(V2205);
	job_desc_round_trip(V2302);
	job_desc_round_trip(V2311);
	job_desc_round_trip(V2405);
}

/* A 23.02 body read as 22.05 (or the other way) is refused, not
 * misread; so is every truncation. */
static void test_job_desc_wrong_version_refused(void **state)
{
	struct slurm_job_desc d, back;
	buf_t *p23 = newbuf(V2302), v;

	job_desc_sample(&d);
	slurm_job_desc_pack(p23, &d);
	buf_init_view(&v, p23->data, buf_len(p23));
	assert_int_equal(slurm_job_desc_unpack(&v, &back), -1);
	for (size_t n = 0; n < buf_len(p23); n += 7) {
		buf_init_view(&v, p23->data, n);
		v.proto = V2302;
		assert_int_equal(slurm_job_desc_unpack(&v, &back), -1);
	}
	slurm_job_desc_free(&d);
	buf_free(p23);
}

/* ---- job record ----------------------------------------------------- */

static void job_info_sample(struct slurm_job_info *j)
{
	slurm_job_info_init(j);
	j->container = strdup("CONTAINER");
	j->container_id = strdup("cid-2");
	j->delay_boot = MARK32;
	j->failed_node = strdup("n3");
	j->job_state = MARK32B;
	j->batch_flag = 1;
	j->state_reason = 0x0abc;
	j->comment = strdup("COMMENT");
	j->extra = strdup("x=1");
	j->alloc_node = strdup("ALLOCNODE");
	j->max_nodes = 0x0badcafe;
	j->job_size = bit_alloc(8);
	bit_set(j->job_size, 2);
	j->priority = 0x0badf00d;
	j->priority_array_parts = strdup("p1,p2");
	j->resv_name = strdup("RESV");
	j->resv_ports = strdup("5000-5001");
}

/* 24.05: after priority, the per-partition priority array (u32 count
 * and u32s; FLURM sends it empty) and its partition names (str); after
 * resv_name, resv_ports (str). */
static void test_job_info_24_05_bytes(void **state)
{
	struct slurm_job_info j;
	buf_t *p23 = newbuf(V2311), *p24 = newbuf(V2405), *want = buf_new(512);
	size_t pr, rn;

	job_info_sample(&j);
	slurm_job_info_pack(p23, &j);
	slurm_job_info_pack(p24, &j);
	pr = after_u32(p23, 0x0badf00d);
	rn = after_str(p23, "RESV");
	copy(want, p23, 0, pr);
	pack32(want, 0);
	pack_str(want, "p1,p2");
	copy(want, p23, pr, rn);
	pack_str(want, "5000-5001");
	copy(want, p23, rn, buf_len(p23));
	assert_same(p24, want);
	slurm_job_info_free(&j);
	buf_free(p23);
	buf_free(p24);
	buf_free(want);
}

/* A 24.05 record with priorities in its array (as slurmctld sends for a
 * multi-partition job) is read, the array skipped; a count larger than
 * the record is refused, not read past. */
static void test_job_info_24_05_priority_array(void **state)
{
	struct slurm_job_info j, back;
	buf_t *p24 = newbuf(V2405), *with = newbuf(V2405), v;
	size_t pr;

	job_info_sample(&j);
	slurm_job_info_pack(p24, &j);
	pr = after_u32(p24, 0x0badf00d);
	copy(with, p24, 0, pr);
	pack32(with, 2);
	pack32(with, 100);
	pack32(with, 200);
	copy(with, p24, pr + 4, buf_len(p24));
	buf_init_view(&v, with->data, buf_len(with));
	v.proto = V2405;
	assert_int_equal(slurm_job_info_unpack_one(&v, &back), 0);
	assert_int_equal(buf_remaining(&v), 0);
	assert_int_equal(back.priority_array_cnt, 2);
	assert_string_equal(back.priority_array_parts, "p1,p2");
	assert_string_equal(back.resv_ports, "5000-5001");
	assert_string_equal(back.comment, "COMMENT");
	slurm_job_info_free(&back);

	buf_put_u32_at(with, pr, 0x40000000);
	buf_init_view(&v, with->data, buf_len(with));
	v.proto = V2405;
	assert_int_equal(slurm_job_info_unpack_one(&v, &back), -1);
	assert_non_null(strstr(err_msg(), "priority_array_cnt"));
	assert_non_null(strstr(err_msg(), "24.05"));
	slurm_job_info_free(&back);
	slurm_job_info_free(&j);
	buf_free(p24);
	buf_free(with);
}

static void test_job_info_23_02_bytes(void **state)
{
	struct slurm_job_info j;
	buf_t *p22 = newbuf(V2205), *p23 = newbuf(V2302), *want = buf_new(512);
	buf_t *bits = buf_new(32);
	size_t c, d, s, cm, an, mn;

	job_info_sample(&j);
	slurm_job_info_pack(p22, &j);
	slurm_job_info_pack(p23, &j);
	c = after_str(p22, "CONTAINER");       /* the first of two */
	d = after_u32(p22, MARK32);            /* delay_boot */
	s = after_u32(p22, MARK32B) + 2;       /* job_state, batch_flag */
	cm = after_str(p22, "COMMENT");
	an = after_str(p22, "ALLOCNODE") + 4;  /* node_inx: none */
	mn = after_u32(p22, 0x0badcafe);
	copy(want, p22, 0, c);
	pack_str(want, "cid-2");
	copy(want, p22, c, d);
	pack_str(want, "n3");
	copy(want, p22, d, s);
	pack32(want, 0x0abc);                  /* state_reason, now u32 */
	copy(want, p22, s + 2, cm);
	pack_str(want, "x=1");
	copy(want, p22, cm, an);
	copy(want, p22, an + 4, mn);           /* no select jobinfo */
	pack_bitstr(bits, j.job_size);
	pack_raw(want, bits->data, buf_len(bits));
	copy(want, p22, mn, buf_len(p22));
	assert_same(p23, want);
	/* the bitmap as Slurm's pack_bit_str_hex: bit count, hex string */
	assert_memory_equal(bits->data, "\x00\x00\x00\x08\x00\x00\x00\x05" "0x04",
			    12);
	slurm_job_info_free(&j);
	buf_free(p22);
	buf_free(p23);
	buf_free(want);
	buf_free(bits);
}

static void job_info_round_trip(uint16_t ver)
{
	struct slurm_job_info j, back;
	buf_t *p = newbuf(ver), *again = newbuf(ver), v;

	job_info_sample(&j);
	slurm_job_info_pack(p, &j);
	buf_init_view(&v, p->data, buf_len(p));
	v.proto = ver;
	assert_int_equal(slurm_job_info_unpack_one(&v, &back), 0);
	assert_int_equal(buf_remaining(&v), 0);
	assert_int_equal(back.state_reason, 0x0abc);
	assert_string_equal(back.comment, "COMMENT");
	if (ver >= V2405) {
		assert_string_equal(back.priority_array_parts, "p1,p2");
		assert_string_equal(back.resv_ports, "5000-5001");
	} else {
		assert_null(back.priority_array_parts);
		assert_null(back.resv_ports);
	}
	if (ver >= V2302) {
		assert_string_equal(back.container_id, "cid-2");
		assert_string_equal(back.failed_node, "n3");
		assert_string_equal(back.extra, "x=1");
		assert_non_null(back.job_size);
		assert_true(bit_test(back.job_size, 2));
		back.select_plugin = j.select_plugin;
	} else {
		assert_null(back.container_id);
		assert_null(back.failed_node);
		assert_null(back.extra);
		assert_null(back.job_size);
	}
	slurm_job_info_pack(again, &back);
	assert_same(p, again);
	slurm_job_info_free(&back);
	slurm_job_info_free(&j);
	buf_free(p);
	buf_free(again);
}

static void test_job_info_round_trips(void **state)
{
	job_info_round_trip(V2205);
	job_info_round_trip(V2302);
	job_info_round_trip(V2311);
	job_info_round_trip(V2405);
}

/* 23.11 changed neither record. */
static void test_job_23_11_as_23_02(void **state)
{
	struct slurm_job_desc d;
	struct slurm_job_info j;
	buf_t *a = newbuf(V2302), *b = newbuf(V2311);

	job_desc_sample(&d);
	slurm_job_desc_pack(a, &d);
	slurm_job_desc_pack(b, &d);
	assert_same(a, b);
	job_info_sample(&j);
	a->off = b->off = 0;
	slurm_job_info_pack(a, &j);
	slurm_job_info_pack(b, &j);
	assert_same(a, b);
	slurm_job_desc_free(&d);
	slurm_job_info_free(&j);
	buf_free(a);
	buf_free(b);
}

/* 23.02's u32 state_reason: a value FLURM's u16 cannot hold is refused. */
static void test_job_info_wide_reason_refused(void **state)
{
	struct slurm_job_info j, back;
	buf_t *p = newbuf(V2302), v;
	size_t s;

	job_info_sample(&j);
	slurm_job_info_pack(p, &j);
	s = after_u32(p, MARK32B) + 2;
	buf_put_u32_at(p, s, 0x10000);
	buf_init_view(&v, p->data, buf_len(p));
	v.proto = V2302;
	assert_int_equal(slurm_job_info_unpack_one(&v, &back), -1);
	assert_non_null(strstr(err_msg(), "state_reason"));
	slurm_job_info_free(&back);
	slurm_job_info_free(&j);
	buf_free(p);
}

/* ---- node and partition records ------------------------------------- */

static void test_node_23_02_bytes(void **state)
{
	struct slurm_node_info n, back;
	buf_t *p22 = newbuf(V2205), *p23 = newbuf(V2302), *want = buf_new(512);
	buf_t *again = newbuf(V2302), v;
	size_t r;

	slurm_node_info_init(&n);
	n.name = strdup("n1");
	n.reason_time = (time_t)0x6b070b02;
	n.resume_after = (time_t)0x6b070c00;
	n.resv_name = strdup("maint");
	slurm_node_info_pack(p22, &n);
	slurm_node_info_pack(p23, &n);
	/* reason_time is the third time after boot_time, last_busy */
	r = after_u32(p22, 0x6b070b02);
	copy(want, p22, 0, r);
	pack_time(want, (time_t)0x6b070c00);
	copy(want, p22, r, buf_len(p22));
	pack_str(want, "maint");
	assert_same(p23, want);

	buf_init_view(&v, p23->data, buf_len(p23));
	v.proto = V2302;
	assert_int_equal(slurm_node_info_unpack_one(&v, &back), 0);
	assert_int_equal(buf_remaining(&v), 0);
	assert_int_equal(back.resume_after, (time_t)0x6b070c00);
	assert_string_equal(back.resv_name, "maint");
	slurm_node_info_pack(again, &back);
	assert_same(p23, again);
	slurm_node_info_free(&back);
	slurm_node_info_free(&n);
	buf_free(p22);
	buf_free(p23);
	buf_free(want);
	buf_free(again);
}

/* 23.11: instance_id and instance_type after extra, on top of 23.02. */
static void test_node_23_11_bytes(void **state)
{
	struct slurm_node_info n, back;
	buf_t *p23 = newbuf(V2302), *p2311 = newbuf(V2311), *want = buf_new(512);
	buf_t *again = newbuf(V2311), v;
	size_t e;

	slurm_node_info_init(&n);
	n.name = strdup("n1");
	n.extra = strdup("EXTRA");
	n.instance_id = strdup("i-123");
	n.instance_type = strdup("m5.large");
	n.resv_name = strdup("maint");
	slurm_node_info_pack(p23, &n);
	slurm_node_info_pack(p2311, &n);
	e = after_str(p23, "EXTRA");
	copy(want, p23, 0, e);
	pack_str(want, "i-123");
	pack_str(want, "m5.large");
	copy(want, p23, e, buf_len(p23));
	assert_same(p2311, want);

	buf_init_view(&v, p2311->data, buf_len(p2311));
	v.proto = V2311;
	assert_int_equal(slurm_node_info_unpack_one(&v, &back), 0);
	assert_int_equal(buf_remaining(&v), 0);
	assert_string_equal(back.instance_id, "i-123");
	assert_string_equal(back.instance_type, "m5.large");
	assert_string_equal(back.resv_name, "maint");
	slurm_node_info_pack(again, &back);
	assert_same(p2311, again);
	slurm_node_info_free(&back);
	slurm_node_info_free(&n);
	buf_free(p23);
	buf_free(p2311);
	buf_free(want);
	buf_free(again);
}

/* 24.05, from 23.11: gpu_spec (str) after tmp_disk, res_cores_per_gpu
 * (u16) after weight, and the five fields after the energy data (former
 * ext_sensors u64, u32, time, u32; former power cap u32) gone. */
static void test_node_24_05_bytes(void **state)
{
	struct slurm_node_info n, back;
	buf_t *p2311 = newbuf(V2311), *p2405 = newbuf(V2405);
	buf_t *want = buf_new(512), *again = newbuf(V2405), v;
	size_t t, w, e;

	slurm_node_info_init(&n);
	n.name = strdup("n1");
	n.tmp_disk = MARK32;
	n.weight = MARK32B;
	n.gpu_spec = strdup("GPUSPEC");
	n.res_cores_per_gpu = 0x1234;
	n.energy_poll_time = (time_t)0x6b070b07;
	n.ext_consumed_energy = 0x1122334455667788ull;
	n.resv_name = strdup("maint");
	n.tres_fmt_str = strdup("cpu=4");
	slurm_node_info_pack(p2311, &n);
	slurm_node_info_pack(p2405, &n);
	t = after_u32(p2311, MARK32);
	w = after_u32(p2311, MARK32B);
	e = after_u32(p2311, 0x6b070b07);     /* energy_poll_time, low half */
	copy(want, p2311, 0, t);
	pack_str(want, "GPUSPEC");
	copy(want, p2311, t, w);
	pack16(want, 0x1234);
	copy(want, p2311, w, e);
	/* 23.11 has 8 + 4 + 8 + 4 + 4 bytes here; 24.05 goes on with
	 * tres_fmt_str */
	assert_memory_equal(p2311->data + e, "\x11\x22\x33\x44\x55\x66\x77\x88",
			    8);
	assert_int_equal(at_str(p2311, "cpu=4"), e + 28);
	copy(want, p2311, e + 28, buf_len(p2311));
	assert_same(p2405, want);

	buf_init_view(&v, p2405->data, buf_len(p2405));
	v.proto = V2405;
	assert_int_equal(slurm_node_info_unpack_one(&v, &back), 0);
	assert_int_equal(buf_remaining(&v), 0);
	assert_string_equal(back.gpu_spec, "GPUSPEC");
	assert_int_equal(back.res_cores_per_gpu, 0x1234);
	assert_int_equal(back.weight, MARK32B);
	assert_int_equal(back.reason_uid, NO_VAL);
	assert_string_equal(back.tres_fmt_str, "cpu=4");
	assert_string_equal(back.resv_name, "maint");
	slurm_node_info_pack(again, &back);
	assert_same(p2405, again);
	slurm_node_info_free(&back);

	/* a 24.05 record cut inside gpu_spec fails, naming the field */
	buf_init_view(&v, p2405->data, t + 6);
	v.proto = V2405;
	assert_int_equal(slurm_node_info_unpack_one(&v, &back), -1);
	assert_non_null(strstr(err_msg(), "gpu_spec (Slurm 24.05)"));

	/* 22.05 is unchanged by the 24.05 rows: 23.11 less resume_after
	 * (time), instance_id, instance_type (NULL str) and resv_name
	 * ("maint"); ext_sensors and power still there, no gpu_spec */
	{
		buf_t *p22 = newbuf(V2205);

		slurm_node_info_pack(p22, &n);
		assert_int_equal(buf_len(p22),
				 buf_len(p2311) - 8 - 4 - 4 - (4 + 6));
		assert_memory_equal(p22->data + buf_len(p22) - 28 - 10,
				    "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
		buf_free(p22);
	}
	slurm_node_info_free(&n);
	buf_free(p2311);
	buf_free(p2405);
	buf_free(want);
	buf_free(again);
}

/* 24.05 partition flags are a u32 in place of the u16. */
static void test_part_24_05_bytes(void **state)
{
	struct slurm_part_info p, back;
	buf_t *p2311 = newbuf(V2311), *p2405 = newbuf(V2405);
	buf_t *want = buf_new(512), *again = newbuf(V2405), *bad, v;
	size_t m;

	slurm_part_info_init(&p);
	p.name = strdup("debug");
	p.max_mem_per_cpu = 0x0102030405060708ull;
	p.flags = PART_FLAG_DEFAULT | 0x8000;
	slurm_part_info_pack(p2311, &p);
	slurm_part_info_pack(p2405, &p);
	m = after(p2311, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	copy(want, p2311, 0, m);
	pack32(want, PART_FLAG_DEFAULT | 0x8000);
	copy(want, p2311, m + 2, buf_len(p2311));
	assert_same(p2405, want);

	buf_init_view(&v, p2405->data, buf_len(p2405));
	v.proto = V2405;
	assert_int_equal(slurm_part_info_unpack_one(&v, &back), 0);
	assert_int_equal(buf_remaining(&v), 0);
	assert_int_equal(back.flags, PART_FLAG_DEFAULT | 0x8000);
	assert_int_equal(back.max_cpus_per_socket, INFINITE);
	assert_string_equal(back.name, "debug");
	slurm_part_info_pack(again, &back);
	assert_same(p2405, again);
	slurm_part_info_free(&back);

	/* a flag FLURM cannot hold is refused, not cut */
	bad = buf_new(512);
	copy(bad, p2405, 0, m);
	pack32(bad, 0x10000 | PART_FLAG_DEFAULT);
	copy(bad, p2405, m + 4, buf_len(p2405));
	buf_init_view(&v, bad->data, buf_len(bad));
	v.proto = V2405;
	assert_int_equal(slurm_part_info_unpack_one(&v, &back), -1);
	assert_non_null(strstr(err_msg(), "flags (Slurm 24.05)"));
	buf_free(bad);
	slurm_part_info_free(&p);
	buf_free(p2311);
	buf_free(p2405);
	buf_free(want);
	buf_free(again);
}

static void test_part_23_02_bytes(void **state)
{
	struct slurm_part_info p, back;
	buf_t *p22 = newbuf(V2205), *p23 = newbuf(V2302), *want = buf_new(512);
	buf_t *again = newbuf(V2302), v;
	size_t m;

	slurm_part_info_init(&p);
	p.name = strdup("debug");
	p.max_cpus_per_node = MARK32;
	slurm_part_info_pack(p22, &p);
	slurm_part_info_pack(p23, &p);
	m = after_u32(p22, MARK32);
	copy(want, p22, 0, m);
	pack32(want, INFINITE);                /* max_cpus_per_socket */
	copy(want, p22, m, buf_len(p22));
	assert_same(p23, want);

	buf_init_view(&v, p23->data, buf_len(p23));
	v.proto = V2302;
	assert_int_equal(slurm_part_info_unpack_one(&v, &back), 0);
	assert_int_equal(buf_remaining(&v), 0);
	assert_int_equal(back.max_cpus_per_socket, INFINITE);
	slurm_part_info_pack(again, &back);
	assert_same(p23, again);
	slurm_part_info_free(&back);
	slurm_part_info_free(&p);
	buf_free(p22);
	buf_free(p23);
	buf_free(want);
	buf_free(again);
}

/* ---- configuration (scontrol show config) --------------------------- */

/* An edit of a packed body: at offset AT, drop CUT bytes, put INS. */
struct edit {
	size_t at, cut;
	buf_t *ins;
};

/* SRC with edits E (in increasing offset order) applied; frees the
 * inserts. */
static buf_t *edited(const buf_t *src, struct edit *e, size_t n)
{
	buf_t *out = buf_new(4096);
	size_t from = 0;

	for (size_t i = 0; i < n; i++) {
		assert_true(e[i].at >= from);
		copy(out, src, from, e[i].at);
		if (e[i].ins) {
			copy(out, e[i].ins, 0, buf_len(e[i].ins));
			buf_free(e[i].ins);
		}
		from = e[i].at + e[i].cut;
	}
	copy(out, src, from, buf_len(src));
	return out;
}

static buf_t *ins_str(const char *s)
{
	buf_t *b = buf_new(32);

	pack_str(b, s);
	return b;
}

static buf_t *ins_u32(uint32_t v)
{
	buf_t *b = buf_new(8);

	pack32(b, v);
	return b;
}

/* a string as 24.05 sends Epilog= and the like: an array of it */
static buf_t *ins_str_arr(const char *s)
{
	buf_t *b = buf_new(32);

	pack32(b, 1);
	pack_str(b, s);
	return b;
}

static size_t str_len(const char *s)
{
	return 4 + strlen(s) + 1;
}

static void conf_sample(struct slurm_ctl_conf *c)
{
	slurm_ctl_conf_init(c);
	c->launch_params = strdup("LPARAMS");
	c->launch_type = strdup("LTYPE");
	c->max_array_sz = MARK32;
	c->max_batch_requeue = MARK32B;
	c->preempt_params = strdup("PPARAMS");
	c->preempt_type = strdup("PTYPE");
	c->slurmctld_plugstack = strdup("SPLUG");
	c->slurmctld_plugstack_conf.present = true;
	c->slurmctld_plugstack_conf.n = 1;
	c->slurmctld_plugstack_conf.names = calloc(1, sizeof(char *));
	c->slurmctld_plugstack_conf.names[0] = strdup("SPCONF");
	c->slurmctld_plugstack_conf.params =
		calloc(1, sizeof(struct slurm_kv_list));
	c->suspend_exc_states = strdup("SXSTATES");
	c->suspend_program = strdup("SUSPROG");
	c->job_credential_private_key = strdup("JCPK");
	c->job_credential_public_certificate = strdup("JCPC");
	c->route_plugin = strdup("ROUTE");
	c->core_spec_plugin = strdup("CSPLUG");
	c->epilog = strdup("EPI");
	c->epilog_slurmctld = strdup("EPISC");
	c->prolog = strdup("PRO");
	c->prolog_slurmctld = strdup("PROSC");
	slurm_kv_list_add(&c->ext_sensors_conf, "EXK", "EXV");
	c->ext_sensors_type = strdup("EXTYPE");
	c->ext_sensors_freq = 0x5a5a;
	c->gpu_freq_def = strdup("GPUFREQ");
	c->hash_plugin = strdup("hash/k12");
	c->power_parameters = strdup("PWPARAMS");
	c->power_plugin = strdup("PWPLUG");
	c->tls_type = strdup("tls/none");
	c->tmp_fs = strdup("TMPFS");
}

static buf_t *conf_packed(const struct slurm_ctl_conf *c, uint16_t ver)
{
	buf_t *b = newbuf(ver);

	slurm_ctl_conf_pack(b, c);
	return b;
}

/* Decode BYTES at VER as the client would, and pack it again: the same
 * bytes, nothing left over. */
static void conf_round_trip(const buf_t *bytes, uint16_t ver,
			    struct slurm_ctl_conf *back)
{
	buf_t v, *again = newbuf(ver);

	buf_init_view(&v, bytes->data, buf_len(bytes));
	v.proto = ver;
	if (slurm_ctl_conf_unpack(&v, back) < 0)
		fail_msg("%s", err_msg());
	slurm_ctl_conf_pack(again, back);
	assert_same(bytes, again);
	buf_free(again);
}

/* 23.02 from 22.05: launch_type, slurmctld_plugstack and its conf list
 * gone; max_batch_requeue (u32) after max_array_sz, preempt_params (str)
 * after preempt_mode, suspend_exc_states (str) after suspend_exc_parts */
static void test_conf_23_02_bytes(void **state)
{
	struct slurm_ctl_conf c, back;
	buf_t *p22, *p23, *want;

	conf_sample(&c);
	p22 = conf_packed(&c, V2205);
	p23 = conf_packed(&c, V2302);
	{
		struct edit e[] = {
			{ at_str(p22, "LTYPE"), str_len("LTYPE"), NULL },
			{ after_u32(p22, MARK32), 0, ins_u32(MARK32B) },
			{ at_str(p22, "PTYPE"), 0, ins_str("PPARAMS") },
			/* the plugstack, then its list: one entry, no
			 * parameters (NO_VAL) */
			{ at_str(p22, "SPLUG"),
			  str_len("SPLUG") + 4 + str_len("SPCONF") + 4, NULL },
			{ at_str(p22, "SUSPROG"), 0, ins_str("SXSTATES") },
		};

		want = edited(p22, e, SLURM_VF_N(e));
	}
	assert_same(p23, want);
	conf_round_trip(p23, V2302, &back);
	assert_int_equal(back.max_batch_requeue, MARK32B);
	assert_string_equal(back.preempt_params, "PPARAMS");
	assert_string_equal(back.suspend_exc_states, "SXSTATES");
	assert_null(back.launch_type);
	assert_null(back.slurmctld_plugstack);
	slurm_ctl_conf_free(&back);
	/* and 22.05 still reads as before: none of 23.02's keys */
	conf_round_trip(p22, V2205, &back);
	assert_string_equal(back.launch_type, "LTYPE");
	assert_null(back.preempt_params);
	assert_int_equal(back.max_batch_requeue, 0);
	slurm_ctl_conf_free(&back);
	slurm_ctl_conf_free(&c);
	buf_free(p22);
	buf_free(p23);
	buf_free(want);
}

/* 23.11 from 23.02: the job credential key and certificate and
 * route_plugin gone. 24.05 from 23.11: core_spec_plugin, the ext_sensors
 * list, type and frequency, power_parameters and power_plugin gone;
 * hash_plugin (str) before hash_val, tls_type (str) after tcp_timeout;
 * epilog, epilog_slurmctld, prolog, prolog_slurmctld string arrays. */
static void test_conf_23_11_24_05_bytes(void **state)
{
	struct slurm_ctl_conf c, back;
	buf_t *p23, *p2311, *p2405, *want, v;
	size_t hv;

	conf_sample(&c);
	c.hash_val = 0x0a0b0c0d;
	c.tcp_timeout = 0x0e0f;
	p23 = conf_packed(&c, V2302);
	p2311 = conf_packed(&c, V2311);
	p2405 = conf_packed(&c, V2405);
	{
		struct edit e[] = {
			{ at_str(p23, "JCPK"), str_len("JCPK") + str_len("JCPC"),
			  NULL },
			{ at_str(p23, "ROUTE"), str_len("ROUTE"), NULL },
		};

		want = edited(p23, e, SLURM_VF_N(e));
	}
	assert_same(p2311, want);
	buf_free(want);
	conf_round_trip(p2311, V2311, &back);
	assert_null(back.route_plugin);
	assert_null(back.job_credential_private_key);
	assert_string_equal(back.suspend_exc_states, "SXSTATES");
	slurm_ctl_conf_free(&back);

	hv = after_u32(p2311, 0x0a0b0c0d) - 4;
	{
		struct edit e[] = {
			{ at_str(p2311, "CSPLUG"), str_len("CSPLUG"), NULL },
			{ at_str(p2311, "EPI"), str_len("EPI"),
			  ins_str_arr("EPI") },
			{ at_str(p2311, "EPISC"), str_len("EPISC"),
			  ins_str_arr("EPISC") },
			/* the list (one pair), the type, the u16 frequency */
			{ at_str(p2311, "EXK") - 4,
			  4 + str_len("EXK") + str_len("EXV") +
			  str_len("EXTYPE") + 2, NULL },
			{ hv, 0, ins_str("hash/k12") },
			{ at_str(p2311, "PWPARAMS"),
			  str_len("PWPARAMS") + str_len("PWPLUG"), NULL },
			{ at_str(p2311, "PRO"), str_len("PRO"),
			  ins_str_arr("PRO") },
			{ at_str(p2311, "PROSC"), str_len("PROSC"),
			  ins_str_arr("PROSC") },
			{ at_str(p2311, "TMPFS"), 0, ins_str("tls/none") },
		};

		want = edited(p2311, e, SLURM_VF_N(e));
	}
	assert_same(p2405, want);
	buf_free(want);
	conf_round_trip(p2405, V2405, &back);
	assert_string_equal(back.epilog, "EPI");
	assert_string_equal(back.prolog_slurmctld, "PROSC");
	assert_string_equal(back.hash_plugin, "hash/k12");
	assert_string_equal(back.tls_type, "tls/none");
	assert_int_equal(back.tcp_timeout, 0x0e0f);
	assert_null(back.core_spec_plugin);
	assert_null(back.power_plugin);
	assert_false(back.ext_sensors_conf.present);
	slurm_ctl_conf_free(&back);

	/* no epilog: an empty array, read back as none */
	free(c.epilog);
	c.epilog = NULL;
	buf_free(p2405);
	p2405 = conf_packed(&c, V2405);
	conf_round_trip(p2405, V2405, &back);
	assert_null(back.epilog);
	slurm_ctl_conf_free(&back);

	/* two epilogs (24.05 allows Epilog= twice): FLURM holds one, so
	 * such a body is refused, naming the field */
	{
		size_t at = at_str(p2405, "PRO") - 4;  /* its count */
		buf_t *two = buf_new(4096);

		copy(two, p2405, 0, at);
		pack32(two, 2);
		pack_str(two, "PRO");
		pack_str(two, "PRO2");
		copy(two, p2405, at + 4 + str_len("PRO"), buf_len(p2405));
		buf_init_view(&v, two->data, buf_len(two));
		v.proto = V2405;
		assert_int_equal(slurm_ctl_conf_unpack(&v, &back), -1);
		assert_non_null(strstr(err_msg(), "prolog"));
		buf_free(two);
	}

	/* the field counts of each version's slurm_ctl_conf_info_msg_t */
	assert_int_equal(slurm_ctl_conf_nfields_ver(V2205), 215);
	assert_int_equal(slurm_ctl_conf_nfields_ver(V2302), 215);
	assert_int_equal(slurm_ctl_conf_nfields_ver(V2311), 212);
	assert_int_equal(slurm_ctl_conf_nfields_ver(V2405), 208);
	assert_string_equal(slurm_ctl_conf_field_name_ver(V2405, 207),
			    "x11_params");
	assert_null(slurm_ctl_conf_field_name_ver(V2405, 208));
	slurm_ctl_conf_free(&c);
	buf_free(p23);
	buf_free(p2311);
	buf_free(p2405);
}

/* ---- statistics (sdiag) --------------------------------------------- */

/* 23.02 as 22.05; 23.11 adds the scheduling and backfill exit counts
 * (u32 arrays, sent empty) after schedule_cycle_depth and
 * bf_backfilled_het_jobs; 24.05 adds rpc_queue_enabled (u8, 0) after the
 * RPC times by type. */
static void test_stats_bytes(void **state)
{
	uint16_t id[1] = { 0x0fed };
	uint32_t cnt[1] = { 7 };
	uint64_t t[1] = { 0x1122334455667788ull };
	struct slurm_stats s = { 0 }, back;
	buf_t *p22 = newbuf(V2205), *p23 = newbuf(V2302);
	buf_t *p2311 = newbuf(V2311), *p2405 = newbuf(V2405), *want, v;

	s.parts_packed = 1;
	s.schedule_cycle_depth = MARK32;
	s.bf_backfilled_het_jobs = MARK32B;
	s.rpc_type_size = 1;
	s.rpc_type_id = id;
	s.rpc_type_cnt = cnt;
	s.rpc_type_time = t;
	slurm_stats_pack(p22, &s);
	slurm_stats_pack(p23, &s);
	slurm_stats_pack(p2311, &s);
	slurm_stats_pack(p2405, &s);
	assert_same(p22, p23);
	{
		struct edit e[] = {
			{ after_u32(p22, MARK32), 0, ins_u32(0) },
			{ after_u32(p22, MARK32B), 0, ins_u32(0) },
		};

		want = edited(p22, e, SLURM_VF_N(e));
	}
	assert_same(p2311, want);
	buf_free(want);
	{
		buf_t *zero = buf_new(1);
		struct edit e[] = {
			{ after(p2311, "\x11\x22\x33\x44\x55\x66\x77\x88", 8),
			  0, zero },
		};

		pack8(zero, 0);
		want = edited(p2311, e, SLURM_VF_N(e));
	}
	assert_same(p2405, want);
	buf_free(want);

	/* sdiag 23.11 reads exit counts it is sent; FLURM skips them */
	want = buf_new(512);
	copy(want, p2311, 0, after_u32(p2311, MARK32));
	pack32(want, 2);
	pack32(want, 5);
	pack32(want, 6);
	copy(want, p2311, after_u32(p2311, MARK32) + 4, buf_len(p2311));
	buf_init_view(&v, want->data, buf_len(want));
	v.proto = V2311;
	if (slurm_stats_unpack(&v, &back) < 0)
		fail_msg("%s", err_msg());
	assert_int_equal(back.schedule_exit_cnt, 2);
	assert_int_equal(back.bf_backfilled_het_jobs, MARK32B);
	assert_int_equal(back.rpc_type_time[0], 0x1122334455667788ull);
	slurm_stats_free(&back);
	buf_free(want);

	buf_init_view(&v, p2405->data, buf_len(p2405));
	v.proto = V2405;
	if (slurm_stats_unpack(&v, &back) < 0)
		fail_msg("%s", err_msg());
	assert_int_equal(back.rpc_type_id[0], 0x0fed);
	assert_int_equal(back.rpc_queue_enabled, 0);
	slurm_stats_free(&back);

	/* an RPC queue's figures are not read: refused, not misread */
	p2405->data[after(p2405, "\x11\x22\x33\x44\x55\x66\x77\x88", 8)] = 1;
	buf_init_view(&v, p2405->data, buf_len(p2405));
	v.proto = V2405;
	assert_int_equal(slurm_stats_unpack(&v, &back), -1);
	buf_free(p22);
	buf_free(p23);
	buf_free(p2311);
	buf_free(p2405);
}

/* ---- allocation reply (salloc) -------------------------------------- */

/* 23.02 (and 23.11, the same): gid (u32) and group_name (str) after
 * error_code; in place of the select jobinfo (u32 plugin id) after
 * resv_name, tres_per_node (str), uid (u32) and user_name (str). */
static void test_alloc_response_23_02_bytes(void **state)
{
	struct slurm_alloc_response r, back;
	buf_t *p22 = newbuf(V2205), *p23 = newbuf(V2302), *want, v;
	uint16_t cpus[1] = { 4 };
	uint32_t reps[1] = { 1 };

	slurm_alloc_response_init(&r);
	r.error_code = MARK32;
	r.job_id = 42;
	r.node_cnt = 1;
	r.node_list = "n1";
	r.num_cpu_groups = 1;
	r.cpus_per_node = cpus;
	r.cpu_count_reps = reps;
	r.partition = "debug";
	r.resv_name = "RESV";
	r.uid = 1000;
	r.gid = 1001;
	r.user_name = "alice";
	r.group_name = "staff";
	slurm_alloc_response_pack(p22, &r);
	slurm_alloc_response_pack(p23, &r);
	{
		buf_t *owner = buf_new(32), *grp = buf_new(32);
		struct edit e[] = {
			{ after_u32(p22, MARK32), 0, grp },
			/* the select plugin id (linear) */
			{ after_str(p22, "RESV"), 4, owner },
		};

		pack32(grp, 1001);
		pack_str(grp, "staff");
		assert_int_equal(p22->data[after_str(p22, "RESV") + 3],
				 SELECT_PLUGIN_LINEAR);
		pack_str(owner, NULL);          /* tres_per_node */
		pack32(owner, 1000);
		pack_str(owner, "alice");
		want = edited(p22, e, SLURM_VF_N(e));
	}
	assert_same(p23, want);
	buf_free(want);

	for (uint16_t ver = V2302; ver <= V2311; ver += 0x100) {
		buf_t *again = newbuf(ver), *p = newbuf(ver);

		slurm_alloc_response_pack(p, &r);
		assert_same(p, p23);
		buf_init_view(&v, p->data, buf_len(p));
		v.proto = ver;
		if (slurm_alloc_response_unpack(&v, &back) < 0)
			fail_msg("%s", err_msg());
		assert_int_equal(back.job_id, 42);
		assert_int_equal(back.uid, 1000);
		assert_int_equal(back.gid, 1001);
		assert_string_equal(back.user_name, "alice");
		assert_string_equal(back.group_name, "staff");
		assert_null(back.tres_per_node);
		assert_string_equal(back.node_list, "n1");
		slurm_alloc_response_pack(again, &back);
		assert_same(p, again);
		slurm_alloc_response_free(&back);
		buf_free(again);
		buf_free(p);
	}
	/* 22.05 reads as before: no owner */
	buf_init_view(&v, p22->data, buf_len(p22));
	v.proto = V2205;
	assert_int_equal(slurm_alloc_response_unpack(&v, &back), 0);
	assert_null(back.user_name);
	assert_int_equal(back.select_plugin, SELECT_PLUGIN_LINEAR);
	slurm_alloc_response_free(&back);
	buf_free(p22);
	buf_free(p23);
}

/* ---- node count lists (23.02 job_size_str) --------------------------- */

static bool sizes_ok(const char *str, uint32_t min, uint32_t max)
{
	struct slurm_job_desc d;

	slurm_job_desc_init(&d);
	d.job_size_str = (char *)str;
	d.min_nodes = min;
	d.max_nodes = max;
	return slurm_job_desc_size_is_range(&d);
}

/* sbatch 23.02 -N 1,3 sends job_size_str "1,3" with min 1 and max 3;
 * FLURM must not take that for the range 1-3. */
static void test_job_size_str(void **state)
{
	assert_true(sizes_ok(NULL, 1, NO_VAL));
	assert_true(sizes_ok("", 2, 4));
	assert_true(sizes_ok("2", 2, 2));
	assert_true(sizes_ok("2", 2, NO_VAL));
	assert_true(sizes_ok("1-3", 1, 3));     /* -N 1,2,3 */
	assert_false(sizes_ok("1,3", 1, 3));
	assert_non_null(strstr(err_msg(), "node count list 1,3"));
	assert_false(sizes_ok("1-2,5", 1, 5));
	assert_false(sizes_ok("1-3", 1, 4));    /* disagrees with the range */
	assert_non_null(strstr(err_msg(), "do not match 1-4"));
	assert_false(sizes_ok("1:3", 1, 3));
	assert_false(sizes_ok("-3", 1, 3));
	assert_false(sizes_ok("1-", 1, 3));
	assert_false(sizes_ok("x", 1, 3));
	assert_false(sizes_ok("99999999999999999999", 1, 3));
}

/* ---- job array reply ------------------------------------------------ */

static void test_array_resp_23_02_bytes(void **state)
{
	uint32_t codes[1] = { ESLURM_ALREADY_DONE };
	char *ids[1] = { "7_1" };
	struct slurm_job_array_resp r = { 1, codes, ids }, back;
	buf_t *p22 = newbuf(V2205), *p23 = newbuf(V2302), v;

	slurm_job_array_resp_pack(p22, &r);
	slurm_job_array_resp_pack(p23, &r);
	/* 23.02: each entry ends with its message (none: u32 0) */
	assert_int_equal(buf_len(p23), buf_len(p22) + 4);
	assert_memory_equal(p23->data, p22->data, buf_len(p22));
	assert_memory_equal(p23->data + buf_len(p22), "\0\0\0\0", 4);
	buf_init_view(&v, p23->data, buf_len(p23));
	v.proto = V2302;
	assert_int_equal(slurm_job_array_resp_unpack(&v, &back), 0);
	assert_string_equal(back.job_array_id[0], "7_1");
	slurm_job_array_resp_free(&back);
	buf_free(p22);
	buf_free(p23);
}

/* ---- versions and messages ------------------------------------------ */

static void test_version_table(void **state)
{
	/* 22.05: everything, as before */
	assert_true(slurm_msg_version_ok(REQUEST_JOB_STEP_CREATE, V2205));
	assert_true(slurm_msg_version_ok(REQUEST_SUBMIT_BATCH_JOB, V2205));
	/* 23.02: the everyday messages with tables, nothing else */
	assert_true(slurm_msg_version_ok(REQUEST_PING, V2302));
	assert_true(slurm_msg_version_ok(REQUEST_SUBMIT_BATCH_JOB, V2302));
	assert_true(slurm_msg_version_ok(REQUEST_JOB_INFO, V2302));
	assert_true(slurm_msg_version_ok(REQUEST_NODE_INFO, V2302));
	assert_true(slurm_msg_version_ok(REQUEST_PARTITION_INFO, V2302));
	assert_true(slurm_msg_version_ok(REQUEST_KILL_JOB, V2302));
	assert_true(slurm_msg_version_ok(REQUEST_UPDATE_JOB, V2302));
	assert_true(slurm_msg_version_ok(RESPONSE_SLURM_RC, V2302));
	assert_false(slurm_msg_version_ok(REQUEST_JOB_STEP_CREATE, V2302));
	assert_true(slurm_msg_version_ok(REQUEST_RESOURCE_ALLOCATION, V2302));
	assert_true(slurm_msg_version_ok(RESPONSE_RESOURCE_ALLOCATION, V2311));
	assert_true(slurm_msg_version_ok(REQUEST_JOB_READY, V2311));
	assert_true(slurm_msg_version_ok(REQUEST_COMPLETE_JOB_ALLOCATION,
					 V2311));
	assert_false(slurm_msg_version_ok(REQUEST_RESOURCE_ALLOCATION, V2405));
	assert_false(slurm_msg_version_ok(REQUEST_JOB_READY, V2405));
	assert_true(slurm_msg_version_ok(REQUEST_BUILD_INFO, V2302));
	assert_true(slurm_msg_version_ok(REQUEST_STATS_INFO, V2311));
	/* 23.11 likewise; nothing newer, nor bodies older than 22.05 */
	assert_true(slurm_msg_version_ok(REQUEST_NODE_INFO, V2311));
	assert_false(slurm_msg_version_ok(REQUEST_JOB_STEP_CREATE, V2311));
	/* 24.05: ping, submit, job list, update, cancel, node and
	 * partition lists, federation info */
	assert_true(slurm_msg_version_ok(REQUEST_PING, V2405));
	assert_true(slurm_msg_version_ok(REQUEST_SUBMIT_BATCH_JOB, V2405));
	assert_true(slurm_msg_version_ok(RESPONSE_SUBMIT_BATCH_JOB, V2405));
	assert_true(slurm_msg_version_ok(REQUEST_JOB_INFO, V2405));
	assert_true(slurm_msg_version_ok(RESPONSE_JOB_INFO, V2405));
	assert_true(slurm_msg_version_ok(REQUEST_KILL_JOB, V2405));
	assert_true(slurm_msg_version_ok(REQUEST_UPDATE_JOB, V2405));
	assert_true(slurm_msg_version_ok(RESPONSE_SLURM_RC, V2405));
	assert_true(slurm_msg_version_ok(REQUEST_NODE_INFO, V2405));
	assert_true(slurm_msg_version_ok(REQUEST_NODE_INFO_SINGLE, V2405));
	assert_true(slurm_msg_version_ok(RESPONSE_NODE_INFO, V2405));
	assert_true(slurm_msg_version_ok(REQUEST_PARTITION_INFO, V2405));
	assert_true(slurm_msg_version_ok(RESPONSE_PARTITION_INFO, V2405));
	assert_true(slurm_msg_version_ok(REQUEST_FED_INFO, V2405));
	assert_true(slurm_msg_version_ok(RESPONSE_FED_INFO, V2405));
	assert_true(slurm_msg_version_ok(REQUEST_BUILD_INFO, V2405));
	assert_true(slurm_msg_version_ok(RESPONSE_BUILD_INFO, V2405));
	assert_true(slurm_msg_version_ok(REQUEST_STATS_INFO, V2405));
	assert_true(slurm_msg_version_ok(RESPONSE_STATS_INFO, V2405));
	assert_false(slurm_msg_version_ok(REQUEST_JOB_STEP_CREATE, V2405));
	assert_false(slurm_msg_version_ok(REQUEST_PING, 0x2a00));
	assert_string_equal(slurm_ver_name(V2405), "24.05");
	assert_false(slurm_msg_version_ok(REQUEST_PING,
					  SLURM_21_08_PROTOCOL_VERSION));
	/* every versioned type has a name, so refusals can say which */
	for (size_t i = 0; i < slurm_versioned_msgs_cnt; i++)
		assert_true(slurm_msg_type_known(slurm_versioned_msgs[i].msg_type));
	assert_string_equal(slurm_ver_name(V2302), "23.02");
	assert_string_equal(slurm_ver_name(0x2a00), "0x2a00");
}

/* A reply header carries the request's version; a version with no
 * table cannot be built. */
static void test_header_in_request_version(void **state)
{
	buf_t *out = buf_new(64), *auth = buf_new(64);
	struct slurm_msg m;

	/* auth/none: plugin id, uid, gid, host */
	pack32(auth, SLURM_AUTH_NONE);
	pack32(auth, 0);
	pack32(auth, 0);
	pack_str(auth, "h");
	assert_int_equal(slurm_msg_build_head_ver(out, V2302, RESPONSE_SLURM_RC,
						  0, auth->data, buf_len(auth),
						  4), 0);
	assert_int_equal(out->data[4], 0x27);
	assert_int_equal(out->data[5], 0x00);
	pack32(out, 0);
	assert_int_equal(slurm_msg_parse(out->data + 4, buf_len(out) - 4, &m), 0);
	assert_int_equal(m.protocol_version, V2302);
	assert_int_equal(m.msg_type, RESPONSE_SLURM_RC);
	buf_free(out);

	/* 24.05's header has the 23.11 layout */
	out = buf_new(64);
	assert_int_equal(slurm_msg_build_head_ver(out, V2405, RESPONSE_SLURM_RC,
						  0, auth->data, buf_len(auth),
						  4), 0);
	assert_int_equal(out->data[4], 0x29);
	pack32(out, 0);
	assert_int_equal(slurm_msg_parse(out->data + 4, buf_len(out) - 4, &m), 0);
	assert_int_equal(m.protocol_version, V2405);
	buf_free(out);

	out = buf_new(64);
	assert_int_equal(slurm_msg_build_head_ver(out, 0x2a00,
			 RESPONSE_SLURM_RC, 0, auth->data, buf_len(auth), 4), -1);
	assert_int_equal(buf_len(out), 0);
	buf_free(out);
	buf_free(auth);
}

/* A header in hex (no length prefix) with an auth/none section. */
static int parse_hex(const char *hex, struct slurm_msg *m)
{
	uint8_t frame[256];
	size_t n = strlen(hex) / 2;

	for (size_t i = 0; i < n; i++)
		sscanf(hex + 2 * i, "%2hhx", &frame[i]);
	memset(m, 0, sizeof(*m));
	return slurm_msg_parse(frame, n, m);
}

#define AUTH_NONE_HEX "00000064" "00000000" "00000000" "00000002" "7800"

/* From 23.02 a header may say "no credential": never for a request. */
static void test_no_auth_cred_refused(void **state)
{
	struct slurm_msg m;

	assert_int_equal(parse_hex("2700" "0040" "03f0" "00000000" "0000" "0000"
				   "0000" AUTH_NONE_HEX, &m), -1);
	assert_int_equal(m.error_rc, SLURM_PROTOCOL_AUTHENTICATION_ERROR);
	assert_non_null(strstr(err_msg(), "no credential"));
	/* the same flag bit means nothing to 22.05 */
	assert_int_equal(parse_hex("2600" "0040" "03f0" "00000000" "0000" "0000"
				   "0000" AUTH_NONE_HEX, &m), 0);
}

/* 23.11: with SLURM_PACK_ADDRS a forward list carries one more string. */
static void test_forward_addrs_23_11(void **state)
{
	struct slurm_msg m;

	/* forward_cnt 1: nodelist "n1", timeout, tree width, net_cred "c" */
	assert_int_equal(parse_hex("2800" "0080" "03f0" "00000000"
				   "0001" "00000003" "6e3100" "00002710" "0002"
				   "00000002" "6300"
				   "0000" "0000" AUTH_NONE_HEX, &m), 0);
	assert_int_equal(m.forward_cnt, 1);
	assert_string_equal(m.forward_nodelist, "n1");
	assert_int_equal(m.auth_plugin, SLURM_AUTH_NONE);
	assert_int_equal(m.orig_addr.family, SLURM_AF_UNSPEC);
	assert_int_equal(m.header_len, 2 + 2 + 2 + 4 + 2 + 7 + 4 + 2 + 6 + 2 + 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_job_desc_23_02_bytes),
		cmocka_unit_test(test_job_desc_round_trips),
		cmocka_unit_test(test_job_desc_24_05_bytes),
		cmocka_unit_test(test_job_info_24_05_bytes),
		cmocka_unit_test(test_job_info_24_05_priority_array),
		cmocka_unit_test(test_job_desc_wrong_version_refused),
		cmocka_unit_test(test_job_info_23_02_bytes),
		cmocka_unit_test(test_job_info_round_trips),
		cmocka_unit_test(test_job_info_wide_reason_refused),
		cmocka_unit_test(test_job_23_11_as_23_02),
		cmocka_unit_test(test_node_23_11_bytes),
		cmocka_unit_test(test_node_23_02_bytes),
		cmocka_unit_test(test_part_23_02_bytes),
		cmocka_unit_test(test_node_24_05_bytes),
		cmocka_unit_test(test_part_24_05_bytes),
		cmocka_unit_test(test_conf_23_02_bytes),
		cmocka_unit_test(test_conf_23_11_24_05_bytes),
		cmocka_unit_test(test_stats_bytes),
		cmocka_unit_test(test_alloc_response_23_02_bytes),
		cmocka_unit_test(test_job_size_str),
		cmocka_unit_test(test_array_resp_23_02_bytes),
		cmocka_unit_test(test_version_table),
		cmocka_unit_test(test_header_in_request_version),
		cmocka_unit_test(test_no_auth_cred_refused),
		cmocka_unit_test(test_forward_addrs_23_11),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
