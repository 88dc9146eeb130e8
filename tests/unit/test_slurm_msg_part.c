/* test_slurm_msg_part.c - RESPONSE_PARTITION_INFO against the golden
 * captures (sinfo, squeue, scontrol): decoded field by field, re-packed
 * byte for byte, built from init(), and refused cleanly when cut short. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/pack.h"
#include "slurm/msg_part.h"
#include "slurm/msg_types.h"
#include "slurm/slurm_defs.h"
#include "slurm_golden.h"

GOLDEN_UNPACK_FN(unpack_parts, struct slurm_part_info_msg,
		 slurm_part_info_msg_unpack, slurm_part_info_msg_free)

static void test_sinfo_partitions_decode(void **state)
{
	struct golden g;
	struct slurm_part_info_msg m;
	buf_t v;

	golden_load(&g, "sinfo", "01-response.bin");
	assert_int_equal(g.msg_type, RESPONSE_PARTITION_INFO);
	golden_view(&g, &v);
	assert_int_equal(slurm_part_info_msg_unpack(&v, &m), 0);
	assert_int_equal(buf_remaining(&v), 0);
	assert_int_equal(m.record_count, 2);
	assert_int_equal(m.last_update, 1795625012);

	/* PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE */
	const struct slurm_part_info *p = &m.parts[0];
	assert_string_equal(p->name, "debug");
	assert_true(p->flags & PART_FLAG_DEFAULT);
	assert_false(p->flags & PART_FLAG_HIDDEN);
	assert_int_equal(p->max_time, INFINITE);
	assert_int_equal(p->default_time, NO_VAL);
	assert_int_equal(p->max_nodes, INFINITE);
	assert_int_equal(p->min_nodes, 0);
	assert_int_equal(p->total_nodes, 4);
	assert_int_equal(p->total_cpus, 64);
	assert_int_equal(p->state_up, PARTITION_UP);
	assert_int_equal(p->priority_tier, 1);
	assert_int_equal(p->priority_job_factor, 1);
	assert_int_equal(p->max_share, 1);
	assert_int_equal(p->max_cpus_per_node, INFINITE);
	assert_int_equal(p->over_time_limit, NO_VAL16);
	assert_int_equal(p->suspend_time, NO_VAL);
	assert_null(p->allow_groups);
	assert_null(p->allow_accounts);
	assert_string_equal(p->nodes, "n[1-4]");
	assert_non_null(p->node_inx);
	assert_int_equal(bit_size(p->node_inx), 4);
	assert_int_equal(bit_count(p->node_inx), 4);
	assert_string_equal(p->tres_fmt_str,
			    "cpu=64,mem=32000M,node=4,billing=64");
	assert_int_equal(p->job_defaults_cnt, 0);

	/* PartitionName=long MaxTime=7-00:00:00 */
	p = &m.parts[1];
	assert_string_equal(p->name, "long");
	assert_int_equal(p->flags, 0);
	assert_int_equal(p->max_time, 7 * 24 * 60);
	assert_string_equal(p->nodes, "n[1-4]");
	slurm_part_info_msg_free(&m);
	golden_free(&g);
}

static void test_part_info_repacks_identically(void **state)
{
	static const char *const cases[][2] = {
		{ "sinfo", "01-response.bin" },
		{ "squeue", "02-response.bin" },
		{ "squeue_j", "03-response.bin" },
		{ "scontrol_show_partition", "01-response.bin" },
		{ "scontrol_show_node", "02-response.bin" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct golden g;
		struct slurm_part_info_msg m;
		buf_t v, *out;

		golden_load(&g, cases[i][0], cases[i][1]);
		golden_view(&g, &v);
		assert_int_equal(slurm_part_info_msg_unpack(&v, &m), 0);
		out = buf_new(0);
		slurm_part_info_msg_pack(out, &m);
		golden_assert_same(&g, out);
		buf_free(out);
		slurm_part_info_msg_free(&m);
		golden_free(&g);
	}
}

/* Both partitions as a controller would describe them, from init(): the
 * reply must equal the real slurmctld's. */
static void test_parts_from_init_match_slurmctld(void **state)
{
	struct golden g;
	struct slurm_part_info p[2];
	bitstr_t *all = bit_alloc(4);
	buf_t *out;

	bit_set_all(all);
	golden_load(&g, "sinfo", "01-response.bin");
	for (int i = 0; i < 2; i++) {
		slurm_part_info_init(&p[i]);
		p[i].total_nodes = 4;
		p[i].total_cpus = 64;
		p[i].nodes = "n[1-4]";
		p[i].node_inx = all;
		p[i].tres_fmt_str = "cpu=64,mem=32000M,node=4,billing=64";
	}
	p[0].name = "debug";
	p[0].flags = PART_FLAG_DEFAULT;
	p[1].name = "long";
	p[1].max_time = 10080;

	out = buf_new(0);
	slurm_part_info_pack_header(out, 2, 1795625012);
	slurm_part_info_pack(out, &p[0]);
	slurm_part_info_pack(out, &p[1]);
	golden_assert_same(&g, out);
	buf_free(out);
	bit_free(all);
	golden_free(&g);
}

static void test_job_defaults_round_trip(void **state)
{
	struct slurm_job_default jd[] = { { 1, 200 }, { 3, 5 } };
	struct slurm_part_info p;
	struct slurm_part_info_msg m = { .record_count = 1, .parts = &p },
				   back;
	buf_t *out, v;

	slurm_part_info_init(&p);
	p.name = "gpu";
	p.job_defaults = jd;
	p.job_defaults_cnt = 2;
	out = buf_new(0);
	slurm_part_info_msg_pack(out, &m);
	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_part_info_msg_unpack(&v, &back), 0);
	assert_int_equal(back.parts[0].job_defaults_cnt, 2);
	assert_int_equal(back.parts[0].job_defaults[1].type, 3);
	assert_true(back.parts[0].job_defaults[0].value == 200);
	assert_null(back.parts[0].node_inx);
	slurm_part_info_msg_free(&back);

	/* a job defaults count larger than the body is refused */
	buf_put_u32_at(out, buf_len(out) - 20 - 4, 0x10000000);
	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_part_info_msg_unpack(&v, &back), -1);
	buf_free(out);
}

static void test_part_info_truncated_fails(void **state)
{
	struct golden g;

	golden_load(&g, "sinfo", "01-response.bin");
	golden_assert_truncations_fail(&g, unpack_parts);
	golden_assert_garbling_is_safe(&g, unpack_parts);
	golden_assert_trailing_byte_fails(&g, unpack_parts);
	golden_free(&g);
}

/* scontrol update PartitionName=gpu State=DRAIN MaxTime=60 Default=YES,
 * laid out by hand in 22.05's order: six strings, cpu_bind, def_mem,
 * default_time, two strings, flags, ... */
static void test_update_part_layout(void **state)
{
	struct slurm_update_part u, v;
	buf_t *b = buf_new(64), view;
	uint32_t u32;
	uint16_t u16;
	uint64_t u64;
	char *str;

	slurm_update_part_init(&u);
	u.name = "gpu";
	u.state_up = PARTITION_DRAIN;
	u.max_time = 60;
	u.flags = PART_FLAG_DEFAULT | PART_FLAG_HIDDEN_CLR;
	u.nodes = "n[1-2]";
	slurm_update_part_pack(b, &u);

	buf_init_view(&view, b->data, buf_len(b));
	for (int i = 0; i < 6; i++) {
		assert_int_equal(unpack_str(&view, &str), 0);
		assert_null(str);
	}
	assert_int_equal(unpack32(&view, &u32), 0);  /* cpu_bind */
	assert_int_equal(unpack64(&view, &u64), 0);
	assert_true(u64 == NO_VAL64);
	assert_int_equal(unpack32(&view, &u32), 0);
	assert_int_equal(u32, NO_VAL);              /* default_time */
	assert_int_equal(unpack_str(&view, &str), 0);
	assert_int_equal(unpack_str(&view, &str), 0);
	assert_int_equal(unpack16(&view, &u16), 0);
	assert_int_equal(u16, PART_FLAG_DEFAULT | PART_FLAG_HIDDEN_CLR);

	buf_init_view(&view, b->data, buf_len(b));
	assert_int_equal(slurm_update_part_unpack(&view, &v), 0);
	assert_string_equal(v.name, "gpu");
	assert_string_equal(v.nodes, "n[1-2]");
	assert_int_equal(v.max_time, 60);
	assert_int_equal(v.state_up, PARTITION_DRAIN);
	assert_int_equal(v.min_nodes, NO_VAL);
	assert_int_equal(v.priority_tier, NO_VAL16);
	assert_null(v.allow_groups);
	slurm_update_part_free(&v);

	/* every truncation and a trailing byte fail cleanly */
	for (size_t n = 0; n < buf_len(b); n++) {
		buf_init_view(&view, b->data, n);
		assert_int_equal(slurm_update_part_unpack(&view, &v), -1);
		assert_null(v.name);
	}
	pack8(b, 0);
	buf_init_view(&view, b->data, buf_len(b));
	assert_int_equal(slurm_update_part_unpack(&view, &v), -1);
	buf_free(b);
}

static void test_delete_part(void **state)
{
	buf_t *b = buf_new(16), view;
	char *name;

	slurm_delete_part_pack(b, "gpu");
	buf_init_view(&view, b->data, buf_len(b));
	assert_int_equal(slurm_delete_part_unpack(&view, &name), 0);
	assert_string_equal(name, "gpu");
	free(name);
	buf_init_view(&view, b->data, buf_len(b) - 1);
	assert_int_equal(slurm_delete_part_unpack(&view, &name), -1);
	assert_null(name);
	buf_free(b);
	/* no name at all */
	b = buf_new(16);
	pack_str(b, NULL);
	buf_init_view(&view, b->data, buf_len(b));
	assert_int_equal(slurm_delete_part_unpack(&view, &name), -1);
	buf_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sinfo_partitions_decode),
		cmocka_unit_test(test_update_part_layout),
		cmocka_unit_test(test_delete_part),
		cmocka_unit_test(test_part_info_repacks_identically),
		cmocka_unit_test(test_parts_from_init_match_slurmctld),
		cmocka_unit_test(test_job_defaults_round_trip),
		cmocka_unit_test(test_part_info_truncated_fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
