/* test_slurm_msg_config.c - RESPONSE_BUILD_INFO and REQUEST_BUILD_INFO
 * against the real slurmctld 22.05 capture of "scontrol show config": the
 * reply decodes field by field with nothing left over, the values are the
 * ones scontrol printed, and packing what was decoded gives the same bytes,
 * so our field order is the real one. */
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
#include "slurm/errnos.h"
#include "slurm/msg_config.h"
#include "slurm/msg_misc.h"
#include "slurm/msg_types.h"
#include "slurm/slurm_defs.h"
#include "slurm_golden.h"

static void test_request(void **state)
{
	struct golden g;
	time_t t = 99;
	buf_t v, *out;

	golden_load(&g, "scontrol_show_config", "01-request.bin");
	assert_int_equal(g.msg_type, REQUEST_BUILD_INFO);
	golden_view(&g, &v);
	assert_int_equal(slurm_build_info_request_unpack(&v, &t), 0);
	assert_int_equal(t, 0);
	out = buf_new(0);
	slurm_build_info_request_pack(out, 0);
	golden_assert_same(&g, out);
	buf_free(out);
	buf_init_view(&v, g.body, g.body_len - 1);
	assert_int_equal(slurm_build_info_request_unpack(&v, &t), -1);
	golden_free(&g);
}

static void test_golden_reply(void **state)
{
	struct slurm_ctl_conf c;
	struct golden g;
	buf_t v, *out;

	assert_int_equal(slurm_ctl_conf_nfields(), 215);
	assert_string_equal(slurm_ctl_conf_field_name(0), "last_update");
	assert_string_equal(slurm_ctl_conf_field_name(214), "x11_params");
	assert_null(slurm_ctl_conf_field_name(215));

	golden_load(&g, "scontrol_show_config", "01-response.bin");
	assert_int_equal(g.msg_type, RESPONSE_BUILD_INFO);
	golden_view(&g, &v);
	if (slurm_ctl_conf_unpack(&v, &c) < 0)
		fail_msg("%s", err_msg());
	/* what scontrol printed from these bytes */
	assert_string_equal(c.cluster_name, "anchor");
	assert_int_equal(c.control_machine.n, 1);
	assert_string_equal(c.control_machine.v[0], "vm");
	assert_string_equal(c.control_addr.v[0], "127.0.0.1");
	assert_string_equal(c.version, "22.05.8");
	assert_string_equal(c.authtype, "auth/munge");
	assert_string_equal(c.authinfo,
			    "socket=/tmp/slurm-anchor/munge/munge.socket.2");
	assert_string_equal(c.accounting_storage_tres,
			    "cpu,mem,energy,node,billing,fs/disk,vmem,pages");
	assert_null(c.accounting_storage_backup_host);
	assert_int_equal(c.min_job_age, 300);
	assert_int_equal(c.slurmd_timeout, 300);
	assert_int_equal(c.slurmctld_timeout, 120);
	assert_int_equal(c.slurmctld_port, 6817);
	assert_int_equal(c.slurmctld_port_count, 1);
	assert_int_equal(c.slurmd_port, 6818);
	assert_int_equal(c.max_job_cnt, 100000);
	assert_int_equal(c.max_job_id, 67043328);
	assert_int_equal(c.next_job_id, 4);
	assert_int_equal(c.first_job_id, 1);
	/* DefMemPerCPU=100 carries the MEM_PER_CPU flag bit */
	assert_int_equal(c.def_mem_per_cpu, 0x8000000000000064ull);
	assert_int_equal(c.max_mem_per_cpu, 0);
	assert_int_equal(c.max_node_cnt, 4);
	assert_int_equal(c.ret2service, 2);
	assert_int_equal(c.kill_wait, 30);
	assert_int_equal(c.max_array_sz, 1001);
	assert_int_equal(c.max_step_cnt, 40000);
	assert_int_equal(c.max_tasks_per_node, 512);
	assert_int_equal(c.suspend_time, INFINITE);
	assert_int_equal(c.prolog_epilog_timeout, 65534);
	assert_string_equal(c.slurm_conf, "/tmp/slurm-anchor/etc/slurm.conf");
	assert_string_equal(c.slurm_user_name, "root");
	assert_string_equal(c.state_save_location, "/tmp/slurm-anchor/state");
	assert_string_equal(c.schedtype, "sched/backfill");
	assert_string_equal(c.select_type, "select/cons_tres");
	assert_string_equal(c.job_comp_loc, "/var/log/slurm_jobcomp.log");
	assert_string_equal(c.plugindir, "/usr/lib/x86_64-linux-gnu/slurm-wlm");
	assert_null(c.x11_params);
	assert_string_equal(c.power_plugin, "");
	assert_true(c.boot_time > 0 && c.last_update >= c.boot_time);

	/* packing what was read gives the captured bytes back */
	out = buf_new(0);
	slurm_ctl_conf_pack(out, &c);
	golden_assert_same(&g, out);
	buf_free(out);
	slurm_ctl_conf_free(&c);

	/* every short body fails cleanly */
	for (size_t len = 0; len < g.body_len; len += 7) {
		buf_init_view(&v, g.body, len);
		assert_int_equal(slurm_ctl_conf_unpack(&v, &c), -1);
		assert_null(c.cluster_name);
	}
	golden_free(&g);
}

static void test_lists_round_trip(void **state)
{
	struct slurm_ctl_conf c, d;
	char *addr[] = { "10.0.0.1", "10.0.0.2" };
	char *name[] = { "ctl1", "ctl2" };
	buf_t *out, v;

	slurm_ctl_conf_init(&c);
	c.cluster_name = strdup("test");
	c.control_addr.n = c.control_machine.n = 2;
	c.control_addr.v = addr;
	c.control_machine.v = name;
	slurm_kv_list_add(&c.cgroup_conf, "CgroupMountpoint", "/sys/fs/cgroup");
	slurm_kv_list_add(&c.cgroup_conf, "ConstrainCores", "no");
	c.slurmctld_port = 7000;
	c.def_mem_per_cpu = 0x8000000000000064ull;
	out = buf_new(0);
	slurm_ctl_conf_pack(out, &c);
	buf_init_view(&v, out->data, buf_len(out));
	if (slurm_ctl_conf_unpack(&v, &d) < 0)
		fail_msg("%s", err_msg());
	assert_string_equal(d.cluster_name, "test");
	assert_int_equal(d.control_addr.n, 2);
	assert_string_equal(d.control_machine.v[1], "ctl2");
	assert_true(d.cgroup_conf.present);
	assert_int_equal(d.cgroup_conf.n, 2);
	assert_string_equal(d.cgroup_conf.keys[1], "ConstrainCores");
	assert_string_equal(d.cgroup_conf.values[0], "/sys/fs/cgroup");
	assert_false(d.mpi_conf.present);
	assert_false(d.job_defaults_list.present);
	assert_int_equal(d.slurmctld_port, 7000);
	assert_int_equal(d.def_mem_per_cpu, 0x8000000000000064ull);
	slurm_ctl_conf_free(&d);
	buf_free(out);

	/* scontrol refuses a reply whose two controller lists differ */
	c.control_addr.n = 1;
	out = buf_new(0);
	slurm_ctl_conf_pack(out, &c);
	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_ctl_conf_unpack(&v, &d), -1);
	assert_non_null(strstr(err_msg(), "control"));
	buf_free(out);
	c.control_addr.v = NULL;
	c.control_machine.v = NULL;
	c.control_addr.n = c.control_machine.n = 0;
	slurm_ctl_conf_free(&c);
}

/* Two "show config" in one interactive scontrol: the second request
 * carries the last_update of the first answer, and slurmctld, with nothing
 * changed since, answers SLURM_NO_CHANGE_IN_DATA instead of the config. */
static void test_golden_no_change(void **state)
{
	struct slurm_ctl_conf c;
	struct golden g;
	time_t t = 0;
	uint32_t rc = 0;
	buf_t v;

	golden_load(&g, "scontrol_show_config_no_change", "01-response.bin");
	golden_view(&g, &v);
	if (slurm_ctl_conf_unpack(&v, &c) < 0)
		fail_msg("%s", err_msg());
	assert_string_equal(c.cluster_name, "capture");
	golden_free(&g);

	golden_load(&g, "scontrol_show_config_no_change", "03-request.bin");
	assert_int_equal(g.msg_type, REQUEST_BUILD_INFO);
	golden_view(&g, &v);
	assert_int_equal(slurm_build_info_request_unpack(&v, &t), 0);
	assert_int_equal(t, c.last_update);
	assert_true(c.last_update > c.boot_time);
	golden_free(&g);

	golden_load(&g, "scontrol_show_config_no_change", "03-response.bin");
	assert_int_equal(g.msg_type, RESPONSE_SLURM_RC);
	golden_view(&g, &v);
	assert_int_equal(slurm_rc_unpack(&v, &rc), 0);
	assert_int_equal(rc, SLURM_NO_CHANGE_IN_DATA);
	golden_free(&g);
	slurm_ctl_conf_free(&c);
}

/* A list count that the body cannot hold is refused before allocating. */
static void test_lying_list_count(void **state)
{
	struct slurm_ctl_conf c, d;
	buf_t *out, v;
	size_t at;

	slurm_ctl_conf_init(&c);
	out = buf_new(0);
	slurm_ctl_conf_pack(out, &c);
	/* acct_gather_conf: after time, u16, 4 NULL strings, u16, 3 NULLs */
	at = 8 + 2 + 4 * 4 + 2 + 3 * 4;
	buf_put_u32_at(out, at, 0x7fffffff);
	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_ctl_conf_unpack(&v, &d), -1);
	buf_free(out);
	slurm_ctl_conf_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_golden_reply),
		cmocka_unit_test(test_golden_no_change),
		cmocka_unit_test(test_lists_round_trip),
		cmocka_unit_test(test_lying_list_count),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
