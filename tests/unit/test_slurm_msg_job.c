/* test_slurm_msg_job.c - Slurm 22.05 job bodies against the golden
 * captures: sbatch's job_desc decoded field by field, the submit reply,
 * squeue/scontrol job info requests and replies (decoded, then re-packed
 * byte for byte), scancel's kill request, scontrol's job update (hold,
 * update) and the job array reply, and truncated or garbled bodies
 * failing cleanly. */
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
#include "slurm/msg_job.h"
#include "slurm/msg_types.h"
#include "slurm/slurm_defs.h"
#include "slurm/version.h"
#include "slurm_golden.h"

/* golden capture timestamps (RESPONSE_JOB_INFO of `squeue`) */
#define T_SUBMIT_1_2 0x6b07102d  /* jobs 1 and 2 submitted */
#define T_START_1    0x6b07102f

/* --- helpers ----------------------------------------------------- */

GOLDEN_UNPACK_FN(unpack_job_desc, struct slurm_job_desc,
		 slurm_job_desc_unpack, slurm_job_desc_free)
GOLDEN_UNPACK_FN(unpack_job_info, struct slurm_job_info_msg,
		 slurm_job_info_msg_unpack, slurm_job_info_msg_free)
GOLDEN_UNPACK_FN(unpack_kill, struct slurm_job_kill,
		 slurm_job_kill_unpack, slurm_job_kill_free)
GOLDEN_UNPACK_FN(unpack_info_req, struct slurm_job_info_request,
		 slurm_job_info_request_unpack, slurm_job_info_request_free)
GOLDEN_UNPACK_FN(unpack_submit_resp, struct slurm_submit_response,
		 slurm_submit_response_unpack, slurm_submit_response_free)

static bool only_bit_set(const bitstr_t *bits, uint32_t nbits, uint32_t bit)
{
	if (!bits || bit_size(bits) != nbits)
		return false;
	for (uint32_t i = 0; i < nbits; i++)
		if (bit_test(bits, i) != (i == bit))
			return false;
	return true;
}

/* --- REQUEST_SUBMIT_BATCH_JOB ------------------------------------- */

static void test_sbatch_job_desc_decodes(void **state)
{
	struct golden g;
	struct slurm_job_desc d;
	buf_t b;

	golden_load(&g, "sbatch", "01-request.bin");
	assert_int_equal(g.msg_type, REQUEST_SUBMIT_BATCH_JOB);
	golden_view(&g, &b);
	assert_int_equal(slurm_job_desc_unpack(&b, &d), 0);
	assert_int_equal(buf_remaining(&b), 0);

	/* sbatch --wrap 'echo hi' -J golden -t 5 -N 1 -n 1 --mem=100 */
	assert_string_equal(d.name, "golden");
	assert_int_equal(d.time_limit, 5);
	assert_int_equal(d.time_min, NO_VAL);
	assert_int_equal(d.min_nodes, 1);
	assert_int_equal(d.max_nodes, 1);
	assert_int_equal(d.num_tasks, 1);
	assert_int_equal(d.min_cpus, 1);
	assert_int_equal(d.max_cpus, NO_VAL);
	/* --mem is per node: no MEM_PER_CPU bit */
	assert_true(d.pn_min_memory == 100);
	assert_true((d.pn_min_memory & MEM_PER_CPU) == 0);
	assert_non_null(d.script);
	assert_non_null(strstr(d.script, "echo hi"));
	assert_int_equal(strncmp(d.script, "#!/bin/sh\n", 10), 0);
	assert_string_equal(d.work_dir, "/tmp/slurm-anchor/jobs");
	assert_string_equal(d.std_in, "/dev/null");
	assert_null(d.std_out);
	assert_null(d.std_err);
	assert_string_equal(d.submit_line,
		"sbatch --wrap echo hi -J golden -t 5 -N 1 -n 1 --mem=100");
	assert_int_equal(d.env_size, 25);
	assert_string_equal(d.environment[0],
			    "PATH=/usr/sbin:/usr/bin:/sbin:/bin");
	assert_string_equal(d.environment[8], "SLURM_JOB_NAME=golden");
	assert_string_equal(d.environment[24], "SLURM_NTASKS=1");
	assert_null(d.environment[25]);
	assert_int_equal(d.spank_job_env_size, 0);
	assert_int_equal(d.argc, 0);
	assert_int_equal(d.user_id, 0);
	assert_int_equal(d.group_id, 0);
	assert_int_equal(d.alloc_sid, 2539);
	assert_null(d.alloc_node);
	/* not given on the command line: defaults and sentinels */
	assert_null(d.partition);
	assert_null(d.account);
	assert_null(d.qos);
	assert_null(d.comment);
	assert_null(d.features);
	assert_null(d.dependency);
	assert_null(d.array_inx);
	assert_null(d.req_nodes);
	assert_null(d.exc_nodes);
	assert_null(d.mail_user);
	assert_int_equal(d.mail_type, 0);
	assert_int_equal(d.priority, NO_VAL);
	assert_int_equal(d.nice, NO_VAL);
	assert_int_equal(d.job_id, NO_VAL);
	assert_int_equal(d.site_factor, NO_VAL);
	assert_int_equal(d.shared, NO_VAL16);
	assert_int_equal(d.contiguous, 0);
	assert_int_equal(d.cpus_per_task, NO_VAL16);
	assert_int_equal(d.ntasks_per_node, NO_VAL16);
	assert_int_equal(d.open_mode, 0);
	assert_int_equal(d.overcommit, NO_VAL8);
	assert_int_equal(d.task_dist, SLURM_DIST_UNKNOWN);
	assert_int_equal(d.begin_time, 0);
	assert_int_equal(d.select_plugin, SELECT_PLUGIN_CONS_TRES);
	assert_int_equal(d.requeue, NO_VAL16);
	assert_int_equal(d.wait_all_nodes, NO_VAL16);
	assert_int_equal(d.req_switch, NO_VAL);
	assert_int_equal(d.delay_boot, NO_VAL);
	/* JOB_NTASKS_SET plus USE_DEFAULT_ACCT/PART/QOS/WCKEY */
	assert_true(d.bitflags == 0x1e004000ULL);
	assert_true(d.bitflags & JOB_NTASKS_SET);
	assert_true(d.bitflags & USE_DEFAULT_PART);
	assert_null(d.crontab_entry);

	slurm_job_desc_free(&d);
	assert_null(d.name);
	golden_free(&g);
}

static void test_sbatch_job_desc_repacks_identically(void **state)
{
	struct golden g;
	struct slurm_job_desc d;
	buf_t v, *out;

	golden_load(&g, "sbatch", "01-request.bin");
	golden_view(&g, &v);
	assert_int_equal(slurm_job_desc_unpack(&v, &d), 0);
	out = buf_new(0);
	slurm_job_desc_pack(out, &d);
	golden_assert_same(&g, out);
	buf_free(out);
	slurm_job_desc_free(&d);
	golden_free(&g);
}

static void test_job_desc_built_from_init_round_trips(void **state)
{
	struct slurm_job_desc d, e;
	char *env[] = { "A=1", "B=2", NULL };
	char *argv[] = { "/home/u/job.sh", "x", NULL };
	buf_t *out, v;

	/* what our own tools would send: held job with a mem-per-cpu ask */
	slurm_job_desc_init(&d);
	d.name = "tool";
	d.partition = "gpu";
	d.script = "#!/bin/sh\ntrue\n";
	d.environment = env;
	d.env_size = 2;
	d.argv = argv;
	d.argc = 2;
	d.priority = 0;
	d.pn_min_memory = MEM_PER_CPU | 2048;
	d.begin_time = 1700000000;
	d.array_inx = "1-10%2";
	d.user_id = 1000;
	d.group_id = 1000;
	out = buf_new(0);
	slurm_job_desc_pack(out, &d);

	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_job_desc_unpack(&v, &e), 0);
	assert_string_equal(e.name, "tool");
	assert_string_equal(e.partition, "gpu");
	assert_int_equal(e.priority, 0);
	assert_true(e.pn_min_memory & MEM_PER_CPU);
	assert_true((e.pn_min_memory & ~MEM_PER_CPU) == 2048);
	assert_int_equal(e.begin_time, 1700000000);
	assert_string_equal(e.array_inx, "1-10%2");
	assert_int_equal(e.argc, 2);
	assert_string_equal(e.argv[1], "x");
	assert_string_equal(e.environment[1], "B=2");
	assert_int_equal(e.time_limit, NO_VAL);
	assert_int_equal(e.min_nodes, NO_VAL);
	assert_int_equal(e.user_id, 1000);
	slurm_job_desc_free(&e);
	buf_free(out);
}

static void test_job_desc_truncated_fails(void **state)
{
	struct golden g;

	golden_load(&g, "sbatch", "01-request.bin");
	golden_assert_truncations_fail(&g, unpack_job_desc);
	golden_assert_trailing_byte_fails(&g, unpack_job_desc);
	golden_free(&g);
}

static void test_job_desc_garbled_is_safe(void **state)
{
	struct golden g;

	golden_load(&g, "sbatch", "01-request.bin");
	golden_assert_garbling_is_safe(&g, unpack_job_desc);
	golden_free(&g);
}

static void test_job_desc_rejects_bad_select_plugin(void **state)
{
	struct slurm_job_desc d;
	buf_t *out, v;

	slurm_job_desc_init(&d);
	d.select_plugin = 108;    /* Cray cons_res: data we cannot size */
	out = buf_new(0);
	slurm_job_desc_pack(out, &d);
	buf_init_view(&v, out->data, buf_len(out));
	err_clear();
	assert_int_equal(slurm_job_desc_unpack(&v, &d), -1);
	assert_non_null(strstr(err_msg(), "select plugin 108"));
	assert_null(d.name);
	buf_free(out);
}

/* --- REQUEST_UPDATE_JOB and RESPONSE_JOB_ARRAY_ERRORS -------------- */

/* Bodies Debian's scontrol 22.05.8 sent to a listener on loopback
 * (length, header and MUNGE credential stripped). */
static const char scontrol_uhold_5[] =	/* scontrol uhold 5 */
	"fffffffe000000000000000000000000fffe00000000fffefffffffefffe0000"
	"000000000000000000000000000000000000fffffffe00000002350000000000"
	"00000000000000020000000000000000fffefffffffffffffffefffffffe0000"
	"000000fffffffefffffffefffffffe0000000000000000000000000000000000"
	"00000000000000fffffffe0000000000000000000000000000000000fe000000"
	"00fffffffe000000000000000000000000000000000000000000000000000000"
	"0000000000000000000000000000000000000000000000fffefffefffefffeff"
	"fe0000fffefffefffefffefffefffe0000000000000000fffffffefffffffeff"
	"fffffefffffffefffffffefffffffe00000000fffefffefffefffffffeffffff"
	"fe00000000000000000000000000000000000000000000000000000000000000"
	"000000000000000000fffe0000000000000000000000000000000000000000ff"
	"fffffefffffffe00000066fffe000000001e000000fffffffe00000000000000"
	"0000000000000000000000000000000000000000000000000000000000000000"
	"00000000000000000000";
/* scontrol update JobId=5 TimeLimit=10 JobName=renamed Partition=batch */
static const char scontrol_update_5[] =
	"fffffffe000000000000000000000000fffe00000000fffefffffffefffe0000"
	"000000000000000000000000000000000000fffffffe00000002350000000008"
	"72656e616d65640000000000fffffffe0000000000000000fffeffffffffffff"
	"fffefffffffe0000000000fffffffefffffffefffffffe000000066261746368"
	"00fffffffe00000000000000000000000000000000fffffffe00000000000000"
	"00000000000000000000fe00000000fffffffe00000000000000000000000000"
	"0000000000000000000000000000000000000000000000000000000000000000"
	"0000000000fffefffefffefffefffe0000fffefffefffefffefffefffe000000"
	"00000000000000000afffffffefffffffefffffffefffffffefffffffe000000"
	"00fffefffefffefffffffefffffffe0000000000000000000000000000000000"
	"0000000000000000000000000000000000000000000000fffe00000000000000"
	"00000000000000000000000000fffffffefffffffe00000066fffe000000001a"
	"000000fffffffe00000000000000000000000000000000000000000000000000"
	"000000000000000000000000000000000000000000000000";

/* A golden-like body from hex, so the helpers above apply to it. */
static void golden_from_hex(struct golden *g, const char *hex)
{
	size_t n = strlen(hex) / 2;

	memset(g, 0, sizeof(*g));
	g->file = malloc(n);
	assert_non_null(g->file);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(sscanf(hex + 2 * i, "%2hhx", &g->file[i]), 1);
	g->file_len = n;
	g->msg_type = REQUEST_UPDATE_JOB;
	g->body = g->file;
	g->body_len = n;
}

static void test_scontrol_uhold_decodes(void **state)
{
	struct golden g;
	struct slurm_job_desc d;
	buf_t b, *out;

	golden_from_hex(&g, scontrol_uhold_5);
	golden_view(&g, &b);
	assert_int_equal(slurm_job_desc_unpack(&b, &d), 0);
	/* the job is named by string; job_id stays unset */
	assert_string_equal(d.job_id_str, "5");
	assert_int_equal(d.job_id, NO_VAL);
	/* uhold: priority 0 with the user-hold mark */
	assert_int_equal(d.priority, 0);
	assert_int_equal(d.alloc_sid, ALLOC_SID_USER_HOLD);
	assert_int_equal(d.user_id, NO_VAL);
	assert_null(d.name);
	assert_null(d.partition);
	assert_int_equal(d.time_limit, NO_VAL);
	/* nothing else is set */
	assert_string_equal(slurm_job_desc_first_set(&d), "job_id_str");
	free(d.job_id_str);
	d.job_id_str = NULL;
	d.priority = NO_VAL;
	d.alloc_sid = NO_VAL;
	assert_null(slurm_job_desc_first_set(&d));
	/* and it packs back to the same bytes */
	d.job_id_str = strdup("5");
	d.priority = 0;
	d.alloc_sid = ALLOC_SID_USER_HOLD;
	out = buf_new(0);
	slurm_job_desc_pack(out, &d);
	golden_assert_same(&g, out);
	buf_free(out);
	slurm_job_desc_free(&d);
	golden_free(&g);
}

static void test_scontrol_update_decodes(void **state)
{
	struct golden g;
	struct slurm_job_desc d;
	buf_t b;

	golden_from_hex(&g, scontrol_update_5);
	golden_view(&g, &b);
	assert_int_equal(slurm_job_desc_unpack(&b, &d), 0);
	assert_string_equal(d.job_id_str, "5");
	assert_string_equal(d.name, "renamed");
	assert_string_equal(d.partition, "batch");
	assert_int_equal(d.time_limit, 10);
	assert_int_equal(d.priority, NO_VAL);
	assert_int_equal(d.alloc_sid, NO_VAL);
	/* Partition given: USE_DEFAULT_PART is not among the bits */
	assert_false(d.bitflags & USE_DEFAULT_PART);
	assert_true(d.bitflags & USE_DEFAULT_ACCT);
	free(d.job_id_str);
	free(d.name);
	d.job_id_str = d.name = NULL;
	assert_string_equal(slurm_job_desc_first_set(&d), "partition");
	free(d.partition);
	d.partition = NULL;
	assert_string_equal(slurm_job_desc_first_set(&d), "time_limit");
	d.time_limit = NO_VAL;
	assert_null(slurm_job_desc_first_set(&d));
	slurm_job_desc_free(&d);
	golden_free(&g);
}

static void test_update_bodies_cut_or_garbled(void **state)
{
	struct golden g;

	golden_from_hex(&g, scontrol_update_5);
	golden_assert_truncations_fail(&g, unpack_job_desc);
	golden_assert_trailing_byte_fails(&g, unpack_job_desc);
	golden_assert_garbling_is_safe(&g, unpack_job_desc);
	golden_free(&g);
}

/* Whatever field an update sets, first_set names it: a request FLURM
 * cannot carry out is refused, never half done. */
static void test_job_desc_first_set(void **state)
{
	struct slurm_job_desc d;
	char *env[] = { "A=1", NULL };

	slurm_job_desc_init(&d);
	assert_null(slurm_job_desc_first_set(&d));
	/* what every client sets is not a request */
	d.bitflags = USE_DEFAULT_ACCT | USE_DEFAULT_PART | USE_DEFAULT_QOS |
		     USE_DEFAULT_WCKEY;
	d.select_plugin = SELECT_PLUGIN_CONS_RES;
	assert_null(slurm_job_desc_first_set(&d));
	d.bitflags |= 1ull << 40;
	assert_string_equal(slurm_job_desc_first_set(&d), "bitflags");

	slurm_job_desc_init(&d);
	d.features = "fast";
	assert_string_equal(slurm_job_desc_first_set(&d), "features");
	slurm_job_desc_init(&d);
	d.nice = NICE_OFFSET + 10;
	assert_string_equal(slurm_job_desc_first_set(&d), "nice");
	slurm_job_desc_init(&d);
	d.contiguous = 1;
	assert_string_equal(slurm_job_desc_first_set(&d), "contiguous");
	slurm_job_desc_init(&d);
	d.environment = env;
	d.env_size = 1;
	assert_string_equal(slurm_job_desc_first_set(&d), "environment");
	slurm_job_desc_init(&d);
	d.begin_time = 1700000000;
	assert_string_equal(slurm_job_desc_first_set(&d), "begin_time");
	slurm_job_desc_init(&d);
	d.tres_per_task = "cpu:2";
	assert_string_equal(slurm_job_desc_first_set(&d), "tres_per_task");
	slurm_job_desc_init(&d);
	d.pn_min_memory = 200;
	d.mail_user = "me";
	/* the first in wire order */
	assert_string_equal(slurm_job_desc_first_set(&d), "pn_min_memory");
}

static void test_job_array_resp(void **state)
{
	/* one entry: "12_1-3" ESLURM_INVALID_JOB_ID (2017) */
	static const uint8_t want[] = {
		0x00, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x07, 0xe1,
		0x00, 0x00, 0x00, 0x07, '1', '2', '_', '1', '-', '3', 0x00,
	};
	uint32_t codes[] = { 2017, 0 };
	char *ids[] = { "12_1-3", "12_4" };
	struct slurm_job_array_resp r = { 1, codes, ids }, e;
	buf_t *out = buf_new(0), v;

	slurm_job_array_resp_pack(out, &r);
	assert_int_equal(buf_len(out), sizeof(want));
	assert_memory_equal(out->data, want, sizeof(want));
	buf_free(out);

	r.count = 2;
	out = buf_new(0);
	slurm_job_array_resp_pack(out, &r);
	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_job_array_resp_unpack(&v, &e), 0);
	assert_int_equal(e.count, 2);
	assert_int_equal(e.error_code[0], 2017);
	assert_string_equal(e.job_array_id[0], "12_1-3");
	assert_int_equal(e.error_code[1], 0);
	assert_string_equal(e.job_array_id[1], "12_4");
	slurm_job_array_resp_free(&e);
	assert_null(e.job_array_id);

	/* every cut is refused; a count larger than the body too */
	for (size_t cut = 0; cut < buf_len(out); cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);

		memcpy(copy, out->data, cut);
		buf_init_view(&v, copy, cut);
		err_clear();
		assert_int_equal(slurm_job_array_resp_unpack(&v, &e), -1);
		assert_true(err_msg()[0] != '\0');
		assert_int_equal(e.count, 0);
		free(copy);
	}
	out->data[3] = 0xff;
	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_job_array_resp_unpack(&v, &e), -1);
	buf_free(out);
}

/* --- RESPONSE_SUBMIT_BATCH_JOB ------------------------------------ */

static void test_submit_response_matches_golden(void **state)
{
	struct golden g;
	struct slurm_submit_response r;
	buf_t *out, v;

	golden_load(&g, "sbatch", "01-response.bin");
	assert_int_equal(g.msg_type, RESPONSE_SUBMIT_BATCH_JOB);
	out = buf_new(0);
	slurm_submit_response_pack(out, 3, 0, NULL);
	golden_assert_same(&g, out);
	buf_free(out);

	golden_view(&g, &v);
	assert_int_equal(slurm_submit_response_unpack(&v, &r), 0);
	assert_int_equal(r.job_id, 3);
	assert_int_equal(r.step_id, SLURM_BATCH_SCRIPT);
	assert_int_equal(r.error_code, 0);
	assert_null(r.job_submit_user_msg);
	slurm_submit_response_free(&r);
	golden_assert_truncations_fail(&g, unpack_submit_resp);
	golden_free(&g);
}

static void test_submit_response_user_msg(void **state)
{
	struct slurm_submit_response r;
	buf_t *out, v;

	out = buf_new(0);
	slurm_submit_response_pack(out, 42, 0, "queued behind 3 jobs");
	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_submit_response_unpack(&v, &r), 0);
	assert_int_equal(r.job_id, 42);
	assert_string_equal(r.job_submit_user_msg, "queued behind 3 jobs");
	slurm_submit_response_free(&r);
	buf_free(out);
}

/* --- job info requests -------------------------------------------- */

static void test_squeue_job_info_request(void **state)
{
	struct golden g;
	struct slurm_job_info_request r;
	buf_t v, *out;

	golden_load(&g, "squeue", "01-request.bin");
	assert_int_equal(g.msg_type, REQUEST_JOB_INFO);
	golden_view(&g, &v);
	assert_int_equal(slurm_job_info_request_unpack(&v, &r), 0);
	assert_int_equal(r.last_update, 0);
	assert_int_equal(r.show_flags, SHOW_LOCAL);
	assert_true(r.all_jobs);
	assert_int_equal(r.job_id_cnt, 0);
	out = buf_new(0);
	slurm_job_info_request_pack(out, &r);
	golden_assert_same(&g, out);
	buf_free(out);
	slurm_job_info_request_free(&r);
	golden_assert_truncations_fail(&g, unpack_info_req);
	golden_free(&g);
}

static void test_job_info_request_with_ids(void **state)
{
	uint32_t ids[] = { 7, 9 };
	struct slurm_job_info_request r = {
		.show_flags = SHOW_ALL, .job_id_cnt = 2, .job_ids = ids,
	}, s;
	buf_t *out, v;

	out = buf_new(0);
	slurm_job_info_request_pack(out, &r);
	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_job_info_request_unpack(&v, &s), 0);
	assert_false(s.all_jobs);
	assert_int_equal(s.job_id_cnt, 2);
	assert_int_equal(s.job_ids[1], 9);
	slurm_job_info_request_free(&s);

	/* a count far larger than the body is refused before allocating */
	buf_put_u32_at(out, 10, 0x00100000);
	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_job_info_request_unpack(&v, &s), -1);
	buf_free(out);
}

static void test_job_info_single_request(void **state)
{
	struct golden g;
	struct slurm_job_id_request r;
	buf_t v, *out;

	golden_load(&g, "squeue_j", "02-request.bin");
	assert_int_equal(g.msg_type, REQUEST_JOB_INFO_SINGLE);
	golden_view(&g, &v);
	assert_int_equal(slurm_job_id_request_unpack(&v, &r), 0);
	assert_int_equal(r.job_id, 1);
	assert_int_equal(r.show_flags, SHOW_ALL | SHOW_LOCAL);
	out = buf_new(0);
	slurm_job_id_request_pack(out, &r);
	golden_assert_same(&g, out);
	buf_free(out);

	/* five bytes is one short */
	buf_init_view(&v, g.body, g.body_len - 1);
	assert_int_equal(slurm_job_id_request_unpack(&v, &r), -1);
	golden_free(&g);
}

static void test_job_user_request(void **state)
{
	struct slurm_job_user_request r = { .user_id = 1000,
					    .show_flags = SHOW_LOCAL }, s;
	buf_t *out, v;

	out = buf_new(0);
	slurm_job_user_request_pack(out, &r);
	assert_int_equal(buf_len(out), 6);
	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_job_user_request_unpack(&v, &s), 0);
	assert_int_equal(s.user_id, 1000);
	assert_int_equal(s.show_flags, SHOW_LOCAL);
	buf_free(out);
}

/* --- RESPONSE_JOB_INFO -------------------------------------------- */

static void check_running_sleeper(const struct slurm_job_info *j)
{
	assert_int_equal(j->job_id, 1);
	assert_string_equal(j->name, "sleeper");
	assert_int_equal(j->job_state & JOB_STATE_BASE, JOB_RUNNING);
	assert_int_equal(j->state_reason, WAIT_NO_REASON);
	assert_int_equal(j->batch_flag, 1);
	assert_int_equal(j->user_id, 0);
	assert_int_equal(j->group_id, 0);
	assert_string_equal(j->partition, "debug");
	assert_string_equal(j->nodes, "n1");
	assert_string_equal(j->batch_host, "n1");
	assert_string_equal(j->cluster, "anchor");
	assert_string_equal(j->alloc_node, "localhost");
	assert_string_equal(j->work_dir, "/tmp/slurm-anchor/jobs");
	assert_string_equal(j->std_in, "/dev/null");
	assert_null(j->std_out);
	assert_null(j->command);
	assert_true(only_bit_set(j->node_inx, 4, 0));
	assert_null(j->req_node_inx);
	assert_null(j->exc_node_inx);
	assert_int_equal(j->time_limit, 60);
	assert_int_equal(j->submit_time, T_SUBMIT_1_2);
	assert_int_equal(j->eligible_time, T_SUBMIT_1_2);
	assert_int_equal(j->start_time, T_START_1);
	assert_int_equal(j->end_time, T_START_1 + 60 * 60);
	assert_int_equal(j->priority, 0xfffeffff);
	assert_true(j->billable_tres == 1.0);
	assert_int_equal(j->nice, NICE_OFFSET);
	assert_int_equal(j->site_factor, NICE_OFFSET);
	assert_int_equal(j->array_job_id, 0);
	assert_int_equal(j->array_task_id, NO_VAL);
	assert_int_equal(j->num_cpus, 1);
	assert_int_equal(j->num_nodes, 1);
	assert_int_equal(j->max_nodes, 0);
	assert_int_equal(j->num_tasks, 1);
	assert_int_equal(j->cpus_per_task, 1);
	assert_int_equal(j->shared, NO_VAL16);
	assert_int_equal(j->core_spec, NO_VAL16);
	assert_int_equal(j->cpu_freq_min, NO_VAL);
	/* DefMemPerCPU=100 in the anchor's slurm.conf */
	assert_true(j->pn_min_memory == (MEM_PER_CPU | 100));
	assert_string_equal(j->tres_alloc_str,
			    "cpu=1,mem=100M,node=1,billing=1");
	assert_true(j->mc.present);
	assert_int_equal(j->mc.sockets_per_node, NO_VAL16);
	assert_int_equal(j->mc.ntasks_per_socket, INFINITE16);
	assert_int_equal(j->start_protocol_ver, 0x2600);
	assert_int_equal(j->select_plugin, SELECT_PLUGIN_CONS_TRES);
	assert_string_equal(j->mail_user, "root");
	assert_int_equal(j->gres_detail_cnt, 0);
}

static void check_held(const struct slurm_job_info *j)
{
	assert_int_equal(j->job_id, 2);
	assert_string_equal(j->name, "held");
	assert_int_equal(j->job_state, JOB_PENDING);
	assert_int_equal(j->state_reason, WAIT_HELD_USER);
	assert_int_equal(j->priority, 0);
	assert_null(j->nodes);
	assert_null(j->batch_host);
	assert_null(j->node_inx);
	assert_string_equal(j->partition, "debug");
	assert_int_equal(j->time_limit, 10);
	assert_int_equal(j->submit_time, T_SUBMIT_1_2);
	assert_int_equal(j->eligible_time, 0);
	assert_int_equal(j->start_time, 0);
	assert_int_equal(j->end_time, 0);
	assert_true(j->billable_tres == (double)NO_VAL);
	assert_null(j->tres_alloc_str);
	assert_string_equal(j->tres_req_str,
			    "cpu=1,mem=100M,node=1,billing=1");
	assert_int_equal(j->num_cpus, 1);
	/* no CPU range asked for: scontrol shows "NumCPUs=1" */
	assert_int_equal(j->max_cpus, 0);
	assert_int_equal(j->num_nodes, 1);
}

static void test_squeue_job_info_decodes(void **state)
{
	struct golden g;
	struct slurm_job_info_msg m;
	buf_t v;

	golden_load(&g, "squeue", "01-response.bin");
	assert_int_equal(g.msg_type, RESPONSE_JOB_INFO);
	golden_view(&g, &v);
	assert_int_equal(slurm_job_info_msg_unpack(&v, &m), 0);
	assert_int_equal(buf_remaining(&v), 0);
	assert_int_equal(m.record_count, 2);
	assert_int_equal(m.last_update, 1795625015);
	assert_int_equal(m.last_backfill, 0);
	check_running_sleeper(&m.jobs[0]);
	check_held(&m.jobs[1]);
	slurm_job_info_msg_free(&m);
	golden_free(&g);
}

static void test_scontrol_show_job_decodes(void **state)
{
	struct golden g;
	struct slurm_job_info_msg m;
	buf_t v;

	/* the finished golden job: JobState=COMPLETED ExitCode=0:0 */
	golden_load(&g, "scontrol_show_job", "02-response.bin");
	golden_view(&g, &v);
	assert_int_equal(slurm_job_info_msg_unpack(&v, &m), 0);
	assert_int_equal(m.record_count, 1);
	const struct slurm_job_info *j = &m.jobs[0];
	assert_int_equal(j->job_id, 3);
	assert_string_equal(j->name, "golden");
	assert_int_equal(j->job_state, JOB_COMPLETE);
	assert_int_equal(j->exit_code, 0);
	assert_int_equal(j->derived_ec, 0);
	assert_int_equal(j->time_limit, 5);
	assert_true(j->pn_min_memory == 100);
	assert_string_equal(j->nodes, "n1");
	assert_true(only_bit_set(j->node_inx, 4, 0));
	assert_int_equal(j->start_time, j->end_time);
	slurm_job_info_msg_free(&m);
	golden_free(&g);

	golden_load(&g, "scontrol_show_job_pending", "02-response.bin");
	golden_view(&g, &v);
	assert_int_equal(slurm_job_info_msg_unpack(&v, &m), 0);
	assert_int_equal(m.record_count, 1);
	check_held(&m.jobs[0]);
	slurm_job_info_msg_free(&m);
	golden_free(&g);

	golden_load(&g, "squeue_j", "02-response.bin");
	golden_view(&g, &v);
	assert_int_equal(slurm_job_info_msg_unpack(&v, &m), 0);
	assert_int_equal(m.record_count, 1);
	check_running_sleeper(&m.jobs[0]);
	assert_int_equal(m.jobs[0].show_flags, SHOW_ALL | SHOW_LOCAL);
	slurm_job_info_msg_free(&m);
	golden_free(&g);
}

static const char *const job_info_cases[][2] = {
	{ "squeue", "01-response.bin" },
	{ "squeue_j", "02-response.bin" },
	{ "scontrol_show_job", "02-response.bin" },
	{ "scontrol_show_job_pending", "02-response.bin" },
};
#define N_JOB_INFO_CASES (sizeof(job_info_cases) / sizeof(job_info_cases[0]))

static void test_job_info_repacks_identically(void **state)
{
	for (size_t i = 0; i < N_JOB_INFO_CASES; i++) {
		struct golden g;
		struct slurm_job_info_msg m;
		buf_t v, *out;

		golden_load(&g, job_info_cases[i][0], job_info_cases[i][1]);
		golden_view(&g, &v);
		assert_int_equal(slurm_job_info_msg_unpack(&v, &m), 0);
		out = buf_new(0);
		slurm_job_info_msg_pack(out, &m);
		golden_assert_same(&g, out);
		buf_free(out);

		/* the header + per-record API gives the same bytes */
		out = buf_new(0);
		slurm_job_info_pack_header(out, m.record_count, m.last_update,
					   m.last_backfill);
		for (uint32_t k = 0; k < m.record_count; k++)
			slurm_job_info_pack(out, &m.jobs[k]);
		golden_assert_same(&g, out);
		buf_free(out);
		slurm_job_info_msg_free(&m);
		golden_free(&g);
	}
}

/* A controller fills init() plus what it knows about a held job; the
 * bytes must be what the real slurmctld sent for it. */
static void test_job_info_from_init_matches_slurmctld(void **state)
{
	struct golden g;
	struct slurm_job_info j;
	buf_t *out;

	golden_load(&g, "scontrol_show_job_pending", "02-response.bin");
	slurm_job_info_init(&j);
	j.job_id = 2;
	j.user_id = 0;
	j.group_id = 0;
	j.job_state = JOB_PENDING;
	j.batch_flag = 1;
	j.state_reason = WAIT_HELD_USER;
	j.show_flags = SHOW_LOCAL;
	j.alloc_sid = 2539;
	j.time_limit = 10;
	j.submit_time = T_SUBMIT_1_2;
	j.last_sched_eval = T_SUBMIT_1_2;
	j.priority = 0;
	j.cluster = "anchor";
	j.partition = "debug";
	j.name = "held";
	j.alloc_node = "localhost";
	j.work_dir = "/tmp/slurm-anchor/jobs";
	j.num_cpus = 1;
	j.num_nodes = 1;
	j.requeue = 1;
	j.num_tasks = 1;
	j.cpus_per_task = 1;
	j.pn_min_cpus = 1;
	j.pn_min_memory = MEM_PER_CPU | 100;
	j.std_in = "/dev/null";
	j.mc = (struct slurm_multi_core){
		.present = true,
		.sockets_per_node = NO_VAL16,
		.cores_per_socket = NO_VAL16,
		.threads_per_core = NO_VAL16,
		.ntasks_per_socket = INFINITE16,
		.ntasks_per_core = INFINITE16,
	};
	j.bitflags = 0xbe000000ULL;
	j.tres_req_str = "cpu=1,mem=100M,node=1,billing=1";
	j.mail_user = "root";

	out = buf_new(0);
	slurm_job_info_pack_header(out, 1, 1795625031, 0);
	slurm_job_info_pack(out, &j);
	golden_assert_same(&g, out);
	buf_free(out);
	golden_free(&g);
}

static void test_job_info_truncated_fails(void **state)
{
	for (size_t i = 0; i < N_JOB_INFO_CASES; i++) {
		struct golden g;

		golden_load(&g, job_info_cases[i][0], job_info_cases[i][1]);
		golden_assert_truncations_fail(&g, unpack_job_info);
		golden_assert_trailing_byte_fails(&g, unpack_job_info);
		golden_free(&g);
	}
}

static void test_job_info_garbled_is_safe(void **state)
{
	struct golden g;

	golden_load(&g, "squeue", "01-response.bin");
	golden_assert_garbling_is_safe(&g, unpack_job_info);
	golden_free(&g);
}

static void test_job_info_lying_count_fails(void **state)
{
	struct golden g;
	uint8_t *copy;
	buf_t v;

	golden_load(&g, "squeue", "01-response.bin");
	copy = malloc(g.body_len);
	memcpy(copy, g.body, g.body_len);
	copy[0] = 0x7f;      /* record_count 0x7f000002 */
	buf_init_view(&v, copy, g.body_len);
	err_clear();
	assert_int_equal(unpack_job_info(&v), -1);
	assert_non_null(strstr(err_msg(), "cannot fit"));
	copy[0] = 0;
	copy[3] = 3;         /* three records, two present */
	buf_init_view(&v, copy, g.body_len);
	assert_int_equal(unpack_job_info(&v), -1);
	free(copy);
	golden_free(&g);
}

/* scontrol show job -d / squeue -o %C from a real slurmctld carry a full
 * job_resources block; the decoder must step over it. */
static void test_job_info_skips_job_resources(void **state)
{
	struct golden g;
	struct slurm_job_info_msg m;
	buf_t v, *out;
	size_t at;

	golden_load(&g, "scontrol_show_job", "02-response.bin");
	golden_view(&g, &v);
	assert_int_equal(slurm_job_info_msg_unpack(&v, &m), 0);

	/* re-pack, then replace the job_resources NO_VAL with a full block:
	 * the NO_VAL is followed by gres_detail count 0 and name "golden" */
	out = buf_new(0);
	slurm_job_info_msg_pack(out, &m);
	const uint8_t marker[] = { 0xff, 0xff, 0xff, 0xfe, 0, 0, 0, 0,
				   0, 0, 0, 7, 'g', 'o', 'l', 'd', 'e', 'n' };
	uint8_t *hit = memmem(out->data, buf_len(out), marker, sizeof(marker));
	assert_non_null(hit);
	at = (size_t)(hit - out->data);

	buf_t *jr = buf_new(0);
	uint32_t reps[] = { 1 };
	uint16_t vals[] = { 1 }, cpus[] = { 1 }, used[] = { 1 };
	uint64_t mem[] = { 100 };
	uint16_t spn[] = { 1 }, cps[] = { 16 };
	uint32_t scr[] = { 1 };
	bitstr_t *cores = bit_alloc(16);

	bit_set(cores, 0);
	pack32(jr, 1);             /* nhosts */
	pack32(jr, 1);             /* ncpus */
	pack32(jr, 1);             /* node_req */
	pack_str(jr, "n1");
	pack8(jr, 0);
	pack16(jr, 1);
	pack16(jr, 0);
	pack32_array(jr, reps, 1);
	pack16_array(jr, vals, 1);
	pack16_array(jr, cpus, 1);
	pack16_array(jr, used, 1);
	pack64_array(jr, mem, 1);
	pack64_array(jr, mem, 1);
	pack16_array(jr, spn, 1);
	pack16_array(jr, cps, 1);
	pack32_array(jr, scr, 1);
	pack_bitstr(jr, cores);
	pack_bitstr(jr, cores);

	buf_t *spliced = buf_new(0);
	pack_raw(spliced, out->data, at);
	pack_raw(spliced, jr->data, buf_len(jr));
	pack_raw(spliced, out->data + at + 4, buf_len(out) - at - 4);

	struct slurm_job_info_msg m2;
	buf_init_view(&v, spliced->data, buf_len(spliced));
	assert_int_equal(slurm_job_info_msg_unpack(&v, &m2), 0);
	assert_int_equal(m2.jobs[0].job_id, 3);
	assert_string_equal(m2.jobs[0].name, "golden");
	assert_string_equal(m2.jobs[0].mail_user, "root");
	assert_non_null(m2.jobs[0].job_resrcs);
	assert_string_equal(m2.jobs[0].job_resrcs->nodes, "n1");
	assert_int_equal(m2.jobs[0].job_resrcs->memory_allocated[0], 100);
	assert_true(bit_test(m2.jobs[0].job_resrcs->core_bitmap, 0));
	slurm_job_info_msg_free(&m2);

	/* a cpus count that disagrees with nhosts is refused */
	buf_put_u32_at(spliced, at, 2);
	buf_init_view(&v, spliced->data, buf_len(spliced));
	assert_int_equal(slurm_job_info_msg_unpack(&v, &m2), -1);

	bit_free(cores);
	buf_free(spliced);
	buf_free(jr);
	buf_free(out);
	slurm_job_info_msg_free(&m);
	golden_free(&g);
}

/* --- REQUEST_KILL_JOB --------------------------------------------- */

static void test_scancel_kill_request(void **state)
{
	struct golden g;
	struct slurm_job_kill k;
	buf_t v, *out;

	golden_load(&g, "scancel", "01-request.bin");
	assert_int_equal(g.msg_type, REQUEST_KILL_JOB);
	golden_view(&g, &v);
	assert_int_equal(slurm_job_kill_unpack(&v, &k), 0);
	assert_int_equal(k.job_id, NO_VAL);
	assert_int_equal(k.step_id, NO_VAL);
	assert_int_equal(k.step_het_comp, NO_VAL);
	assert_string_equal(k.sjob_id, "1");
	assert_null(k.sibling);
	assert_int_equal(k.signal, 9);
	assert_int_equal(k.flags, 0);
	out = buf_new(0);
	slurm_job_kill_pack(out, &k);
	golden_assert_same(&g, out);
	buf_free(out);
	slurm_job_kill_free(&k);
	golden_assert_truncations_fail(&g, unpack_kill);
	golden_assert_trailing_byte_fails(&g, unpack_kill);
	golden_assert_garbling_is_safe(&g, unpack_kill);
	golden_free(&g);
}

/* scontrol write batch_script ID -: the job id asked, the script given
 * back as one string, byte for byte as slurmctld sends it. */
static void test_batch_script(void **state)
{
	struct slurm_job_id_request r;
	struct golden g;
	char *script = NULL;
	buf_t v, *out;

	golden_load(&g, "batch_script", "02-request.bin");
	assert_int_equal(g.msg_type, REQUEST_BATCH_SCRIPT);
	golden_view(&g, &v);
	assert_int_equal(slurm_job_id_request_unpack(&v, &r), 0);
	assert_int_not_equal(r.job_id, 0);
	golden_free(&g);

	golden_load(&g, "batch_script", "02-response.bin");
	assert_int_equal(g.msg_type, RESPONSE_BATCH_SCRIPT);
	golden_view(&g, &v);
	assert_int_equal(slurm_batch_script_unpack(&v, &script), 0);
	assert_string_equal(script, "#!/bin/sh\n# This script was created by "
			    "sbatch --wrap.\n\necho hi\n");
	out = buf_new(0);
	slurm_batch_script_pack(out, script);
	golden_assert_same(&g, out);
	buf_free(out);
	free(script);
	golden_free(&g);
}

static void test_cancel_step_request(void **state)
{
	/* scancel 12.3 -> REQUEST_CANCEL_JOB_STEP, same layout */
	struct slurm_job_kill k = {
		.job_id = 12, .step_id = 3, .step_het_comp = NO_VAL,
		.signal = 9, .flags = KILL_FULL_JOB,
	}, l;
	buf_t *out, v;

	out = buf_new(0);
	slurm_job_kill_pack(out, &k);
	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_job_kill_unpack(&v, &l), 0);
	assert_int_equal(l.job_id, 12);
	assert_int_equal(l.step_id, 3);
	assert_null(l.sjob_id);
	assert_int_equal(l.flags, KILL_FULL_JOB);
	slurm_job_kill_free(&l);
	buf_free(out);
}

/* A body packed by PACK from REC round-trips through UNPACK; every
 * strict prefix and a trailing byte are refused. */
static void test_job_control_requests(void **state)
{
	struct slurm_job_requeue rq = { NO_VAL, "42", JOB_REQUEUE_HOLD }, rq2;
	struct slurm_job_suspend su = { SLURM_RESUME_JOB, NO_VAL, "7" }, su2;
	struct slurm_job_notify no = { 9, NO_VAL, NO_VAL, "hello there" }, no2;
	buf_t *b[3] = { buf_new(0), buf_new(0), buf_new(0) };
	buf_t v;

	slurm_job_requeue_pack(b[0], &rq);
	slurm_job_suspend_pack(b[1], &su);
	slurm_job_notify_pack(b[2], &no);

	buf_init_view(&v, b[0]->data, buf_len(b[0]));
	assert_int_equal(slurm_job_requeue_unpack(&v, &rq2), 0);
	assert_int_equal(rq2.job_id, NO_VAL);
	assert_string_equal(rq2.job_id_str, "42");
	assert_int_equal(rq2.flags, JOB_REQUEUE_HOLD);
	slurm_job_requeue_free(&rq2);

	buf_init_view(&v, b[1]->data, buf_len(b[1]));
	assert_int_equal(slurm_job_suspend_unpack(&v, &su2), 0);
	assert_int_equal(su2.op, SLURM_RESUME_JOB);
	assert_string_equal(su2.job_id_str, "7");
	slurm_job_suspend_free(&su2);

	buf_init_view(&v, b[2]->data, buf_len(b[2]));
	assert_int_equal(slurm_job_notify_unpack(&v, &no2), 0);
	assert_int_equal(no2.job_id, 9);
	assert_int_equal(no2.step_id, NO_VAL);
	assert_string_equal(no2.message, "hello there");
	slurm_job_notify_free(&no2);

	for (int k = 0; k < 3; k++) {
		size_t n = buf_len(b[k]);
		uint8_t *copy = malloc(n + 1);

		for (size_t len = 0; len <= n + 1; len++) {
			int rc;

			if (len == n)
				continue;
			memcpy(copy, b[k]->data, len < n ? len : n);
			if (len > n)
				copy[n] = 0;
			buf_init_view(&v, copy, len);
			if (k == 0) {
				rc = slurm_job_requeue_unpack(&v, &rq2);
				slurm_job_requeue_free(&rq2);
			} else if (k == 1) {
				rc = slurm_job_suspend_unpack(&v, &su2);
				slurm_job_suspend_free(&su2);
			} else {
				rc = slurm_job_notify_unpack(&v, &no2);
				slurm_job_notify_free(&no2);
			}
			assert_int_equal(rc, -1);
		}
		free(copy);
		buf_free(b[k]);
	}
}

/* What slurmctld packs for a job on two alike nodes (2 sockets x 2
 * cores), 2 CPUs and 100 MB on each, cores 1-2 of the first and 0-1 of
 * the second: the layout of 22.05's pack_job_resources, field by field,
 * and 24.05's node bitmap after it. */
static void test_job_resources_pack_layout(void **state)
{
	uint32_t reps[] = { 2 }, scr[] = { 2 };
	uint16_t vals[] = { 2 }, cpus[] = { 2, 2 }, used[] = { 0, 0 };
	uint64_t mem[] = { 100, 100 }, mused[] = { 0, 0 };
	uint16_t spn[] = { 2 }, cps[] = { 2 };
	struct slurm_job_resources r = {
		.nhosts = 2, .ncpus = 4, .node_req = NODE_CR_AVAILABLE,
		.nodes = "n[1-2]", .whole_node = 0, .threads_per_core = 1,
		.cr_type = 0x14, .cpu_array_cnt = 1, .cpu_array_reps = reps,
		.cpu_array_value = vals, .cpus = cpus, .cpus_used = used,
		.memory_allocated = mem, .memory_used = mused, .sock_cnt = 1,
		.sockets_per_node = spn, .cores_per_socket = cps,
		.sock_core_rep_count = scr,
	};
	struct slurm_job_resources *back;
	buf_t *out = buf_new(0), *want = buf_new(0), v;

	(void)state;
	r.core_bitmap = bit_alloc(8);
	r.core_bitmap_used = bit_alloc(8);
	r.node_bitmap = bit_alloc(4);
	bit_set(r.core_bitmap, 1);
	bit_set(r.core_bitmap, 2);
	bit_set(r.core_bitmap, 4);
	bit_set(r.core_bitmap, 5);
	bit_set(r.node_bitmap, 0);
	bit_set(r.node_bitmap, 1);

	slurm_job_resources_pack(out, &r);
	pack32(want, 2);
	pack32(want, 4);
	pack32(want, 0);
	pack_str(want, "n[1-2]");
	pack8(want, 0);
	pack16(want, 1);
	pack16(want, 0x14);
	pack32_array(want, reps, 1);
	pack16_array(want, vals, 1);
	pack16_array(want, cpus, 2);
	pack16_array(want, used, 2);
	pack64_array(want, mem, 2);
	pack64_array(want, mused, 2);
	pack16_array(want, spn, 1);
	pack16_array(want, cps, 1);
	pack32_array(want, scr, 1);
	pack32(want, 8);
	pack_str(want, "0x36");
	pack32(want, 8);
	pack_str(want, "0x00");
	assert_int_equal(buf_len(out), buf_len(want));
	assert_memory_equal(out->data, want->data, buf_len(want));

	/* decoded back */
	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_job_resources_unpack(&v, &back), 0);
	assert_int_equal(buf_remaining(&v), 0);
	assert_int_equal(back->nhosts, 2);
	assert_string_equal(back->nodes, "n[1-2]");
	assert_int_equal(back->cpus[1], 2);
	assert_int_equal(back->memory_allocated[1], 100);
	assert_int_equal(back->sock_cnt, 1);
	assert_int_equal(back->sock_core_rep_count[0], 2);
	assert_true(bit_equal(back->core_bitmap, r.core_bitmap));
	assert_null(back->node_bitmap);
	slurm_job_resources_free(back);

	/* cut anywhere: refused, nothing leaked */
	for (size_t len = 0; len < buf_len(out); len++) {
		buf_init_view(&v, out->data, len);
		assert_int_equal(slurm_job_resources_unpack(&v, &back), -1);
		assert_null(back);
	}

	/* 24.05: the node bitmap follows */
	buf_free(out);
	out = buf_new(0);
	out->proto = SLURM_24_05_PROTOCOL_VERSION;
	slurm_job_resources_pack(out, &r);
	assert_int_equal(buf_len(out), buf_len(want) + 4 + 4 + 4);
	buf_init_view(&v, out->data, buf_len(out));
	v.proto = SLURM_24_05_PROTOCOL_VERSION;
	assert_int_equal(slurm_job_resources_unpack(&v, &back), 0);
	assert_true(bit_equal(back->node_bitmap, r.node_bitmap));
	slurm_job_resources_free(back);

	/* absent: NO_VAL */
	buf_free(out);
	out = buf_new(0);
	slurm_job_resources_pack(out, NULL);
	assert_int_equal(buf_len(out), 4);
	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_job_resources_unpack(&v, &back), 0);
	assert_null(back);

	bit_free(r.core_bitmap);
	bit_free(r.core_bitmap_used);
	bit_free(r.node_bitmap);
	buf_free(out);
	buf_free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sbatch_job_desc_decodes),
		cmocka_unit_test(test_sbatch_job_desc_repacks_identically),
		cmocka_unit_test(test_job_desc_built_from_init_round_trips),
		cmocka_unit_test(test_job_desc_truncated_fails),
		cmocka_unit_test(test_job_desc_garbled_is_safe),
		cmocka_unit_test(test_job_desc_rejects_bad_select_plugin),
		cmocka_unit_test(test_scontrol_uhold_decodes),
		cmocka_unit_test(test_scontrol_update_decodes),
		cmocka_unit_test(test_update_bodies_cut_or_garbled),
		cmocka_unit_test(test_job_desc_first_set),
		cmocka_unit_test(test_job_array_resp),
		cmocka_unit_test(test_submit_response_matches_golden),
		cmocka_unit_test(test_submit_response_user_msg),
		cmocka_unit_test(test_squeue_job_info_request),
		cmocka_unit_test(test_job_info_request_with_ids),
		cmocka_unit_test(test_job_info_single_request),
		cmocka_unit_test(test_job_user_request),
		cmocka_unit_test(test_squeue_job_info_decodes),
		cmocka_unit_test(test_scontrol_show_job_decodes),
		cmocka_unit_test(test_job_info_repacks_identically),
		cmocka_unit_test(test_job_info_from_init_matches_slurmctld),
		cmocka_unit_test(test_job_info_truncated_fails),
		cmocka_unit_test(test_job_info_garbled_is_safe),
		cmocka_unit_test(test_job_info_lying_count_fails),
		cmocka_unit_test(test_job_info_skips_job_resources),
		cmocka_unit_test(test_job_resources_pack_layout),
		cmocka_unit_test(test_scancel_kill_request),
		cmocka_unit_test(test_job_control_requests),
		cmocka_unit_test(test_cancel_step_request),
		cmocka_unit_test(test_batch_script),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
