/* test_slurm_msg_node.c - RESPONSE_NODE_INFO against the golden captures
 * of `scontrol show node` and `sinfo`: decoded field by field, re-packed
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
#include "slurm/msg_node.h"
#include "slurm/msg_types.h"
#include "slurm/slurm_defs.h"
#include "slurm_golden.h"

#define T_BOOT   0x6b070b02
#define T_SLURMD 0x6b07102d

GOLDEN_UNPACK_FN(unpack_nodes, struct slurm_node_info_msg,
		 slurm_node_info_msg_unpack, slurm_node_info_msg_free)

static void test_show_node_decodes(void **state)
{
	struct golden g;
	struct slurm_node_info_msg m;
	buf_t v;

	golden_load(&g, "scontrol_show_node", "01-response.bin");
	assert_int_equal(g.msg_type, RESPONSE_NODE_INFO);
	golden_view(&g, &v);
	assert_int_equal(slurm_node_info_msg_unpack(&v, &m), 0);
	assert_int_equal(buf_remaining(&v), 0);
	assert_int_equal(m.record_count, 4);
	assert_int_equal(m.last_update, 1795625034);

	/* n1 runs the sleeper: State=MIXED CPUAlloc=1 AllocMem=100 */
	const struct slurm_node_info *n = &m.nodes[0];
	assert_string_equal(n->name, "n1");
	assert_string_equal(n->node_hostname, "vm");
	assert_string_equal(n->node_addr, "127.0.0.1");
	assert_null(n->bcast_address);
	assert_int_equal(n->port, 6818);
	assert_int_equal(n->next_state, NO_VAL);
	/* slurmctld sends ALLOCATED; sinfo/scontrol derive MIXED */
	assert_int_equal(n->node_state, NODE_STATE_ALLOCATED);
	assert_string_equal(n->version, "22.05.8");
	assert_int_equal(n->cpus, 16);
	assert_int_equal(n->boards, 1);
	assert_int_equal(n->sockets, 1);
	assert_int_equal(n->cores, 16);
	assert_int_equal(n->threads, 1);
	assert_int_equal(n->real_memory, 8000);
	assert_int_equal(n->tmp_disk, 0);
	assert_int_equal(n->owner, NO_VAL);
	assert_int_equal(n->cpus_efctv, 16);
	assert_int_equal(n->cpu_load, 246);
	assert_int_equal(n->free_mem, 23741);
	assert_int_equal(n->weight, 1);
	assert_int_equal(n->reason_uid, NO_VAL);
	assert_int_equal(n->boot_time, T_BOOT);
	assert_int_equal(n->slurmd_start_time, T_SLURMD);
	assert_int_equal(n->reason_time, 0);
	assert_null(n->reason);
	assert_int_equal(n->select_plugin, SELECT_PLUGIN_CONS_TRES);
	assert_int_equal(n->alloc_cpus, 1);
	assert_int_equal(n->alloc_memory, 100);
	assert_string_equal(n->tres_alloc_fmt_str, "cpu=1,mem=100M");
	assert_true(n->tres_alloc_weighted == 1.0);
	assert_string_equal(n->arch, "x86_64");
	assert_string_equal(n->os,
			    "Linux 6.18.44-fc-v669 #1 SMP PREEMPT_DYNAMIC @0");
	assert_null(n->features);
	assert_null(n->gres);
	assert_true(n->ext_consumed_energy == NO_VAL64);
	assert_int_equal(n->ext_temperature, NO_VAL);
	assert_int_equal(n->power_cap_watts, NO_VAL);
	assert_string_equal(n->tres_fmt_str, "cpu=16,mem=8000M,billing=16");

	for (int i = 1; i < 4; i++) {
		char name[8];

		snprintf(name, sizeof(name), "n%d", i + 1);
		n = &m.nodes[i];
		assert_string_equal(n->name, name);
		assert_int_equal(n->port, 6818 + i);
		assert_int_equal(n->node_state, NODE_STATE_IDLE);
		assert_int_equal(n->alloc_cpus, 0);
		assert_int_equal(n->alloc_memory, 0);
		assert_null(n->tres_alloc_fmt_str);
	}
	slurm_node_info_msg_free(&m);
	golden_free(&g);
}

static void test_node_info_repacks_identically(void **state)
{
	static const char *const cases[][2] = {
		{ "scontrol_show_node", "01-response.bin" },
		{ "sinfo", "02-response.bin" },
	};

	for (size_t i = 0; i < 2; i++) {
		struct golden g;
		struct slurm_node_info_msg m;
		buf_t v, *out;

		golden_load(&g, cases[i][0], cases[i][1]);
		golden_view(&g, &v);
		assert_int_equal(slurm_node_info_msg_unpack(&v, &m), 0);
		out = buf_new(0);
		slurm_node_info_msg_pack(out, &m);
		golden_assert_same(&g, out);
		buf_free(out);
		slurm_node_info_msg_free(&m);
		golden_free(&g);
	}
}

/* n2 as a controller would describe it, from init(): the bytes must be
 * the real slurmctld's record for it. */
static void test_node_from_init_matches_slurmctld(void **state)
{
	struct golden g;
	struct slurm_node_info_msg m;
	struct slurm_node_info n;
	buf_t v, *want, *got;

	golden_load(&g, "scontrol_show_node", "01-response.bin");
	golden_view(&g, &v);
	assert_int_equal(slurm_node_info_msg_unpack(&v, &m), 0);
	want = buf_new(0);
	slurm_node_info_pack(want, &m.nodes[1]);

	slurm_node_info_init(&n);
	n.name = "n2";
	n.node_hostname = "vm";
	n.node_addr = "127.0.0.1";
	n.port = 6819;
	n.node_state = NODE_STATE_IDLE;
	n.version = "22.05.8";
	n.cpus = 16;
	n.boards = 1;
	n.sockets = 1;
	n.cores = 16;
	n.threads = 1;
	n.real_memory = 8000;
	n.cpus_efctv = 16;
	n.cpu_load = 246;
	n.free_mem = 23741;
	n.boot_time = T_BOOT;
	n.last_busy = T_SLURMD;
	n.slurmd_start_time = T_SLURMD;
	n.arch = "x86_64";
	n.os = "Linux 6.18.44-fc-v669 #1 SMP PREEMPT_DYNAMIC @0";
	n.tres_fmt_str = "cpu=16,mem=8000M,billing=16";
	got = buf_new(0);
	slurm_node_info_pack(got, &n);
	assert_int_equal(buf_len(got), buf_len(want));
	assert_memory_equal(got->data, want->data, buf_len(want));

	buf_free(got);
	buf_free(want);
	slurm_node_info_msg_free(&m);
	golden_free(&g);
}

static void test_node_info_truncated_fails(void **state)
{
	struct golden g;

	golden_load(&g, "scontrol_show_node", "01-response.bin");
	golden_assert_truncations_fail(&g, unpack_nodes);
	golden_free(&g);
}

static void test_node_info_garbled_is_safe(void **state)
{
	struct golden g;

	golden_load(&g, "scontrol_show_node", "01-response.bin");
	golden_assert_garbling_is_safe(&g, unpack_nodes);
	golden_assert_trailing_byte_fails(&g, unpack_nodes);
	golden_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_show_node_decodes),
		cmocka_unit_test(test_node_info_repacks_identically),
		cmocka_unit_test(test_node_from_init_matches_slurmctld),
		cmocka_unit_test(test_node_info_truncated_fails),
		cmocka_unit_test(test_node_info_garbled_is_safe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
