/* test_state_state.c - the replicated cluster model: commands applied in
 * order give the job and node states a user sees (job updates, holds and
 * releases included); snapshots restore the whole model; malformed
 * commands change nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/xalloc.h"
#include "state/state.h"
#include "state_fixture.h"

#define T0 1700000000

static void apply_buf(struct state *st, buf_t *b, struct state_result *res)
{
	state_apply(st, b->data, buf_len(b), res);
	buf_free(b);
}

static int apply_rc(struct state *st, buf_t *b)
{
	struct state_result res;

	apply_buf(st, b, &res);
	return res.rc;
}

/* The first LEN bytes of B in a buffer of their own. */
static buf_t *buf_copy_for_test(const buf_t *b, size_t len)
{
	buf_t *c = buf_new(len ? len : 1);

	pack_raw(c, b->data, len);
	return c;
}

/* node[1-4]; debug (default, all) and batch (node[3-4], 60 min, default 10). */
static struct state *cluster(void)
{
	static const char *const features[4] = { "fast", "fast", "slow", "slow" };
	struct part_spec p[2] = {
		fixture_part_debug(),
		{ .name = "batch", .nodes = "node[3-4]", .max_time = 60,
		  .default_time = 10, .max_nodes = STATE_INFINITE },
	};

	return fixture_cluster(p, 2, features, 0x03ff0000, T0);
}

static struct job_spec spec(const char *name)
{
	static char *env[] = { "HOME=/root", "PATH=/bin", NULL };
	struct job_spec s = fixture_job(name);

	s.script = "#!/bin/sh\necho hi\n";
	s.env = env;
	s.env_count = 2;
	return s;
}

static uint32_t submit(struct state *st, struct job_spec *s, time_t t)
{
	struct state_result res;

	apply_buf(st, cmd_submit(s, t), &res);
	assert_int_equal(res.rc, STATE_EOK);
	return res.job_id;
}

static void test_submit_ids_and_defaults(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("one");
	uint32_t a = submit(st, &s, T0 + 1);
	uint32_t b;
	struct job *j;

	s.partition = "batch";
	b = submit(st, &s, T0 + 2);
	assert_int_equal(a, 1);
	assert_int_equal(b, 2);
	j = state_job(st, a);
	assert_non_null(j);
	assert_string_equal(j->partition, "debug");
	assert_int_equal(j->state, JOB_ST_PENDING);
	assert_int_equal(j->time_limit, STATE_INFINITE);
	assert_string_equal(j->env[1], "PATH=/bin");
	assert_int_equal(j->submit_time, T0 + 1);
	/* partition default time applies when -t is not given */
	assert_int_equal(state_job(st, b)->time_limit, 10);
	/* FIFO: the earlier job has the higher priority */
	assert_true(state_job(st, a)->priority > state_job(st, b)->priority);

	s.partition = "nosuch";
	assert_int_equal(apply_rc(st, cmd_submit(&s, T0)), STATE_ENOPART);
	assert_int_equal(st->njobs, 2);
	state_free(st);
}

static void test_held_submit(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("held");
	uint32_t id;

	s.priority = 0;
	id = submit(st, &s, T0);
	assert_int_equal(state_job(st, id)->priority, 0);
	assert_string_equal(job_reason_name(job_reason_shown(state_job(st, id))),
			    "JobHeldUser");
	/* a held job cannot be started */
	{
		uint32_t idx = 0;
		assert_int_equal(apply_rc(st, cmd_start(id, &idx, 1, 1, 0, T0)),
				 STATE_EBUSY);
	}
	assert_int_equal(apply_rc(st, cmd_hold(id, false, false, T0 + 5)), STATE_EOK);
	assert_true(state_job(st, id)->priority > 0);
	state_free(st);
}

static void test_start_end_lifecycle(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("run");
	uint32_t id, idx[2] = { 0, 1 };
	struct job *j;

	s.min_nodes = s.max_nodes = 2;
	s.num_tasks = 4;
	id = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, cmd_start(id, idx, 2, 2, 0, T0 + 1)), STATE_EOK);
	j = state_job(st, id);
	assert_int_equal(j->state, JOB_ST_RUNNING);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_int_equal(j->alloc_cpus, 4);
	assert_int_equal(st->nodes[0].alloc_cpus, 2);
	assert_string_equal(node_state_name(st, &st->nodes[0]), "mixed");
	assert_string_equal(node_state_name(st, &st->nodes[2]), "idle");
	/* starting twice is refused */
	assert_int_equal(apply_rc(st, cmd_start(id, idx, 2, 2, 0, T0 + 1)), STATE_EBUSY);

	assert_int_equal(apply_rc(st, cmd_job_end(id, 0, T0 + 10)), STATE_EOK);
	assert_int_equal(j->state, JOB_ST_COMPLETE);
	assert_int_equal(j->end_time, T0 + 10);
	assert_int_equal(st->nodes[0].alloc_cpus, 0);
	assert_string_equal(node_state_name(st, &st->nodes[0]), "idle");
	assert_int_equal(apply_rc(st, cmd_job_end(id, 0, T0 + 11)), STATE_EDONE);

	/* non-zero exit is FAILED */
	id = submit(st, &s, T0 + 20);
	assert_int_equal(apply_rc(st, cmd_start(id, idx, 2, 2, 0, T0 + 21)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_job_end(id, 1 << 8, T0 + 22)), STATE_EOK);
	assert_int_equal(state_job(st, id)->state, JOB_ST_FAILED);
	assert_int_equal(state_job(st, id)->exit_status, 256);
	state_free(st);
}

/* A node reports an end that happened while no controller listened: the
 * job keeps that end time, kept between its start and the command's
 * time; a command without one (older logs) ends the job at its time. */
static void test_job_end_time_from_node(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("ended");
	uint32_t id, idx[1] = { 0 };
	buf_t *b;

	id = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, cmd_start(id, idx, 1, 1, 0, T0 + 10)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_job_end_at(id, 0, T0 + 15, T0 + 60)),
			 STATE_EOK);
	assert_int_equal(state_job(st, id)->state, JOB_ST_COMPLETE);
	assert_int_equal(state_job(st, id)->end_time, T0 + 15);
	/* reported again later: nothing moves */
	assert_int_equal(apply_rc(st, cmd_job_end_at(id, 0, T0 + 70, T0 + 80)),
			 STATE_EDONE);
	assert_int_equal(state_job(st, id)->end_time, T0 + 15);

	/* a node clock behind the job's start: the start */
	id = submit(st, &s, T0 + 100);
	assert_int_equal(apply_rc(st, cmd_start(id, idx, 1, 1, 0, T0 + 110)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_job_end_at(id, 0, T0 + 5, T0 + 120)),
			 STATE_EOK);
	assert_int_equal(state_job(st, id)->end_time, T0 + 110);

	/* ahead of the controller's: the command's time */
	id = submit(st, &s, T0 + 200);
	assert_int_equal(apply_rc(st, cmd_start(id, idx, 1, 1, 0, T0 + 210)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_job_end_at(id, 1 << 8, T0 + 999, T0 + 220)),
			 STATE_EOK);
	assert_int_equal(state_job(st, id)->end_time, T0 + 220);
	assert_int_equal(state_job(st, id)->state, JOB_ST_FAILED);

	/* a command written before the end time existed */
	id = submit(st, &s, T0 + 300);
	assert_int_equal(apply_rc(st, cmd_start(id, idx, 1, 1, 0, T0 + 310)), STATE_EOK);
	b = cmd_job_end_at(id, 0, T0 + 315, T0 + 320);
	b->off -= 8;   /* drop the trailing time */
	assert_int_equal(apply_rc(st, b), STATE_EOK);
	assert_int_equal(state_job(st, id)->end_time, T0 + 320);
	state_free(st);
}

static void test_overcommit_refused(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("big");
	uint32_t a, b, idx = 0;

	s.num_tasks = 3;
	a = submit(st, &s, T0);
	b = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 3, 0, T0)), STATE_EOK);
	/* only 1 CPU left on node1: a stale decision must not overcommit */
	assert_int_equal(apply_rc(st, cmd_start(b, &idx, 1, 3, 0, T0)), STATE_EBUSY);
	assert_int_equal(state_job(st, b)->state, JOB_ST_PENDING);
	/* memory too */
	idx = 1;
	assert_int_equal(apply_rc(st, cmd_start(b, &idx, 1, 1, 2000, T0)), STATE_EBUSY);
	/* a drained node takes nothing */
	{
		struct node_update u = { .names = "node2", .op = NODE_UPD_DRAIN,
					 .reason = "maintenance", .uid = 0 };
		assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), STATE_EOK);
	}
	assert_int_equal(apply_rc(st, cmd_start(b, &idx, 1, 1, 0, T0)), STATE_EBUSY);
	assert_string_equal(node_state_name(st, &st->nodes[1]), "drained");
	assert_string_equal(st->nodes[1].reason, "maintenance");
	state_free(st);
}

/* A start that shares CPUs (START_SHARE(N), OverSubscribe) is refused
 * where fewer cores than it needs are held by fewer than N jobs of its
 * partition, so that a stale decision cannot put N + 1 jobs on a core;
 * another partition's jobs do not count (each has its own rows), and a
 * job takes the cores with room even where others are less used; one of
 * several partitions runs in the first holding the node with room. */
static void test_shared_start_refused_on_full_cores(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("share");
	uint32_t a, b, c, d, x, e, idx = 2;   /* node3: debug and batch */
	const struct job *j;

	a = submit(st, &s, T0);
	b = submit(st, &s, T0);
	c = submit(st, &s, T0);
	d = submit(st, &s, T0);
	s.partition = "batch";
	x = submit(st, &s, T0);
	e = submit(st, &s, T0);
	/* debug holds cores 0-1 twice, 2-3 once; batch's job 2-3 */
	assert_int_equal(apply_rc(st, cmd_start_spread(a, &idx, 1, 4, 0,
						       START_SHARE(2), T0)),
			 STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_start_spread(b, &idx, 1, 2, 0,
						       START_SHARE(2), T0)),
			 STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_start_spread(x, &idx, 1, 2, 0,
						       START_SHARE(2), T0)),
			 STATE_EOK);
	j = state_job(st, x);
	assert_true(bit_test(j->core_bits[0], 2) && bit_test(j->core_bits[0], 3));
	/* every core has two users: debug's third takes 2-3, not 0-1 */
	assert_int_equal(apply_rc(st, cmd_start_spread(c, &idx, 1, 2, 0,
						       START_SHARE(2), T0)),
			 STATE_EOK);
	j = state_job(st, c);
	assert_true(bit_test(j->core_bits[0], 2) && bit_test(j->core_bits[0], 3));
	assert_int_equal(bit_count(j->core_bits[0]), 2);
	/* debug's rows are full: even one CPU is refused, the job waits */
	assert_int_equal(apply_rc(st, cmd_start_spread(d, &idx, 1, 1, 0,
						       START_SHARE(2), T0)),
			 STATE_EBUSY);
	assert_int_equal(state_job(st, d)->state, JOB_ST_PENDING);
	assert_null(state_job(st, d)->node_bits);
	/* batch's own rows still have room on cores 0-1 */
	assert_int_equal(apply_rc(st, cmd_start_spread(e, &idx, 1, 2, 0,
						       START_SHARE(2), T0)),
			 STATE_EOK);
	j = state_job(st, e);
	assert_true(bit_test(j->core_bits[0], 0) && bit_test(j->core_bits[0], 1));
	/* the N is the start's: three jobs a core where it says so */
	assert_int_equal(apply_rc(st, cmd_start_spread(d, &idx, 1, 1, 0,
						       START_SHARE(3), T0)),
			 STATE_EOK);
	assert_true(bit_test(state_job(st, d)->core_bits[0], 0));
	assert_int_equal(apply_rc(st, cmd_job_end(d, 0, T0 + 1)), STATE_EOK);
	/* once a debug job ends its cores have room again */
	s.partition = NULL;
	d = submit(st, &s, T0 + 1);
	assert_int_equal(apply_rc(st, cmd_start_spread(d, &idx, 1, 1, 0,
						       START_SHARE(2), T0 + 1)),
			 STATE_EBUSY);
	assert_int_equal(apply_rc(st, cmd_job_end(b, 0, T0 + 2)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_start_spread(d, &idx, 1, 2, 0,
						       START_SHARE(2), T0 + 2)),
			 STATE_EOK);
	j = state_job(st, d);
	assert_true(bit_test(j->core_bits[0], 0) && bit_test(j->core_bits[0], 1));
	/* -p debug,batch: debug's rows are full again, batch's have room
	 * on every core: the job runs in batch; four CPUs more do not fit */
	s.partition = "debug,batch";
	d = submit(st, &s, T0 + 3);
	assert_int_equal(apply_rc(st, cmd_start_spread(d, &idx, 1, 1, 0,
						       START_SHARE(2), T0 + 3)),
			 STATE_EOK);
	assert_string_equal(state_job(st, d)->partition, "batch");
	d = submit(st, &s, T0 + 3);
	assert_int_equal(apply_rc(st, cmd_start_spread(d, &idx, 1, 4, 0,
						       START_SHARE(2), T0 + 3)),
			 STATE_EBUSY);
	assert_string_equal(state_job(st, d)->partition, "debug,batch");
	state_free(st);
}

/* A node's scheduling weight from scontrol update: alone or with a
 * state change, kept over a snapshot; an entry of the older shape (no
 * weight) leaves it as it was, a weight op without one is refused. */
static void test_node_weight_update(void **unused)
{
	struct state *st = cluster(), *copy = cluster();
	struct node_update u = { .names = "node[1-2]", .op = NODE_UPD_WEIGHT,
				 .set_weight = true, .weight = 7 };
	buf_t *snap;

	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), STATE_EOK);
	assert_int_equal(st->nodes[0].weight, 7);
	assert_int_equal(st->nodes[1].weight, 7);
	assert_string_equal(node_state_name(st, &st->nodes[0]), "idle");
	u.names = "node2";
	u.op = NODE_UPD_DRAIN;
	u.reason = "fan";
	u.weight = 3;
	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), STATE_EOK);
	assert_int_equal(st->nodes[1].weight, 3);
	assert_string_equal(node_state_name(st, &st->nodes[1]), "drained");
	u.op = NODE_UPD_UNDRAIN;
	u.set_weight = false;
	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), STATE_EOK);
	assert_int_equal(st->nodes[1].weight, 3);
	u.op = NODE_UPD_WEIGHT;
	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), STATE_EINVAL);
	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_int_equal(copy->nodes[0].weight, 7);
	assert_int_equal(copy->nodes[1].weight, 3);
	buf_free(snap);
	state_free(copy);
	state_free(st);
}

/* A node's features from scontrol update: alone (the weight kept), with
 * a weight or a state change, cleared with "", kept over a snapshot. */
static void test_node_features_update(void **unused)
{
	struct state *st = cluster(), *copy = cluster();
	struct node_update u = { .names = "node[1-2]", .op = NODE_UPD_WEIGHT,
				 .set_features = true, .features = "foo,bar" };
	uint32_t w = st->nodes[0].weight;
	buf_t *snap;

	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), STATE_EOK);
	assert_string_equal(st->nodes[0].features, "foo,bar");
	assert_string_equal(st->nodes[1].features, "foo,bar");
	assert_int_equal(st->nodes[0].weight, w);
	u.names = "node2";
	u.op = NODE_UPD_DRAIN;
	u.reason = "fan";
	u.features = "";
	u.set_weight = true;
	u.weight = 9;
	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), STATE_EOK);
	assert_null(st->nodes[1].features);
	assert_int_equal(st->nodes[1].weight, 9);
	assert_string_equal(node_state_name(st, &st->nodes[1]), "drained");
	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_string_equal(copy->nodes[0].features, "foo,bar");
	assert_null(copy->nodes[1].features);
	buf_free(snap);
	state_free(copy);
	state_free(st);
}

/* ActiveFeatures apart from the features, Comment and Extra from
 * scontrol update: shown, used by -C (the active list), kept over a
 * snapshot; slurm.conf read again brings back its features for both
 * lists and keeps the comment and extra, as slurmctld. */
static void test_node_texts_update(void **unused)
{
	static const char *const features[4] = { "fast", "fast", "slow", "slow" };
	struct state *st = cluster(), *copy = cluster();
	struct part_spec p[2] = {
		fixture_part_debug(),
		{ .name = "batch", .nodes = "node[3-4]", .max_time = 60,
		  .default_time = 10, .max_nodes = STATE_INFINITE },
	};
	struct node_update u = { .names = "node1", .op = NODE_UPD_WEIGHT,
				 .set_features = true, .features = "a,b",
				 .set_features_act = true, .features_act = "a",
				 .set_comment = true, .comment = "new disk",
				 .set_extra = true, .extra = "rack=4" };
	buf_t *snap;

	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), STATE_EOK);
	assert_string_equal(st->nodes[0].features, "a,b");
	assert_string_equal(state_node_features_act(&st->nodes[0]), "a");
	assert_string_equal(st->nodes[0].comment, "new disk");
	assert_string_equal(st->nodes[0].extra, "rack=4");
	/* the comment alone leaves the features and the rest */
	memset(&u, 0, sizeof(u));
	u.names = "node2";
	u.op = NODE_UPD_WEIGHT;
	u.set_comment = true;
	u.comment = "x";
	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), STATE_EOK);
	assert_string_equal(st->nodes[1].features, "fast");
	assert_null(st->nodes[1].features_act);
	assert_string_equal(st->nodes[1].comment, "x");
	assert_null(st->nodes[1].extra);
	/* "" clears; an active list like the available one is no list apart */
	u.comment = "";
	u.set_features_act = true;
	u.features_act = "fast";
	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), STATE_EOK);
	assert_null(st->nodes[1].comment);
	assert_null(st->nodes[1].features_act);
	/* an empty active list is one apart */
	u.names = "node3";
	u.set_comment = false;
	u.features_act = "";
	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), STATE_EOK);
	assert_string_equal(state_node_features_act(&st->nodes[2]), "");
	assert_string_equal(st->nodes[2].features, "slow");

	/* format 23 holds them; a model without them keeps its format */
	snap = state_snapshot(copy);
	assert_true(((uint8_t *)snap->data)[7] < 23);
	buf_free(snap);
	snap = state_snapshot(st);
	assert_int_equal(((uint8_t *)snap->data)[7], 23);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_string_equal(copy->nodes[0].features, "a,b");
	assert_string_equal(state_node_features_act(&copy->nodes[0]), "a");
	assert_string_equal(copy->nodes[0].comment, "new disk");
	assert_string_equal(copy->nodes[0].extra, "rack=4");
	assert_null(copy->nodes[1].comment);
	assert_string_equal(state_node_features_act(&copy->nodes[2]), "");
	assert_null(copy->nodes[3].features_act);
	buf_free(snap);

	/* Features= alone makes the active list the same again */
	memset(&u, 0, sizeof(u));
	u.names = "node3";
	u.op = NODE_UPD_WEIGHT;
	u.set_features = true;
	u.features = "slow,big";
	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), STATE_EOK);
	assert_string_equal(state_node_features_act(&st->nodes[2]),
			    "slow,big");
	/* ... and no features an empty active list, not none at all */
	u.features = "";
	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), STATE_EOK);
	assert_null(st->nodes[2].features);
	assert_string_equal(state_node_features_act(&st->nodes[2]), "");

	/* slurm.conf read again (scontrol reconfigure) */
	assert_int_equal(fixture_model(st, p, 2, features, 0x03ff0000, T0),
			 STATE_EOK);
	assert_string_equal(st->nodes[0].features, "fast");
	assert_null(st->nodes[0].features_act);
	assert_string_equal(st->nodes[0].comment, "new disk");
	assert_string_equal(st->nodes[0].extra, "rack=4");

	/* a mask bit this version does not know is refused */
	memset(&u, 0, sizeof(u));
	u.names = "node1";
	u.op = NODE_UPD_WEIGHT;
	u.set_extra = true;
	u.extra = "y";
	snap = cmd_node_update(&u, T0);
	/* the mask: before the extra (length word, "y", NUL) */
	memset((char *)snap->data + buf_len(snap) - 6 - 4, 0xff, 4);
	assert_int_equal(apply_rc(st, snap), STATE_EINVAL);
	assert_string_equal(st->nodes[0].extra, "rack=4");
	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), STATE_EOK);
	assert_string_equal(st->nodes[0].extra, "y");
	state_free(copy);
	state_free(st);
}

/* A start as CMD_START_REBOOT (sbatch --reboot where slurm.conf has a
 * RebootProgram): on nodes no job holds; the job waits CONFIGURING while
 * its nodes reboot (allocated, NODE_REBOOT_JOB), and runs from the time
 * the last is back; a node daemon from before the reboot changes
 * nothing. */
static buf_t *start_reboot(uint32_t id, uint32_t node, time_t t)
{
	uint32_t idx = node;
	buf_t *start = cmd_start(id, &idx, 1, 1, 0, t), *b;

	b = cmd_start_reboot(start);
	buf_free(start);
	assert_non_null(b);
	return b;
}

static void test_job_reboot_start(void **unused)
{
	struct state *st = cluster(), *copy = cluster();
	struct job_spec s = spec("rb");
	uint32_t a, busy, c, idx = 0;
	struct node *n2 = &st->nodes[1];
	struct job *ja;
	buf_t *b, *snap;

	s.reboot = true;
	a = submit(st, &s, T0);
	s.reboot = false;
	busy = submit(st, &s, T0);
	c = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, cmd_start(busy, &idx, 1, 1, 0, T0)),
			 STATE_EOK);
	/* only starts become reboot starts */
	b = cmd_cancel(a, 0, T0);
	assert_null(cmd_start_reboot(b));
	buf_free(b);
	/* a node another job holds is refused */
	assert_int_equal(apply_rc(st, start_reboot(a, 0, T0 + 1)), STATE_EBUSY);
	assert_int_equal(state_job(st, a)->state, JOB_ST_PENDING);
	/* cut short: refused, nothing changes */
	b = start_reboot(a, 1, T0 + 1);
	assert_int_equal(apply_rc(st, buf_copy_for_test(b, buf_len(b) - 3)),
			 STATE_EINVAL);
	assert_int_equal(n2->reboot, NODE_REBOOT_NONE);
	assert_int_equal(apply_rc(st, b), STATE_EOK);
	ja = state_job(st, a);
	assert_int_equal(ja->state, JOB_ST_RUNNING);
	assert_true(ja->configuring);
	assert_string_equal(ja->nodes, "node2");
	assert_int_equal(n2->reboot, NODE_REBOOT_JOB);
	assert_int_equal(n2->boot_req_time, T0 + 1);
	assert_int_equal(n2->base, NODE_ST_ALLOCATED);
	/* no other job goes there while it reboots */
	idx = 1;
	assert_int_equal(apply_rc(st, cmd_start(c, &idx, 1, 1, 0, T0 + 2)),
			 STATE_EBUSY);
	/* a scontrol reboot leaves it as it is */
	assert_int_equal(apply_rc(st, cmd_node_reboot("node2", 0, 0, NULL, 0,
						      T0 + 2)), STATE_EOK);
	assert_int_equal(n2->reboot, NODE_REBOOT_JOB);

	/* format 28 holds the job configuring and its node's reboot */
	snap = state_snapshot(st);
	assert_int_equal(((uint8_t *)snap->data)[7], 28);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	buf_free(snap);
	assert_true(state_job(copy, a)->configuring);
	assert_int_equal(copy->nodes[1].reboot, NODE_REBOOT_JOB);
	assert_int_equal(copy->nodes[1].boot_req_time, T0 + 1);
	assert_false(state_job(copy, busy)->configuring);

	/* its node daemon from before the reboot: no change */
	assert_int_equal(apply_rc(st, cmd_node_up("node2", 4, 1000, T0 + 1,
						  T0 + 3)), STATE_EOK);
	assert_true(ja->configuring);
	assert_int_equal(ja->start_time, T0 + 1);
	/* back: the job runs from now */
	assert_int_equal(apply_rc(st, cmd_node_up("node2", 4, 1000, T0 + 8,
						  T0 + 9)), STATE_EOK);
	assert_false(ja->configuring);
	assert_int_equal(ja->start_time, T0 + 9);
	assert_int_equal(ja->state, JOB_ST_RUNNING);
	assert_int_equal(n2->reboot, NODE_REBOOT_NONE);
	assert_int_equal(n2->base, NODE_ST_ALLOCATED);
	assert_int_equal(n2->boot_req_time, 0);
	/* the timeout of that reboot comes too late */
	assert_int_equal(apply_rc(st, cmd_node_reboot_timeout("node2", T0 + 1, 0,
							      T0 + 70)),
			 STATE_EBUSY);
	assert_int_equal(ja->state, JOB_ST_RUNNING);
	state_free(st);
	state_free(copy);
}

/* Not back within ResumeTimeout: the node is DOWN ("reboot timed out")
 * and, as slurmctld's kill_running_job_by_node_name, the batch job is
 * requeued, one with --no-requeue ends NODE_FAIL; a job cancelled while
 * its nodes reboot leaves them rebooting (no job goes there until they
 * are back) and waits for nothing, nor does one requeued; a resume ends
 * a job's reboot. */
static void test_job_reboot_lost(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("rb");
	uint32_t a, nr, cx, r, other, idx = 2;
	struct job *j;

	s.reboot = true;
	a = submit(st, &s, T0);
	s.no_requeue = true;
	nr = submit(st, &s, T0);
	s.no_requeue = false;
	cx = submit(st, &s, T0);
	r = submit(st, &s, T0);
	s.reboot = false;
	other = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, start_reboot(a, 0, T0 + 1)), STATE_EOK);
	assert_int_equal(apply_rc(st, start_reboot(nr, 1, T0 + 1)), STATE_EOK);
	assert_int_equal(apply_rc(st, start_reboot(cx, 2, T0 + 1)), STATE_EOK);
	assert_int_equal(apply_rc(st, start_reboot(r, 3, T0 + 1)), STATE_EOK);

	/* only the reboot issued at the time named */
	assert_int_equal(apply_rc(st, cmd_node_reboot_timeout("node1", T0, 0,
							      T0 + 70)),
			 STATE_EBUSY);
	assert_int_equal(apply_rc(st, cmd_node_reboot_timeout("node1", T0 + 1, 120,
							      T0 + 70)),
			 STATE_EOK);
	j = state_job(st, a);
	assert_int_equal(j->state, JOB_ST_PENDING);
	/* as after any requeue: the credential's lifetime and a second */
	assert_int_equal(j->begin_time, T0 + 70 + 121);
	assert_int_equal(j->reason, JOB_REASON_NODE_DOWN);
	assert_int_equal(j->restarts, 1);
	assert_false(j->configuring);
	assert_null(j->node_bits);
	assert_int_equal(st->nodes[0].base, NODE_ST_DOWN);
	assert_int_equal(st->nodes[0].reboot, NODE_REBOOT_NONE);
	assert_string_equal(st->nodes[0].reason, "reboot timed out");

	assert_int_equal(apply_rc(st, cmd_node_reboot_timeout("node2", T0 + 1, 0,
							      T0 + 70)),
			 STATE_EOK);
	j = state_job(st, nr);
	assert_int_equal(j->state, JOB_ST_NODE_FAIL);
	assert_false(j->completing);
	assert_int_equal(st->nodes[1].njobs, 0);

	/* cancelled while its node reboots: over at once */
	assert_int_equal(apply_rc(st, cmd_cancel(cx, 0, T0 + 5)), STATE_EOK);
	j = state_job(st, cx);
	assert_int_equal(j->state, JOB_ST_CANCELLED);
	assert_false(j->completing);
	assert_false(j->configuring);
	assert_int_equal(st->nodes[2].reboot, NODE_REBOOT_JOB);
	assert_int_equal(st->nodes[2].base, NODE_ST_IDLE);
	assert_int_equal(apply_rc(st, cmd_start(other, &idx, 1, 1, 0, T0 + 6)),
			 STATE_EBUSY);
	assert_int_equal(apply_rc(st, cmd_node_up("node3", 4, 1000, T0 + 7,
						  T0 + 8)), STATE_EOK);
	assert_int_equal(st->nodes[2].reboot, NODE_REBOOT_NONE);
	assert_int_equal(apply_rc(st, cmd_start(other, &idx, 1, 1, 0, T0 + 9)),
			 STATE_EOK);

	/* requeued at once, nothing of it on the node to wait for */
	assert_int_equal(apply_rc(st, cmd_job_requeue(r, false, 0, T0 + 9)),
			 STATE_EOK);
	j = state_job(st, r);
	assert_int_equal(j->state, JOB_ST_PENDING);
	assert_false(j->completing);
	assert_false(j->configuring);
	assert_null(j->node_bits);
	assert_int_equal(st->nodes[3].reboot, NODE_REBOOT_JOB);
	assert_int_equal(st->nodes[3].njobs, 0);
	/* started again once its node is back from the first reboot */
	assert_int_equal(apply_rc(st, cmd_node_up("node4", 4, 1000, T0 + 9,
						  T0 + 9)), STATE_EOK);
	assert_int_equal(apply_rc(st, start_reboot(r, 3, T0 + 9)), STATE_EOK);

	/* an operator's resume ends the reboot: the job goes on */
	{
		struct node_update u = { .names = "node4",
					 .op = NODE_UPD_RESUME };

		assert_int_equal(apply_rc(st, cmd_node_update(&u, T0 + 10)),
				 STATE_EOK);
	}
	j = state_job(st, r);
	assert_false(j->configuring);
	assert_int_equal(j->state, JOB_ST_RUNNING);
	assert_int_equal(j->start_time, T0 + 10);
	assert_int_equal(st->nodes[3].reboot, NODE_REBOOT_NONE);
	state_free(st);
}

/* scontrol suspend of a job waiting for its nodes' reboot, as slurmctld
 * takes it: SUSPENDED, its nodes rebooting on; back meanwhile, it stays
 * suspended, and once resumed runs from then (or from when they are
 * back); not back within ResumeTimeout, requeued or NODE_FAIL as when
 * running. Snapshots keep it waiting. */
static void test_job_reboot_suspend(void **unused)
{
	struct state *st = cluster(), *copy = cluster();
	struct job_spec s = spec("rb");
	uint32_t a, b, c, d;
	struct job *j;
	buf_t *snap;

	s.reboot = true;
	a = submit(st, &s, T0);
	b = submit(st, &s, T0);
	c = submit(st, &s, T0);
	s.no_requeue = true;
	d = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, start_reboot(a, 0, T0 + 1)), STATE_EOK);
	assert_int_equal(apply_rc(st, start_reboot(b, 1, T0 + 1)), STATE_EOK);
	assert_int_equal(apply_rc(st, start_reboot(c, 2, T0 + 1)), STATE_EOK);
	assert_int_equal(apply_rc(st, start_reboot(d, 3, T0 + 1)), STATE_EOK);
	for (uint32_t id = a; id <= d; id++)
		assert_int_equal(apply_rc(st, cmd_job_suspend(id, true, T0 + 2)),
				 STATE_EOK);
	j = state_job(st, a);
	assert_int_equal(j->state, JOB_ST_SUSPENDED);
	assert_true(j->configuring);
	assert_int_equal(st->nodes[0].reboot, NODE_REBOOT_JOB);

	/* format 28 keeps them waiting, suspended */
	snap = state_snapshot(st);
	assert_int_equal(((uint8_t *)snap->data)[7], 28);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	buf_free(snap);
	assert_int_equal(state_job(copy, a)->state, JOB_ST_SUSPENDED);
	assert_true(state_job(copy, a)->configuring);

	/* back while suspended: still suspended, nothing ran */
	assert_int_equal(apply_rc(st, cmd_node_up("node1", 4, 1000, T0 + 3,
						  T0 + 4)), STATE_EOK);
	assert_int_equal(st->nodes[0].reboot, NODE_REBOOT_NONE);
	assert_int_equal(j->state, JOB_ST_SUSPENDED);
	assert_true(j->configuring);
	/* resumed: it runs from now, its whole time limit ahead */
	assert_int_equal(apply_rc(st, cmd_job_suspend(a, false, T0 + 10)),
			 STATE_EOK);
	assert_int_equal(j->state, JOB_ST_RUNNING);
	assert_false(j->configuring);
	assert_int_equal(j->start_time, T0 + 10);
	assert_int_equal(j->suspended_secs, 0);

	/* resumed before its node is back: it waits again, then runs */
	assert_int_equal(apply_rc(st, cmd_job_suspend(b, false, T0 + 11)),
			 STATE_EOK);
	j = state_job(st, b);
	assert_int_equal(j->state, JOB_ST_RUNNING);
	assert_true(j->configuring);
	assert_int_equal(apply_rc(st, cmd_node_up("node2", 4, 1000, T0 + 19,
						  T0 + 20)), STATE_EOK);
	assert_false(j->configuring);
	assert_int_equal(j->start_time, T0 + 20);
	assert_int_equal(j->suspended_secs, 0);

	/* not back within ResumeTimeout: requeued, or NODE_FAIL */
	assert_int_equal(apply_rc(st, cmd_node_reboot_timeout("node3", T0 + 1, 0,
							      T0 + 70)),
			 STATE_EOK);
	j = state_job(st, c);
	assert_int_equal(j->state, JOB_ST_PENDING);
	assert_int_equal(j->restarts, 1);
	assert_false(j->configuring);
	assert_null(j->node_bits);
	assert_int_equal(apply_rc(st, cmd_node_reboot_timeout("node4", T0 + 1, 0,
							      T0 + 70)),
			 STATE_EOK);
	j = state_job(st, d);
	assert_int_equal(j->state, JOB_ST_NODE_FAIL);
	assert_false(j->completing);
	assert_int_equal(st->nodes[3].njobs, 0);
	state_free(st);
	state_free(copy);
}

/* salloc --reboot and srun --reboot: an allocation starts as a batch job
 * does, waiting CONFIGURING until its node is back, from when it runs;
 * its node not back within ResumeTimeout ends it NODE_FAIL (an
 * allocation is never requeued), nothing left on the node to wait for. */
static void test_alloc_reboot(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("sh");
	uint32_t a, b;
	struct job *j;

	s.reboot = true;
	s.interactive = true;
	a = submit(st, &s, T0);
	b = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, start_reboot(a, 0, T0 + 1)), STATE_EOK);
	assert_int_equal(apply_rc(st, start_reboot(b, 1, T0 + 1)), STATE_EOK);
	j = state_job(st, a);
	assert_int_equal(j->state, JOB_ST_RUNNING);
	assert_true(j->configuring);
	assert_int_equal(st->nodes[0].reboot, NODE_REBOOT_JOB);
	assert_int_equal(apply_rc(st, cmd_node_up("node1", 4, 1000, T0 + 5,
						  T0 + 6)), STATE_EOK);
	assert_false(j->configuring);
	assert_int_equal(j->start_time, T0 + 6);
	assert_int_equal(j->state, JOB_ST_RUNNING);

	assert_int_equal(apply_rc(st, cmd_node_reboot_timeout("node2", T0 + 1, 120,
							      T0 + 70)),
			 STATE_EOK);
	j = state_job(st, b);
	assert_int_equal(j->state, JOB_ST_NODE_FAIL);
	assert_int_equal(j->restarts, 0);
	assert_false(j->completing);
	assert_false(j->configuring);
	assert_int_equal(st->nodes[1].njobs, 0);
	assert_int_equal(st->nodes[1].base, NODE_ST_DOWN);
	state_free(st);
}

/* scontrol reboot as slurmctld: requested until idle, then issued (DOWN)
 * until the node daemon registers having started since, which gives
 * the next state; ASAP drains and cancel_reboot undoes that; not back
 * within ResumeTimeout is DOWN; format 24 snapshots keep all of it. */
static void test_node_reboot(void **unused)
{
	struct state *st = cluster(), *copy = cluster();
	struct job_spec s = spec("rb");
	struct node_update u = { .names = "node4",
				 .op = NODE_UPD_REBOOT_CANCEL };
	uint32_t a, idx = 3;
	struct node *n3 = &st->nodes[2], *n4 = &st->nodes[3];
	buf_t *snap;

	a = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 1, 0, T0)),
			 STATE_EOK);
	/* a name that is no node changes nothing */
	assert_int_equal(apply_rc(st, cmd_node_reboot("node[3-5]",
						      NODE_REBOOT_F_ASAP,
						      NODE_NEXT_RESUME, "kernel",
						      0, T0)), STATE_ENONODE);
	assert_int_equal(n3->reboot, NODE_REBOOT_NONE);
	assert_int_equal(apply_rc(st, cmd_node_reboot("node[3-4]", 0, 7, NULL,
						      0, T0)), STATE_EINVAL);
	assert_int_equal(apply_rc(st, cmd_node_reboot("node[3-4]",
						      NODE_REBOOT_F_ASAP,
						      NODE_NEXT_RESUME, "kernel",
						      0, T0)), STATE_EOK);
	assert_int_equal(n3->reboot, NODE_REBOOT_REQUESTED);
	assert_true(n3->flags & NODE_FLAG_DRAIN);
	assert_int_equal(n3->next_state, NODE_NEXT_RESUME | NODE_NEXT_UNDRAIN);
	assert_string_equal(n3->reason, "kernel");
	assert_string_equal(node_state_name(st, n4), "draining");
	/* asked again: left as it is */
	assert_int_equal(apply_rc(st, cmd_node_reboot("node3", 0,
						      NODE_NEXT_DOWN, "other",
						      0, T0)), STATE_EOK);
	assert_string_equal(n3->reason, "kernel");
	assert_int_equal(n3->next_state, NODE_NEXT_RESUME | NODE_NEXT_UNDRAIN);
	/* busy: not issued */
	assert_int_equal(apply_rc(st, cmd_node_reboot_issue("node4", T0 + 5)),
			 STATE_EBUSY);
	assert_int_equal(apply_rc(st, cmd_node_reboot_issue("node3", T0 + 10)),
			 STATE_EOK);
	assert_int_equal(n3->reboot, NODE_REBOOT_ISSUED);
	assert_int_equal(n3->base, NODE_ST_DOWN);
	assert_int_equal(n3->boot_req_time, T0 + 10);
	assert_string_equal(n3->reason, "kernel : reboot issued");
	/* its node daemon from before the reboot registers (or one started
	 * in the second it was issued): no change */
	assert_int_equal(apply_rc(st, cmd_node_up("node3", 4, 1000, T0 + 5,
						  T0 + 12)), STATE_EOK);
	assert_int_equal(n3->reboot, NODE_REBOOT_ISSUED);
	assert_int_equal(apply_rc(st, cmd_node_up("node3", 4, 1000, T0 + 10,
						  T0 + 12)), STATE_EOK);
	assert_int_equal(n3->reboot, NODE_REBOOT_ISSUED);
	assert_int_equal(n3->base, NODE_ST_DOWN);
	/* a reboot issued cannot be cancelled */
	u.names = "node3";
	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0 + 13)),
			 STATE_EBUSY);

	/* format 24 holds the reboots; a model without keeps its format */
	snap = state_snapshot(copy);
	assert_true(((uint8_t *)snap->data)[7] < 24);
	buf_free(snap);
	snap = state_snapshot(st);
	assert_int_equal(((uint8_t *)snap->data)[7], 24);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	buf_free(snap);
	assert_int_equal(copy->nodes[2].reboot, NODE_REBOOT_ISSUED);
	assert_int_equal(copy->nodes[2].boot_req_time, T0 + 10);
	assert_int_equal(copy->nodes[2].next_state,
			 NODE_NEXT_RESUME | NODE_NEXT_UNDRAIN);
	assert_int_equal(copy->nodes[3].reboot, NODE_REBOOT_REQUESTED);
	assert_int_equal(copy->nodes[0].reboot, NODE_REBOOT_NONE);

	/* started after the reboot was issued: back, resumed */
	assert_int_equal(apply_rc(st, cmd_node_up("node3", 4, 1000, T0 + 20,
						  T0 + 21)), STATE_EOK);
	assert_int_equal(n3->reboot, NODE_REBOOT_NONE);
	assert_string_equal(node_state_name(st, n3), "idle");
	assert_null(n3->reason);
	assert_int_equal(n3->next_state, NODE_NEXT_NONE);

	/* cancel: the ASAP drain and its reason go */
	u.names = "node4";
	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0 + 22)),
			 STATE_EOK);
	assert_int_equal(n4->reboot, NODE_REBOOT_NONE);
	assert_false(n4->flags & NODE_FLAG_DRAIN);
	assert_null(n4->reason);
	assert_string_equal(node_state_name(st, n4), "mixed");
	/* nothing left to cancel */
	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0 + 23)),
			 STATE_EBUSY);
	/* without ASAP: the reason goes with the cancel, as slurmctld's
	 * node update of a node neither drained nor down */
	assert_int_equal(apply_rc(st, cmd_node_reboot("node4", 0,
						      NODE_NEXT_NONE, NULL,
						      0, T0 + 24)), STATE_EOK);
	assert_string_equal(n4->reason, "reboot requested");
	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0 + 25)),
			 STATE_EOK);
	assert_null(n4->reason);
	assert_false(n4->flags & NODE_FLAG_DRAIN);

	/* nextstate=down without a reason: not drained, DOWN when back */
	assert_int_equal(apply_rc(st, cmd_node_reboot("node1", 0,
						      NODE_NEXT_DOWN, NULL,
						      0, T0 + 30)), STATE_EOK);
	assert_string_equal(st->nodes[0].reason, "reboot requested");
	assert_false(st->nodes[0].flags & NODE_FLAG_DRAIN);
	assert_int_equal(apply_rc(st, cmd_node_reboot_issue("node1", T0 + 31)),
			 STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_node_up("node1", 4, 1000, T0 + 40,
						  T0 + 41)), STATE_EOK);
	assert_string_equal(node_state_name(st, &st->nodes[0]), "down");
	assert_string_equal(st->nodes[0].reason,
			    "reboot requested : reboot issued : reboot complete");
	assert_int_equal(st->nodes[0].reboot, NODE_REBOOT_NONE);
	/* ReturnToService=1 does not bring it back */
	assert_int_equal(apply_rc(st, cmd_node_up("node1", 4, 1000, T0 + 40,
						  T0 + 50)), STATE_EOK);
	assert_string_equal(node_state_name(st, &st->nodes[0]), "down");

	/* not back within ResumeTimeout: DOWN, drain gone */
	assert_int_equal(apply_rc(st, cmd_node_reboot("node2",
						      NODE_REBOOT_F_ASAP,
						      NODE_NEXT_NONE, NULL,
						      0, T0 + 60)), STATE_EOK);
	assert_string_equal(st->nodes[1].reason, "Reboot ASAP");
	assert_int_equal(st->nodes[1].next_state,
			 NODE_NEXT_RESUME | NODE_NEXT_UNDRAIN);
	assert_int_equal(apply_rc(st, cmd_node_reboot_issue("node2", T0 + 61)),
			 STATE_EOK);
	/* only the reboot issued at the time named */
	assert_int_equal(apply_rc(st, cmd_node_reboot_timeout("node2", T0 + 1, 0,
							      T0 + 200)),
			 STATE_EBUSY);
	assert_int_equal(apply_rc(st, cmd_node_reboot_timeout("node2", T0 + 61, 0,
							      T0 + 200)),
			 STATE_EOK);
	assert_string_equal(node_state_name(st, &st->nodes[1]), "down");
	assert_string_equal(st->nodes[1].reason,
			    "Reboot ASAP : reboot issued : reboot timed out");
	assert_int_equal(st->nodes[1].reboot, NODE_REBOOT_NONE);
	/* a resume ends a requested reboot too */
	assert_int_equal(apply_rc(st, cmd_node_reboot("node3",
						      NODE_REBOOT_F_ASAP,
						      NODE_NEXT_NONE, NULL,
						      0, T0 + 300)), STATE_EOK);
	u.names = "node3";
	u.op = NODE_UPD_RESUME;
	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0 + 301)),
			 STATE_EOK);
	assert_int_equal(n3->reboot, NODE_REBOOT_NONE);
	assert_string_equal(node_state_name(st, n3), "idle");
	state_free(copy);
	state_free(st);
}

/* An allocation (salloc): no process on the nodes, so a cancel or a
 * time limit frees them at once; salloc's relinquish records the exit as
 * slurmctld does (NO_VAL: cancelled), a pending one is cancelled or
 * failed (--immediate); the callback address survives a snapshot. */
static void test_interactive_allocation(void **unused)
{
	struct state *st = cluster(), *st2;
	struct job_spec s = spec("salloc");
	uint32_t a, b, c, d, idx = 1;
	buf_t *snap;

	s.script = NULL;
	s.interactive = true;
	s.alloc_node = "login1";
	s.resp_host = "127.0.0.1";
	s.resp_port = 40001;
	s.other_port = 40002;
	a = submit(st, &s, T0);
	b = submit(st, &s, T0);
	c = submit(st, &s, T0);
	d = submit(st, &s, T0);
	assert_true(state_job(st, a)->interactive);
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 1, 0, T0)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_cancel(a, 1000, T0 + 1)), STATE_EOK);
	assert_int_equal(state_job(st, a)->state, JOB_ST_CANCELLED);
	assert_false(state_job(st, a)->completing);
	assert_int_equal(st->nodes[1].alloc_cpus, 0);

	assert_int_equal(apply_rc(st, cmd_start(b, &idx, 1, 1, 0, T0)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_job_end(b, (int32_t)STATE_NO_VAL,
						   T0 + 2)), STATE_EOK);
	assert_int_equal(state_job(st, b)->state, JOB_ST_CANCELLED);
	assert_int_equal(st->nodes[1].alloc_cpus, 0);

	/* Ctrl-C while pending, --immediate that could not start */
	assert_int_equal(apply_rc(st, cmd_job_end(c, (int32_t)STATE_NO_VAL,
						   T0 + 3)), STATE_EOK);
	assert_int_equal(state_job(st, c)->state, JOB_ST_CANCELLED);
	assert_int_equal(apply_rc(st, cmd_job_end(d, 1 << 8, T0 + 3)), STATE_EOK);
	assert_int_equal(state_job(st, d)->state, JOB_ST_FAILED);
	assert_int_equal(state_job(st, d)->exit_status, 1 << 8);

	snap = state_snapshot(st);
	st2 = state_new();
	assert_int_equal(state_restore(st2, snap->data, buf_len(snap)), 0);
	assert_true(state_job(st2, a)->interactive);
	assert_string_equal(state_job(st2, a)->resp_host, "127.0.0.1");
	assert_string_equal(state_job(st2, a)->alloc_node, "login1");
	assert_int_equal(state_job(st2, a)->resp_port, 40001);
	assert_int_equal(state_job(st2, a)->other_port, 40002);
	buf_free(snap);
	state_free(st2);
	state_free(st);
}

static void test_cancel_timeout_completing(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("c");
	uint32_t p, r, t, idx = 2;

	p = submit(st, &s, T0);
	r = submit(st, &s, T0);
	t = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, cmd_cancel(p, 1000, T0 + 1)), STATE_EOK);
	assert_int_equal(state_job(st, p)->state, JOB_ST_CANCELLED);
	assert_false(state_job(st, p)->completing);
	assert_int_equal(apply_rc(st, cmd_cancel(p, 1000, T0 + 2)), STATE_EDONE);

	assert_int_equal(apply_rc(st, cmd_start(r, &idx, 1, 1, 0, T0)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_cancel(r, 0, T0 + 3)), STATE_EOK);
	assert_int_equal(state_job(st, r)->state, JOB_ST_CANCELLED);
	assert_true(state_job(st, r)->completing);
	/* nodes stay allocated until the node daemon reports the end */
	assert_int_equal(st->nodes[2].alloc_cpus, 1);
	assert_int_equal(apply_rc(st, cmd_job_end(r, 15, T0 + 4)), STATE_EOK);
	assert_false(state_job(st, r)->completing);
	assert_int_equal(state_job(st, r)->state, JOB_ST_CANCELLED);
	assert_int_equal(st->nodes[2].alloc_cpus, 0);

	assert_int_equal(apply_rc(st, cmd_start(t, &idx, 1, 1, 0, T0)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_timeout(t, T0 + 60)), STATE_EOK);
	assert_int_equal(state_job(st, t)->state, JOB_ST_TIMEOUT);
	assert_int_equal(apply_rc(st, cmd_job_end(t, 9, T0 + 61)), STATE_EOK);
	assert_int_equal(state_job(st, t)->state, JOB_ST_TIMEOUT);
	assert_int_equal(st->jobs_timeout, 1);
	assert_int_equal(st->jobs_cancelled, 2);
	state_free(st);
}

static void test_node_down_fails_jobs_and_returns(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("nf");
	uint32_t a, b, idx = 3;

	a = submit(st, &s, T0);
	b = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 1, 0, T0)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_node_down("node4", NULL, NODE_FAIL_ENDS, T0 + 70)), STATE_EOK);
	assert_int_equal(state_job(st, a)->state, JOB_ST_NODE_FAIL);
	assert_int_equal(state_job(st, b)->state, JOB_ST_PENDING);
	assert_string_equal(node_state_name(st, &st->nodes[3]), "down");
	assert_string_equal(st->nodes[3].reason, "Not responding");
	assert_int_equal(apply_rc(st, cmd_start(b, &idx, 1, 1, 0, T0)), STATE_EBUSY);
	/* ReturnToService=1: registering again brings it back */
	assert_int_equal(apply_rc(st, cmd_node_up("node4", 4, 1000, T0 + 80, T0 + 80)),
			 STATE_EOK);
	assert_string_equal(node_state_name(st, &st->nodes[3]), "idle");
	assert_null(st->nodes[3].reason);
	assert_int_equal(apply_rc(st, cmd_node_down("nosuch", NULL, NODE_FAIL_ENDS, T0)), STATE_ENONODE);
	state_free(st);
}

static void test_low_resources_drain(void **unused)
{
	struct state *st = cluster();

	assert_int_equal(apply_rc(st, cmd_node_up("node1", 2, 1000, T0, T0)), STATE_EOK);
	assert_true(st->nodes[0].flags & NODE_FLAG_DRAIN);
	assert_string_equal(st->nodes[0].reason, "Low socket*core*thread count");
	assert_int_equal(apply_rc(st, cmd_node_up("node2", 4, 500, T0, T0)), STATE_EOK);
	assert_string_equal(st->nodes[1].reason, "Low RealMemory");
	state_free(st);
}

/* A node whose gres.conf gives fewer GPUs than its Gres= is drained with
 * slurmctld's reason (joined with a low CPU count's); one that gives
 * enough, or says nothing of GPUs, is not. */
static void test_low_gpus_drain(void **unused)
{
	struct state *st = state_new();
	struct part_spec p = fixture_part_debug();
	struct node_spec n[3];
	static const char *const names[3] = { "g1", "g2", "g3" };
	struct state_params prm = {
		.min_job_age = 300, .kill_wait = 30, .slurmd_timeout = 60,
		.return_to_service = 1, .first_job_id = 1,
		.max_job_id = 1000000,
	};

	memset(n, 0, sizeof(n));
	for (int i = 0; i < 3; i++) {
		n[i].name = (char *)names[i];
		n[i].cpus = 4;
		n[i].memory_mb = 1000;
		n[i].weight = 1;
		n[i].gres = "gpu:2";
	}
	p.nodes = "g[1-3]";
	assert_int_equal(apply_rc(st, cmd_config(n, 3, &p, 1, &prm, T0)),
			 STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_node_up_gpus("g1", 4, 1000, T0, 1,
						       T0)), STATE_EOK);
	assert_true(st->nodes[0].flags & NODE_FLAG_DRAIN);
	assert_string_equal(st->nodes[0].reason, "gres/gpu count reported "
			    "lower than configured (1 < 2)");
	assert_int_equal(apply_rc(st, cmd_node_up_gpus("g2", 2, 1000, T0, 0,
						       T0)), STATE_EOK);
	assert_string_equal(st->nodes[1].reason, "gres/gpu count reported "
			    "lower than configured (0 < 2), Low "
			    "socket*core*thread count");
	assert_int_equal(apply_rc(st, cmd_node_up_gpus("g3", 4, 1000, T0, 2,
						       T0)), STATE_EOK);
	assert_false(st->nodes[2].flags & NODE_FLAG_DRAIN);
	assert_string_equal(node_state_name(st, &st->nodes[2]), "idle");
	/* without a gres.conf the node's Gres= holds */
	assert_int_equal(apply_rc(st, cmd_node_up("g3", 4, 1000, T0, T0)),
			 STATE_EOK);
	assert_false(st->nodes[2].flags & NODE_FLAG_DRAIN);
	/* a drained node stays so, with its first reason, until resumed */
	assert_int_equal(apply_rc(st, cmd_node_up_gpus("g1", 4, 1000, T0, 2,
						       T0 + 5)), STATE_EOK);
	assert_string_equal(st->nodes[0].reason, "gres/gpu count reported "
			    "lower than configured (1 < 2)");
	state_free(st);
}

/* --gpus-per-task=1 -n 3 on two 2-GPU nodes: started by
 * CMD_START_SPREAD the first node holds two GPUs and the second one, as
 * slurmctld gives them; an old CMD_START in the log still gives both
 * nodes two, so replaying it gives what it gave. A CMD_START_SPREAD that
 * says so gives the CPUs by the tasks too (two and one, cpu=3), and a
 * snapshot keeps them; one from an older log gives two CPUs on each. */
static void test_gpus_per_task_spread(void **unused)
{
	struct state_params prm = {
		.min_job_age = 300, .kill_wait = 30, .slurmd_timeout = 60,
		.return_to_service = 1, .first_job_id = 1,
		.max_job_id = 1000000,
	};
	uint32_t idx[2] = { 0, 1 };

	for (int mode = 0; mode < 3; mode++) {
		bool spread = mode > 0, by_task = mode == 2;
		struct state *st = state_new();
		struct part_spec p = fixture_part_debug();
		struct node_spec n[2];
		struct job_spec s = spec("gpt");
		const struct job *j;
		uint32_t id;

		memset(n, 0, sizeof(n));
		for (int i = 0; i < 2; i++) {
			n[i].name = i ? "g2" : "g1";
			n[i].cpus = 4;
			n[i].memory_mb = 1000;
			n[i].weight = 1;
			n[i].gres = "gpu:2";
		}
		p.nodes = "g[1-2]";
		assert_int_equal(apply_rc(st, cmd_config(n, 2, &p, 1, &prm,
							 T0)), STATE_EOK);
		for (int i = 0; i < 2; i++)
			assert_int_equal(apply_rc(st, cmd_node_up(n[i].name, 4,
								  1000, T0, T0)),
					 STATE_EOK);
		s.num_tasks = 3;
		s.min_nodes = 2;
		s.max_nodes = 2;
		s.gpus_per_task = 1;
		s.tres_per_task = "gres:gpu:1";
		id = submit(st, &s, T0);
		assert_int_equal(job_gpus_at(state_job(st, id), 2, 0), 2);
		assert_int_equal(job_gpus_at(state_job(st, id), 2, 1), 1);
		assert_int_equal(job_task_cpus_at(state_job(st, id), 2, 0), 2);
		assert_int_equal(job_task_cpus_at(state_job(st, id), 2, 1), 1);
		assert_int_equal(apply_rc(st, spread ?
					  cmd_start_spread(id, idx, 2, 2, 0,
							   by_task, T0) :
					  cmd_start(id, idx, 2, 2, 0, T0)),
				 STATE_EOK);
		j = state_job(st, id);
		assert_non_null(j->gpu_masks);
		assert_int_equal(j->gpu_masks[0], 0x3);
		assert_int_equal(j->gpu_masks[1], spread ? 0x1 : 0x3);
		assert_int_equal(job_gpus_held(j), spread ? 3 : 4);
		assert_int_equal(st->nodes[1].gpu_used, spread ? 0x1 : 0x3);
		/* CPUs: two and one by the tasks, else two on each */
		assert_int_equal(j->cpus_by_task, by_task);
		assert_int_equal(j->alloc_cpus, by_task ? 3 : 4);
		assert_int_equal(j->cpus_per_node, 2);
		assert_int_equal(job_cpus_at(j, 0), 2);
		assert_int_equal(job_cpus_at(j, 1), by_task ? 1 : 2);
		assert_int_equal(st->nodes[0].alloc_cpus, 2);
		assert_int_equal(st->nodes[1].alloc_cpus, by_task ? 1 : 2);
		assert_int_equal(bit_count(j->core_bits[1]), by_task ? 1 : 2);
		/* CPUs per node run-length coded, as slurmctld sends them */
		{
			uint32_t cpus[2], reps[2];

			if (by_task) {
				assert_int_equal(job_cpu_runs(j, cpus, reps), 2);
				assert_int_equal(cpus[1], 1);
				assert_int_equal(reps[1], 1);
			} else {
				assert_int_equal(job_cpu_runs(j, cpus, reps), 1);
				assert_int_equal(reps[0], 2);
			}
		}
		/* a step has no more CPUs on a node than the job holds there:
		 * two tasks on each node need two CPUs on the second */
		{
			uint32_t tasks[2] = { 2, 2 };
			struct step_spec sp = {
				.job_id = id, .name = "s", .nnodes = 2,
				.node_idx = idx, .tasks = tasks,
				.cpus_per_task = 1,
				.time_limit = STATE_INFINITE,
			};

			assert_int_equal(apply_rc(st, cmd_step_create(&sp,
								      T0 + 1)),
					 by_task ? STATE_EBUSY : STATE_EOK);
			tasks[1] = 1;
			sp.whole = true;
			sp.overlap = !by_task;
			assert_int_equal(apply_rc(st, cmd_step_create(&sp,
								      T0 + 1)),
					 STATE_EOK);
			assert_int_equal(j->steps[j->nsteps - 1]->cpus,
					 by_task ? 3 : 4);
		}
		{
			struct state *copy = state_new();
			buf_t *snap = state_snapshot(st);
			const struct job *c;

			assert_int_equal(state_restore(copy, snap->data,
						       buf_len(snap)), 0);
			c = state_job(copy, id);
			assert_int_equal(c->cpus_by_task, by_task);
			assert_int_equal(c->alloc_cpus, by_task ? 3 : 4);
			assert_int_equal(job_cpus_at(c, 1), by_task ? 1 : 2);
			assert_int_equal(copy->nodes[1].alloc_cpus,
					 by_task ? 1 : 2);
			assert_int_equal(bit_count(copy->nodes[1].core_used),
					 by_task ? 1 : 2);
			buf_free(snap);
			state_free(copy);
		}
		/* its end gives them back */
		assert_int_equal(apply_rc(st, cmd_job_end(id, 0, T0 + 5)),
				 STATE_EOK);
		assert_int_equal(st->nodes[0].alloc_cpus, 0);
		assert_int_equal(st->nodes[1].alloc_cpus, 0);
		state_free(st);
	}
}

/* -N2 -n5 on 4-CPU nodes: a CMD_START_SPREAD that gives each node's
 * CPUs (cmd_start_cpus: 4 and 1, as slurmctld fills them) holds those,
 * also after a snapshot (format 17) and its end gives them back; the
 * same job started by an older log's command (its CPUs following its
 * tasks) holds 3 and 2 as it did; CPUs given for the wrong number of
 * nodes, none on a node, or more than a node has are refused and change
 * nothing. */
/* A reload that drops a node renumbers the others: a running job's CPUs,
 * cores and GPU indexes on each of its nodes move with the nodes. */
static void test_node_arrays_follow_reload(void **unused)
{
	struct state_params prm = {
		.min_job_age = 300, .kill_wait = 30, .slurmd_timeout = 60,
		.return_to_service = 1, .first_job_id = 1,
		.max_job_id = 1000000,
	};
	struct state *st = state_new();
	struct part_spec p = fixture_part_debug();
	struct node_spec n[3];
	struct job_spec a = spec("filled"), g = spec("gpus");
	uint32_t idx[2] = { 1, 2 }, given[2] = { 3, 1 }, ida, idg;
	const struct job *j;
	uint64_t m0, m1;

	memset(n, 0, sizeof(n));
	for (int i = 0; i < 3; i++) {
		static char names[3][3] = { "r1", "r2", "r3" };

		n[i].name = names[i];
		n[i].cpus = 4;
		n[i].memory_mb = 1000;
		n[i].weight = 1;
		n[i].gres = "gpu:2";
	}
	p.nodes = "r[1-3]";
	assert_int_equal(apply_rc(st, cmd_config(n, 3, &p, 1, &prm, T0)),
			 STATE_EOK);
	for (int i = 0; i < 3; i++)
		assert_int_equal(apply_rc(st, cmd_node_up(n[i].name, 4, 1000,
							  T0, T0)), STATE_EOK);
	a.num_tasks = 4;
	a.min_nodes = a.max_nodes = 2;
	ida = submit(st, &a, T0);
	assert_int_equal(apply_rc(st, cmd_start_cpus(ida, idx, 2, given, 0, 0,
						     T0)), STATE_EOK);
	g.num_tasks = 3;
	g.min_nodes = g.max_nodes = 2;
	g.gpus_per_task = 1;
	g.tres_per_task = "gres:gpu:1";
	idg = submit(st, &g, T0);
	/* two tasks' GPUs on r2, one on r3; one CPU each is all that is
	 * left there */
	assert_int_equal(apply_rc(st, cmd_start_spread(idg, idx, 2, 1, 0, 0,
						       T0)), STATE_EOK);
	j = state_job(st, idg);
	assert_non_null(j->gpu_masks);
	m0 = j->gpu_masks[0];
	m1 = j->gpu_masks[1];
	assert_int_equal(__builtin_popcountll(m0), 2);
	assert_int_equal(__builtin_popcountll(m1), 1);

	/* r1, which holds nothing, leaves and r3 is listed before r2: they
	 * become nodes 0 and 1, so each job's first node is now r3 */
	{
		struct node_spec m[2] = { n[2], n[1] };

		p.nodes = "r3,r2";
		assert_int_equal(apply_rc(st, cmd_config(m, 2, &p, 1, &prm,
							 T0 + 10)), STATE_EOK);
	}
	assert_int_equal(st->nnodes, 2);
	assert_string_equal(st->nodes[0].name, "r3");
	j = state_job(st, ida);
	assert_true(bit_test(j->node_bits, 0) && bit_test(j->node_bits, 1));
	assert_int_equal(job_cpus_at(j, 0), 1);
	assert_int_equal(job_cpus_at(j, 1), 3);
	assert_int_equal(bit_count(j->core_bits[0]), 1);
	assert_int_equal(bit_count(j->core_bits[1]), 3);
	j = state_job(st, idg);
	assert_int_equal(j->gpu_masks[0], m1);
	assert_int_equal(j->gpu_masks[1], m0);
	assert_int_equal(st->nodes[0].alloc_cpus, 2);
	assert_int_equal(st->nodes[1].alloc_cpus, 4);

	/* and all of it comes back when the jobs end */
	assert_int_equal(apply_rc(st, cmd_job_end(ida, 0, T0 + 20)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_job_end(idg, 0, T0 + 20)), STATE_EOK);
	assert_int_equal(st->nodes[0].alloc_cpus, 0);
	assert_int_equal(st->nodes[1].alloc_cpus, 0);
	state_free(st);
}

static void test_cpus_given(void **unused)
{
	struct state_params prm = {
		.min_job_age = 300, .kill_wait = 30, .slurmd_timeout = 60,
		.return_to_service = 1, .first_job_id = 1,
		.max_job_id = 1000000,
	};
	uint32_t idx[2] = { 1, 0 }, fill[2] = { 4, 1 }, zero[2] = { 4, 0 };
	uint32_t big[2] = { 5, 1 };

	for (int mode = 0; mode < 2; mode++) {
		struct state *st = state_new(), *copy = state_new();
		struct part_spec p = fixture_part_debug();
		struct node_spec n[2];
		struct job_spec s = spec("fill");
		const struct job *j;
		uint32_t id;
		buf_t *snap, *bad;

		memset(n, 0, sizeof(n));
		for (int i = 0; i < 2; i++) {
			n[i].name = i ? "c2" : "c1";
			n[i].cpus = 4;
			n[i].memory_mb = 1000;
			n[i].weight = 1;
		}
		p.nodes = "c[1-2]";
		assert_int_equal(apply_rc(st, cmd_config(n, 2, &p, 1, &prm,
							 T0)), STATE_EOK);
		for (int i = 0; i < 2; i++)
			assert_int_equal(apply_rc(st, cmd_node_up(n[i].name, 4,
								  1000, T0, T0)),
					 STATE_EOK);
		s.num_tasks = 5;
		s.min_nodes = s.max_nodes = 2;
		s.mem_mb = 100;
		s.mem_per_cpu = true;
		id = submit(st, &s, T0);
		/* bad input first: refused, the job still waits */
		bad = cmd_start_spread(id, idx, 2, 4, 400,
				       START_CPUS_BY_TASK | START_CPUS_GIVEN,
				       T0);
		pack32_array(bad, fill, 1);   /* one count for two nodes */
		assert_int_equal(apply_rc(st, bad), STATE_EINVAL);
		assert_int_equal(apply_rc(st, cmd_start_cpus(id, idx, 2, zero,
							     400, 0, T0)),
				 STATE_EINVAL);
		assert_int_equal(apply_rc(st, cmd_start_cpus(id, idx, 2, big,
							     500, 0, T0)),
				 STATE_EBUSY);
		bad = cmd_start_spread(id, idx, 2, 4, 400,
				       START_CPUS_BY_TASK | START_CPUS_GIVEN,
				       T0);  /* says so, gives none */
		assert_int_equal(apply_rc(st, bad), STATE_EINVAL);
		assert_int_equal(state_job(st, id)->state, JOB_ST_PENDING);
		assert_int_equal(st->nodes[0].alloc_cpus, 0);

		assert_int_equal(apply_rc(st, mode ?
					  cmd_start_cpus(id, idx, 2, fill, 400,
							 0, T0) :
					  cmd_start_spread(id, idx, 2, 3, 300,
							   true, T0)),
				 STATE_EOK);
		j = state_job(st, id);
		assert_int_equal(j->alloc_cpus, 5);
		assert_int_equal(job_cpus_at(j, 0), mode ? 4 : 3);
		assert_int_equal(job_cpus_at(j, 1), mode ? 1 : 2);
		assert_int_equal(job_cpus_on(j, 1), mode ? 1 : 2);
		assert_int_equal(job_mem_at(j, 1), mode ? 100 : 200);
		assert_int_equal(j->cpus_per_node, mode ? 4 : 3);
		assert_int_equal(st->nodes[0].alloc_cpus, mode ? 4 : 3);
		assert_int_equal(st->nodes[1].alloc_cpus, mode ? 1 : 2);
		assert_int_equal(st->nodes[0].alloc_mem_mb, mode ? 400 : 300);
		assert_int_equal(bit_count(j->core_bits[1]), mode ? 1 : 2);

		snap = state_snapshot(st);
		/* only given CPUs need format 17 */
		{
			buf_t v;
			uint32_t magic = 0, version = 0;

			buf_init_view(&v, snap->data, buf_len(snap));
			unpack32(&v, &magic);
			unpack32(&v, &version);
			assert_true(mode ? version == 17 : version < 17);
		}
		assert_int_equal(state_restore(copy, snap->data, buf_len(snap)),
				 0);
		buf_free(snap);
		j = state_job(copy, id);
		assert_true(j->cpus_by_task);
		assert_int_equal(job_cpus_at(j, 0), mode ? 4 : 3);
		assert_int_equal(job_cpus_at(j, 1), mode ? 1 : 2);
		assert_int_equal(copy->nodes[0].alloc_cpus, mode ? 4 : 3);
		assert_int_equal(copy->nodes[1].alloc_cpus, mode ? 1 : 2);
		assert_int_equal(copy->nodes[1].alloc_mem_mb, mode ? 100 : 200);
		state_free(copy);

		assert_int_equal(apply_rc(st, cmd_job_end(id, 0, T0 + 5)),
				 STATE_EOK);
		assert_int_equal(st->nodes[0].alloc_cpus, 0);
		assert_int_equal(st->nodes[1].alloc_cpus, 0);
		assert_int_equal(st->nodes[0].alloc_mem_mb, 0);
		/* the ended job still says what it held, after a
		 * snapshot too */
		assert_false(job_on_nodes(state_job(st, id)));
		snap = state_snapshot(st);
		copy = state_new();
		assert_int_equal(state_restore(copy, snap->data, buf_len(snap)),
				 0);
		buf_free(snap);
		j = state_job(copy, id);
		assert_int_equal(j->alloc_cpus, 5);
		assert_int_equal(job_cpus_at(j, 0), mode ? 4 : 3);
		assert_int_equal(copy->nodes[0].alloc_cpus, 0);
		state_free(copy);
		state_free(st);
	}
}

/* -N2 -n3 --ntasks-per-node=2: a CMD_START_SPREAD with
 * START_TASKS_FROM_NODES makes it four tasks when it starts, as
 * slurmctld (NumTasks=4, two CPUs on each node), kept in a snapshot; a
 * start without it (older logs) keeps its three. */
static void test_tasks_from_nodes(void **unused)
{
	struct state_params prm = {
		.min_job_age = 300, .kill_wait = 30, .slurmd_timeout = 60,
		.return_to_service = 1, .first_job_id = 1,
		.max_job_id = 1000000,
	};
	uint32_t idx[2] = { 0, 1 };

	for (int mode = 0; mode < 3; mode++) {
		struct state *st = state_new(), *copy = state_new();
		struct part_spec p = fixture_part_debug();
		struct node_spec n[2];
		struct job_spec s = spec("tpn");
		const struct job *j;
		uint32_t id, want = mode == 2 ? 4 : 3;
		buf_t *snap, *cmd;

		memset(n, 0, sizeof(n));
		for (int i = 0; i < 2; i++) {
			n[i].name = i ? "c2" : "c1";
			n[i].cpus = 2;
			n[i].memory_mb = 1000;
			n[i].weight = 1;
		}
		p.nodes = "c[1-2]";
		assert_int_equal(apply_rc(st, cmd_config(n, 2, &p, 1, &prm,
							 T0)), STATE_EOK);
		for (int i = 0; i < 2; i++)
			assert_int_equal(apply_rc(st, cmd_node_up(n[i].name, 2,
								  1000, T0, T0)),
					 STATE_EOK);
		s.num_tasks = 3;
		s.ntasks_per_node = 2;
		s.min_nodes = s.max_nodes = 2;
		id = submit(st, &s, T0);
		assert_true(job_tasks_from_nodes(state_job(st, id), 2));
		cmd = mode == 0 ? cmd_start(id, idx, 2, 2, 0, T0) :
			cmd_start_spread(id, idx, 2, 2, 0, mode == 2 ?
					 START_TASKS_FROM_NODES : 0, T0);
		assert_int_equal(apply_rc(st, cmd), STATE_EOK);
		j = state_job(st, id);
		assert_int_equal(j->num_tasks, want);
		assert_int_equal(j->alloc_cpus, 4);
		assert_int_equal(job_cpus_at(j, 0), 2);
		assert_int_equal(job_cpus_at(j, 1), 2);
		assert_false(job_tasks_from_nodes(j, 2) && mode == 2);

		snap = state_snapshot(st);
		assert_int_equal(state_restore(copy, snap->data, buf_len(snap)),
				 0);
		buf_free(snap);
		assert_int_equal(state_job(copy, id)->num_tasks, want);
		state_free(copy);
		state_free(st);
	}
}

/* -N2 -n3 --mem-per-cpu=100 without GPUs: a CMD_START_SPREAD that says
 * so gives each node the CPUs of its tasks (two and one, 200 and 100 MB),
 * as slurmctld does, also after a snapshot; a CMD_START (all logs before
 * it) gives two CPUs on each, so old logs replay as they ran; an
 * --exclusive job keeps its whole nodes whatever the command says. */
static void test_cpus_by_task_plain(void **unused)
{
	struct state_params prm = {
		.min_job_age = 300, .kill_wait = 30, .slurmd_timeout = 60,
		.return_to_service = 1, .first_job_id = 1,
		.max_job_id = 1000000,
	};
	uint32_t idx[2] = { 1, 0 };     /* any order: shares go by node order */

	for (int mode = 0; mode < 3; mode++) {
		bool by_task = mode == 1, excl = mode == 2;
		struct state *st = state_new(), *copy = state_new();
		struct part_spec p = fixture_part_debug();
		struct node_spec n[2];
		struct job_spec s = spec("plain");
		const struct job *j;
		uint32_t id, cpn = 2;
		buf_t *snap;

		memset(n, 0, sizeof(n));
		for (int i = 0; i < 2; i++) {
			n[i].name = i ? "c2" : "c1";
			n[i].cpus = 2;
			n[i].memory_mb = 1000;
			n[i].weight = 1;
		}
		p.nodes = "c[1-2]";
		assert_int_equal(apply_rc(st, cmd_config(n, 2, &p, 1, &prm,
							 T0)), STATE_EOK);
		for (int i = 0; i < 2; i++)
			assert_int_equal(apply_rc(st, cmd_node_up(n[i].name, 2,
								  1000, T0, T0)),
					 STATE_EOK);
		s.num_tasks = 3;
		s.min_nodes = s.max_nodes = 2;
		s.mem_mb = 100;
		s.mem_per_cpu = true;
		s.exclusive = excl;
		id = submit(st, &s, T0);
		assert_int_equal(apply_rc(st, mode ?
					  cmd_start_spread(id, idx, 2, cpn, 200,
							   true, T0) :
					  cmd_start(id, idx, 2, cpn, 200, T0)),
				 STATE_EOK);
		j = state_job(st, id);
		assert_int_equal(j->cpus_by_task, by_task);
		assert_int_equal(j->alloc_cpus, by_task ? 3 : 4);
		assert_int_equal(j->cpus_per_node, 2);
		assert_int_equal(job_cpus_at(j, 0), 2);
		assert_int_equal(job_cpus_at(j, 1), by_task ? 1 : 2);
		assert_int_equal(job_cpus_on(j, 1), by_task ? 1 : 2);
		assert_int_equal(job_mem_at(j, 1), by_task ? 100 : 200);
		assert_null(j->gpu_masks);
		assert_int_equal(st->nodes[0].alloc_cpus, 2);
		assert_int_equal(st->nodes[1].alloc_cpus, by_task ? 1 : 2);
		assert_int_equal(st->nodes[1].alloc_mem_mb, by_task ? 100 : 200);
		assert_int_equal(bit_count(j->core_bits[1]), by_task ? 1 : 2);

		snap = state_snapshot(st);
		assert_int_equal(state_restore(copy, snap->data, buf_len(snap)),
				 0);
		buf_free(snap);
		j = state_job(copy, id);
		assert_int_equal(j->cpus_by_task, by_task);
		assert_int_equal(j->alloc_cpus, by_task ? 3 : 4);
		assert_int_equal(job_cpus_at(j, 1), by_task ? 1 : 2);
		assert_int_equal(copy->nodes[1].alloc_cpus, by_task ? 1 : 2);
		assert_int_equal(copy->nodes[1].alloc_mem_mb,
				 by_task ? 100 : 200);
		state_free(copy);

		assert_int_equal(apply_rc(st, cmd_job_end(id, 0, T0 + 5)),
				 STATE_EOK);
		assert_int_equal(st->nodes[0].alloc_cpus, 0);
		assert_int_equal(st->nodes[1].alloc_cpus, 0);
		assert_int_equal(st->nodes[1].alloc_mem_mb, 0);
		state_free(st);
	}
}

/* --mem-per-cpu with --gpus-per-task: each node's memory is for the
 * CPUs it holds there (200 and 100 MB for two CPUs and one), also after
 * a snapshot, and all of it comes back at the end. */
static void test_gpus_per_task_mem(void **unused)
{
	struct state_params prm = {
		.min_job_age = 300, .kill_wait = 30, .slurmd_timeout = 60,
		.return_to_service = 1, .first_job_id = 1,
		.max_job_id = 1000000,
	};
	uint32_t idx[2] = { 0, 1 }, id;
	struct state *st = state_new(), *copy = state_new();
	struct part_spec p = fixture_part_debug();
	struct node_spec n[2];
	struct job_spec s = spec("gpm");
	const struct job *j;
	buf_t *snap;

	memset(n, 0, sizeof(n));
	for (int i = 0; i < 2; i++) {
		n[i].name = i ? "g2" : "g1";
		n[i].cpus = 4;
		n[i].memory_mb = 1000;
		n[i].weight = 1;
		n[i].gres = "gpu:2";
	}
	p.nodes = "g[1-2]";
	assert_int_equal(apply_rc(st, cmd_config(n, 2, &p, 1, &prm, T0)),
			 STATE_EOK);
	for (int i = 0; i < 2; i++)
		assert_int_equal(apply_rc(st, cmd_node_up(n[i].name, 4, 1000,
							  T0, T0)), STATE_EOK);
	s.num_tasks = 3;
	s.min_nodes = s.max_nodes = 2;
	s.gpus_per_task = 1;
	s.tres_per_task = "gres:gpu:1";
	s.mem_mb = 100;
	s.mem_per_cpu = true;
	id = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, cmd_start_spread(id, idx, 2, 2, 200, true,
						       T0)), STATE_EOK);
	j = state_job(st, id);
	assert_int_equal(job_mem_at(j, 0), 200);
	assert_int_equal(job_mem_at(j, 1), 100);
	assert_int_equal(job_mem_on(j, 1), 100);
	assert_int_equal(st->nodes[0].alloc_mem_mb, 200);
	assert_int_equal(st->nodes[1].alloc_mem_mb, 100);
	/* srun asks the same memory on each node, 200 for its first node's
	 * two tasks: on the second it takes the 100 the job holds there;
	 * then no other step gets memory on the first, CPUs or not */
	{
		uint32_t tasks[2] = { 1, 1 }, cpus;
		uint64_t mem;
		struct step_spec sp = {
			.job_id = id, .name = "s", .nnodes = 2,
			.node_idx = idx, .tasks = tasks, .cpus_per_task = 1,
			.mem_mb = 200, .time_limit = STATE_INFINITE,
		};

		assert_int_equal(apply_rc(st, cmd_step_create(&sp, T0 + 1)),
				 STATE_EOK);
		job_steps_used(state_job(st, id), 1, &cpus, &mem);
		assert_int_equal(mem, 100);
		sp.mem_mb = 1;
		sp.nnodes = 1;
		sp.node_idx = &idx[0];
		assert_int_equal(apply_rc(st, cmd_step_create(&sp, T0 + 1)),
				 STATE_EBUSY);
	}
	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_int_equal(copy->nodes[1].alloc_mem_mb, 100);
	assert_int_equal(job_mem_at(state_job(copy, id), 1), 100);
	buf_free(snap);
	state_free(copy);
	assert_int_equal(apply_rc(st, cmd_job_end(id, 0, T0 + 5)), STATE_EOK);
	assert_int_equal(st->nodes[0].alloc_mem_mb, 0);
	assert_int_equal(st->nodes[1].alloc_mem_mb, 0);
	state_free(st);
}

static void test_requeue_and_purge(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("rq");
	uint32_t a, idx = 0;

	a = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 1, 0, T0)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_requeue(a, JOB_REASON_PROLOG_FAIL, 0, T0 + 1)),
			 STATE_EOK);
	assert_int_equal(state_job(st, a)->state, JOB_ST_PENDING);
	assert_int_equal(state_job(st, a)->restarts, 1);
	/* a failed launch is a new submission from the requeue on */
	assert_int_equal(state_job(st, a)->submit_time, T0 + 1);
	assert_null(state_job(st, a)->nodes);
	assert_int_equal(st->nodes[0].alloc_cpus, 0);

	assert_int_equal(apply_rc(st, cmd_cancel(a, 0, T0 + 10)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_purge(T0 + 10 + 299)), STATE_EOK);
	assert_non_null(state_job(st, a));
	assert_int_equal(apply_rc(st, cmd_purge(T0 + 10 + 300)), STATE_EOK);
	assert_null(state_job(st, a));
	/* ids are never reused after a purge */
	assert_int_equal(submit(st, &s, T0 + 400), a + 1);
	state_free(st);
}

static void test_snapshot_restore(void **unused)
{
	struct state *st = cluster();
	struct state *copy = state_new();
	struct job_spec s = spec("snap");
	uint32_t a, b, idx = 1;
	buf_t *snap, *snap2;

	a = submit(st, &s, T0);
	b = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 2, 100, T0)), STATE_EOK);
	{
		struct node_update u = { .names = "node[3-4]", .op = NODE_UPD_DRAIN,
					 .reason = "disk", .uid = 0 };
		assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), STATE_EOK);
	}
	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_int_equal(copy->njobs, 2);
	assert_int_equal(state_job(copy, a)->state, JOB_ST_RUNNING);
	assert_string_equal(state_job(copy, a)->nodes, "node2");
	assert_string_equal(state_job(copy, b)->script, "#!/bin/sh\necho hi\n");
	assert_int_equal(copy->nodes[1].alloc_cpus, 2);
	assert_int_equal(copy->nodes[1].alloc_mem_mb, 100);
	assert_string_equal(copy->nodes[3].reason, "disk");
	assert_int_equal(copy->next_job_id, st->next_job_id);
	/* the restored model snapshots to the same bytes */
	snap2 = state_snapshot(copy);
	assert_int_equal(buf_len(snap), buf_len(snap2));
	assert_memory_equal(snap->data, snap2->data, buf_len(snap));

	/* every truncation is refused cleanly and leaves a usable model */
	for (size_t cut = 0; cut < buf_len(snap); cut += 7) {
		assert_int_equal(state_restore(copy, snap->data, cut), -1);
		assert_int_equal(copy->njobs, 0);
	}
	buf_free(snap);
	buf_free(snap2);
	state_free(copy);
	state_free(st);
}

/* The job observer (metrics, mail) sees each start and each end once,
 * after the model changed, each requeue before the run is forgotten,
 * all with the command's time, and keeps watching across a restore. */
struct hook_log {
	int starts, ends, requeues;
	time_t last_wait, last_run, last_now;
};

static void hook_record(void *arg, const struct job *j, enum job_event ev,
			time_t now)
{
	struct hook_log *h = arg;

	h->last_now = now;
	if (ev == JOB_EVENT_REQUEUE) {
		/* the run it leaves is still there to be told of */
		assert_true(j->start_time != 0);
		h->requeues++;
		h->last_run = now - j->start_time;
	} else if (ev == JOB_EVENT_START) {
		assert_int_equal(j->state, JOB_ST_RUNNING);
		h->starts++;
		h->last_wait = j->start_time - j->submit_time;
	} else {
		assert_true(job_is_finished(j));
		h->ends++;
		h->last_run = j->start_time ? j->end_time - j->start_time : -1;
	}
}

static void test_job_hook(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("hook");
	struct hook_log h = { 0 };
	uint32_t a, b, idx = 0;
	buf_t *snap;

	st->job_hook = hook_record;
	st->job_hook_arg = &h;
	a = submit(st, &s, T0);
	b = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 1, 0, T0 + 5)), STATE_EOK);
	assert_int_equal(h.starts, 1);
	assert_int_equal(h.last_wait, 5);
	/* refused commands are not seen */
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 1, 0, T0 + 6)), STATE_EBUSY);
	assert_int_equal(h.starts, 1);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 65)), STATE_EOK);
	assert_int_equal(h.ends, 1);
	assert_int_equal(h.last_run, 60);
	/* a pending job cancelled never ran */
	assert_int_equal(apply_rc(st, cmd_cancel(b, 0, T0 + 70)), STATE_EOK);
	assert_int_equal(h.ends, 2);
	assert_int_equal(h.last_run, -1);
	snap = state_snapshot(st);
	assert_int_equal(state_restore(st, snap->data, buf_len(snap)), 0);
	buf_free(snap);
	assert_ptr_equal(st->job_hook_arg, &h);
	a = submit(st, &s, T0 + 100);
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 1, 0, T0 + 130)), STATE_EOK);
	assert_int_equal(h.starts, 2);
	assert_int_equal(h.last_wait, 30);
	assert_int_equal(h.last_now, T0 + 130);
	/* scontrol requeue and a requeue by the controller (launch failure) */
	assert_int_equal(apply_rc(st, cmd_job_requeue(a, false, 0, T0 + 140)), STATE_EOK);
	assert_int_equal(h.requeues, 1);
	assert_int_equal(h.last_run, 10);
	assert_int_equal(h.ends, 2);
	b = submit(st, &s, T0 + 150);
	assert_int_equal(apply_rc(st, cmd_start(b, &idx, 1, 1, 0, T0 + 150)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_requeue(b, JOB_REASON_NONE, 0, T0 + 152)), STATE_EOK);
	assert_int_equal(h.requeues, 2);
	assert_int_equal(h.last_run, 2);
	assert_int_equal(h.last_now, T0 + 152);
	state_free(st);
}

/* As slurmctld with JobRequeue: a node failure requeues the batch jobs
 * on it that may be requeued (pending, restarts + 1, the credential's
 * wait; told of as a NODE_FAIL end and a requeue), and ends the others
 * (--no-requeue, an allocation) NODE_FAIL. A job whose script runs on
 * another node stays COMPLETING until that node reports its end. A
 * command from before the wait (older log) ends them all NODE_FAIL. */
static void test_node_fail_requeues(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("nf"), nr = spec("nr"), al = spec("al");
	struct hook_log h = { 0 };
	struct node_update u = { .names = "node2", .op = NODE_UPD_DOWN,
				 .reason = "bad disk", .requeue = true,
				 .wait = 10 };
	uint32_t a, b, c, m, old, idx = 3, two[2] = { 1, 2 };
	struct job *j;

	nr.no_requeue = true;
	al.interactive = true;
	st->job_hook = hook_record;
	st->job_hook_arg = &h;
	a = submit(st, &s, T0);
	b = submit(st, &nr, T0);
	c = submit(st, &al, T0);
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 1, 0, T0)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_start(b, &idx, 1, 1, 0, T0)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_start(c, &idx, 1, 1, 0, T0)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_node_down("node4", NULL, 5, T0 + 70)),
			 STATE_EOK);
	j = state_job(st, a);
	assert_int_equal(j->state, JOB_ST_PENDING);
	assert_false(j->completing);
	assert_int_equal(j->restarts, 1);
	assert_int_equal(j->reason, JOB_REASON_NONE);
	assert_int_equal(j->exit_status, 0);
	assert_null(j->node_bits);
	assert_int_equal(j->start_time, 0);
	assert_int_equal(j->begin_time, T0 + 70 + 5 + 1);
	assert_int_equal(j->submit_time, T0 + 70);
	assert_int_equal(state_job(st, b)->state, JOB_ST_NODE_FAIL);
	assert_int_equal(state_job(st, c)->state, JOB_ST_NODE_FAIL);
	/* the requeued job's run was told of as ended, then requeued */
	assert_int_equal(h.ends, 3);
	assert_int_equal(h.requeues, 1);
	assert_int_equal(st->jobs_node_fail, 2);
	assert_int_equal(st->nodes[3].alloc_cpus, 0);
	/* the --no-requeue job's script, stopped on its node, reports its
	 * end: its exit code is that status (ExitCode=0:15), as slurmctld
	 * sets a finished job's exit code still 0; a second report does not
	 * change it, and an allocation keeps 0 */
	assert_int_equal(state_job(st, b)->exit_status, 0);
	assert_int_equal(apply_rc(st, cmd_job_end(b, 15, T0 + 72)), STATE_EDONE);
	assert_int_equal(state_job(st, b)->exit_status, 15);
	assert_int_equal(state_job(st, b)->state, JOB_ST_NODE_FAIL);
	assert_int_equal(state_job(st, b)->end_time, T0 + 70);
	assert_int_equal(apply_rc(st, cmd_job_end(b, 9, T0 + 73)), STATE_EDONE);
	assert_int_equal(state_job(st, b)->exit_status, 15);
	assert_int_equal(apply_rc(st, cmd_job_end(c, 15, T0 + 72)), STATE_EDONE);
	assert_int_equal(state_job(st, c)->exit_status, 0);

	/* scontrol update State=DOWN; the script runs on node2, the first
	 * of its nodes: it lets go of node3 only once node2 reports */
	m = submit(st, &s, T0 + 100);
	assert_int_equal(apply_rc(st, cmd_start(m, two, 2, 1, 0, T0 + 100)),
			 STATE_EOK);
	u.names = "node3";
	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0 + 110)), STATE_EOK);
	j = state_job(st, m);
	assert_int_equal(j->state, JOB_ST_PENDING);
	assert_true(j->completing);
	assert_int_equal(j->restarts, 1);
	assert_int_equal(j->submit_time, T0 + 100);
	assert_int_equal(st->nodes[1].alloc_cpus, 1);
	assert_int_equal(apply_rc(st, cmd_start(m, &idx, 1, 1, 0, T0 + 111)),
			 STATE_EBUSY);
	/* the wait counts from when it lets go, as batch_requeue_fini */
	assert_int_equal(apply_rc(st, cmd_job_end(m, 15, T0 + 115)), STATE_EOK);
	assert_false(j->completing);
	assert_null(j->node_bits);
	assert_int_equal(j->exit_status, 0);
	assert_int_equal(j->begin_time, T0 + 115 + 10 + 1);
	assert_int_equal(j->submit_time, T0 + 115);
	assert_int_equal(st->nodes[1].alloc_cpus, 0);

	/* the node its script runs on fails in turn: it lets go at once */
	assert_int_equal(apply_rc(st, cmd_node_update(&(struct node_update){
		.names = "node3", .op = NODE_UPD_RESUME }, T0 + 120)), STATE_EOK);
	m = submit(st, &s, T0 + 120);
	two[0] = 0;
	assert_int_equal(apply_rc(st, cmd_start(m, two, 2, 1, 0, T0 + 121)),
			 STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_node_down("node3", NULL, 10, T0 + 122)),
			 STATE_EOK);
	assert_true(state_job(st, m)->completing);
	assert_int_equal(apply_rc(st, cmd_node_down("node1", NULL, 10, T0 + 130)),
			 STATE_EOK);
	assert_false(state_job(st, m)->completing);
	assert_int_equal(state_job(st, m)->state, JOB_ST_PENDING);
	assert_int_equal(state_job(st, m)->begin_time, T0 + 130 + 10 + 1);
	assert_int_equal(state_job(st, m)->submit_time, T0 + 130);
	/* requeued in the second it was submitted: a second later, so the
	 * records of its runs differ */
	assert_int_equal(apply_rc(st, cmd_node_update(&(struct node_update){
		.names = "node[1,3]", .op = NODE_UPD_RESUME }, T0 + 140)), STATE_EOK);
	m = submit(st, &s, T0 + 140);
	assert_int_equal(apply_rc(st, cmd_start(m, two, 2, 1, 0, T0 + 140)),
			 STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_node_down("node1", NULL, 10, T0 + 140)),
			 STATE_EOK);
	assert_int_equal(state_job(st, m)->submit_time, T0 + 141);

	/* an older log's node down: NODE_FAIL for every job */
	assert_int_equal(apply_rc(st, cmd_node_up("node4", 4, 1000, T0 + 200,
						  T0 + 200)), STATE_EOK);
	old = submit(st, &s, T0 + 200);
	assert_int_equal(apply_rc(st, cmd_start(old, &idx, 1, 1, 0, T0 + 200)),
			 STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_node_down("node4", NULL,
						    NODE_FAIL_ENDS, T0 + 210)),
			 STATE_EOK);
	assert_int_equal(state_job(st, old)->state, JOB_ST_NODE_FAIL);
	assert_int_equal(state_job(st, old)->restarts, 0);
	state_free(st);
}

/* sbatch --signal: the job keeps signal, lead time and batch-only flag;
 * without a signal there is nothing to keep; a submit logged before the
 * fields existed (shorter command) still applies, without a warning. */
static void test_submit_warn_signal(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("warn");
	struct state_result res;
	struct job *j;
	buf_t *b;
	uint32_t a, none, old;

	s.warn_signal = 10;
	s.warn_time = 50;
	s.warn_flags = JOB_WARN_BATCH;
	a = submit(st, &s, T0);
	j = state_job(st, a);
	assert_int_equal(j->warn_signal, 10);
	assert_int_equal(j->warn_time, 50);
	assert_int_equal(j->warn_flags, JOB_WARN_BATCH);
	assert_int_equal(j->warn_sent_start, 0);

	s.warn_signal = 0;
	none = submit(st, &s, T0);
	j = state_job(st, none);
	assert_int_equal(j->warn_signal, 0);
	assert_int_equal(j->warn_time, 0);
	assert_int_equal(j->warn_flags, 0);

	s.warn_signal = 12;
	b = cmd_submit(&s, T0);
	/* a submit logged before --signal: no signal fields (12 bytes),
	 * allocation fields (13 with them unset, the submit host too) nor
	 * --no-requeue and the session (5) */
	state_apply(st, b->data, buf_len(b) - 5 - 13 - 12, &res);
	buf_free(b);
	assert_int_equal(res.rc, STATE_EOK);
	old = res.job_id;
	j = state_job(st, old);
	assert_string_equal(j->name, "warn");
	assert_int_equal(j->warn_signal, 0);
	assert_int_equal(j->warn_flags, 0);
	/* cut inside the new fields: malformed, no job */
	b = cmd_submit(&s, T0);
	state_apply(st, b->data, buf_len(b) - 6, &res);
	buf_free(b);
	assert_int_equal(res.rc, STATE_EINVAL);
	assert_int_equal(st->njobs, 3);
	state_free(st);
}

/* Jobs submitted from one shell share one copy of script and env, and
 * forgetting one job leaves the others' intact. */
static void test_shared_script_and_env(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("a");
	struct job_spec other = spec("b");
	char *env2[] = { "HOME=/home/bob", NULL };
	uint32_t a, b, c;

	other.env = env2;
	other.env_count = 1;
	other.script = "#!/bin/sh\necho other\n";
	a = submit(st, &s, T0);
	b = submit(st, &s, T0);
	c = submit(st, &other, T0);
	assert_ptr_equal(state_job(st, a)->env, state_job(st, b)->env);
	assert_ptr_equal(state_job(st, a)->script, state_job(st, b)->script);
	assert_ptr_not_equal(state_job(st, a)->env, state_job(st, c)->env);
	assert_string_equal(state_job(st, c)->env[0], "HOME=/home/bob");
	assert_int_equal(apply_rc(st, cmd_cancel(a, 0, T0)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_purge(T0 + 1000)), STATE_EOK);
	assert_null(state_job(st, a));
	assert_string_equal(state_job(st, b)->env[1], "PATH=/bin");
	assert_string_equal(state_job(st, b)->script, "#!/bin/sh\necho hi\n");
	/* a restored model shares them too */
	{
		buf_t *snap = state_snapshot(st);
		struct state *copy = state_new();

		assert_int_equal(apply_rc(st, cmd_submit(&s, T0 + 2000)), STATE_EOK);
		assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
		assert_string_equal(state_job(copy, b)->env[0], "HOME=/root");
		assert_string_equal(state_job(copy, c)->script, "#!/bin/sh\necho other\n");
		buf_free(snap);
		state_free(copy);
	}
	state_free(st);
}

/* ---- CMD_JOB_UPDATE --------------------------------------------- */

static struct job_update upd(uint32_t id, uint32_t fields)
{
	struct job_update u;

	memset(&u, 0, sizeof(u));
	u.job_id = id;
	u.fields = fields;
	return u;
}

static int update_rc(struct state *st, const struct job_update *u, time_t t)
{
	return apply_rc(st, cmd_job_update(u, t));
}

static void test_job_update_fields(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("before");
	uint32_t a = submit(st, &s, T0), b = submit(st, &s, T0), idx = 0;
	struct job_update u = upd(a, JOB_UPD_NAME | JOB_UPD_COMMENT |
				  JOB_UPD_PARTITION | JOB_UPD_TIME_LIMIT |
				  JOB_UPD_NODES | JOB_UPD_TASKS |
				  JOB_UPD_CPUS_PER_TASK | JOB_UPD_MEM);
	struct job *j = state_job(st, a);

	u.name = "after";
	u.comment = "moved";
	u.partition = "batch";
	u.time_limit = 30;
	u.min_nodes = 2;
	u.max_nodes = 2;
	u.num_tasks = 4;
	u.cpus_per_task = 2;
	u.mem_mb = 100;
	u.mem_per_cpu = true;
	assert_int_equal(update_rc(st, &u, T0 + 1), STATE_EOK);
	assert_string_equal(j->name, "after");
	assert_string_equal(j->comment, "moved");
	assert_string_equal(j->partition, "batch");
	assert_int_equal(j->time_limit, 30);
	assert_int_equal(j->min_nodes, 2);
	assert_int_equal(j->max_nodes, 2);
	assert_int_equal(j->num_tasks, 4);
	assert_int_equal(j->cpus_per_task, 2);
	assert_int_equal(j->mem_mb, 100);
	assert_true(j->mem_per_cpu);
	/* what was not named stays */
	assert_int_equal(j->state, JOB_ST_PENDING);
	assert_true(j->priority > 0);
	assert_string_equal(j->work_dir, "/tmp");

	/* one bad part (no such partition) and nothing changes */
	u = upd(a, JOB_UPD_NAME | JOB_UPD_TIME_LIMIT | JOB_UPD_PARTITION);
	u.name = "half";
	u.time_limit = 5;
	u.partition = "nosuch";
	assert_int_equal(update_rc(st, &u, T0 + 2), STATE_ENOPART);
	assert_string_equal(j->name, "after");
	assert_int_equal(j->time_limit, 30);
	assert_string_equal(j->partition, "batch");

	/* a running job takes a new time limit and name, not a new shape */
	assert_int_equal(apply_rc(st, cmd_start(b, &idx, 1, 1, 0, T0 + 3)), STATE_EOK);
	u = upd(b, JOB_UPD_TIME_LIMIT | JOB_UPD_NAME);
	u.time_limit = 7;
	u.name = "runner";
	assert_int_equal(update_rc(st, &u, T0 + 4), STATE_EOK);
	assert_int_equal(state_job(st, b)->time_limit, 7);
	assert_string_equal(state_job(st, b)->name, "runner");
	u = upd(b, JOB_UPD_NAME | JOB_UPD_PARTITION);
	u.name = "nope";
	u.partition = "debug";
	assert_int_equal(update_rc(st, &u, T0 + 5), STATE_EBUSY);
	u.fields = JOB_UPD_NAME | JOB_UPD_NODES;
	u.min_nodes = u.max_nodes = 1;
	assert_int_equal(update_rc(st, &u, T0 + 5), STATE_EBUSY);
	assert_string_equal(state_job(st, b)->name, "runner");
	assert_string_equal(state_job(st, b)->partition, "debug");

	/* finished and unknown jobs */
	assert_int_equal(apply_rc(st, cmd_job_end(b, 0, T0 + 6)), STATE_EOK);
	u = upd(b, JOB_UPD_NAME);
	u.name = "late";
	assert_int_equal(update_rc(st, &u, T0 + 7), STATE_EDONE);
	assert_string_equal(state_job(st, b)->name, "runner");
	u.job_id = 999;
	assert_int_equal(update_rc(st, &u, T0 + 7), STATE_ENOJOB);
	state_free(st);
}

static void test_job_update_hold_release(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("h");
	uint32_t a = submit(st, &s, T0), b = submit(st, &s, T0);
	uint32_t c = submit(st, &s, T0), idx = 0;
	struct job_update u;
	struct job *jb = state_job(st, b);

	/* an admin hold: priority 0, JobHeldAdmin, cannot start */
	u = upd(b, JOB_UPD_HOLD);
	u.hold_admin = true;
	assert_int_equal(update_rc(st, &u, T0 + 1), STATE_EOK);
	assert_int_equal(jb->priority, 0);
	assert_string_equal(job_reason_name(job_reason_shown(jb)), "JobHeldAdmin");
	assert_int_equal(apply_rc(st, cmd_start(b, &idx, 1, 1, 0, T0 + 1)), STATE_EBUSY);
	/* a held job takes no priority but a release */
	u = upd(b, JOB_UPD_PRIORITY);
	u.priority = 100;
	assert_int_equal(update_rc(st, &u, T0 + 2), STATE_EBUSY);
	assert_int_equal(jb->priority, 0);
	/* user hold over admin hold */
	u = upd(b, JOB_UPD_HOLD);
	assert_int_equal(update_rc(st, &u, T0 + 3), STATE_EOK);
	assert_string_equal(job_reason_name(job_reason_shown(jb)), "JobHeldUser");
	/* released, it queues behind the jobs already waiting */
	u = upd(b, JOB_UPD_RELEASE);
	assert_int_equal(update_rc(st, &u, T0 + 4), STATE_EOK);
	assert_true(jb->priority > 0);
	assert_true(jb->priority < state_job(st, c)->priority);
	assert_int_equal(jb->reason, JOB_REASON_NONE);
	assert_int_equal(jb->eligible_time, T0 + 4);
	/* releasing a job that is not held changes nothing */
	{
		uint32_t prio = jb->priority;

		assert_int_equal(update_rc(st, &u, T0 + 5), STATE_EOK);
		assert_int_equal(jb->priority, prio);
		assert_int_equal(jb->eligible_time, T0 + 4);
	}
	/* an operator's priority */
	u = upd(b, JOB_UPD_PRIORITY);
	u.priority = 12345;
	assert_int_equal(update_rc(st, &u, T0 + 6), STATE_EOK);
	assert_int_equal(jb->priority, 12345);

	/* a running job held keeps running; requeued, it stays held */
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 1, 0, T0 + 7)), STATE_EOK);
	u = upd(a, JOB_UPD_HOLD);
	assert_int_equal(update_rc(st, &u, T0 + 8), STATE_EOK);
	assert_int_equal(state_job(st, a)->state, JOB_ST_RUNNING);
	assert_int_equal(state_job(st, a)->priority, 0);
	assert_int_equal(apply_rc(st, cmd_requeue(a, JOB_REASON_NODE_DOWN, 0, T0 + 9)),
			 STATE_EOK);
	assert_int_equal(state_job(st, a)->state, JOB_ST_PENDING);
	assert_string_equal(job_reason_name(job_reason_shown(state_job(st, a))),
			    "JobHeldUser");
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 1, 0, T0 + 9)), STATE_EBUSY);
	u = upd(a, JOB_UPD_RELEASE);
	assert_int_equal(update_rc(st, &u, T0 + 10), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 1, 0, T0 + 11)), STATE_EOK);
	state_free(st);
}

/* A priority given directly (sbatch --priority, an operator's
 * Priority=), slurmctld's direct_set_prio: Nice= leaves it and the nice
 * as they are; a release (of a held job, or an operator's of one not
 * held) clears it; snapshots keep it in format 26. */
static void test_prio_set(void **unused)
{
	struct state *st = cluster(), *back = state_new();
	struct job_spec s = spec("p");
	uint32_t a, b;
	struct job_update u;
	struct job *ja, *jb;
	buf_t *snap;

	/* a model without it keeps its older format */
	b = submit(st, &s, T0);
	jb = state_job(st, b);
	assert_false(jb->prio_set);
	snap = state_snapshot(st);
	assert_true(((uint8_t *)snap->data)[7] < 26);
	buf_free(snap);

	s.priority = 500;
	a = submit(st, &s, T0);
	ja = state_job(st, a);
	assert_int_equal(ja->priority, 500);
	assert_true(ja->prio_set);
	/* Nice= goes through and changes nothing */
	u = upd(a, JOB_UPD_NICE);
	u.nice = 100;
	assert_int_equal(update_rc(st, &u, T0 + 1), STATE_EOK);
	assert_int_equal(ja->priority, 500);
	assert_int_equal(ja->nice, 0);
	/* kept by a snapshot, format 26 */
	snap = state_snapshot(st);
	assert_int_equal(((uint8_t *)snap->data)[7], 26);
	assert_int_equal(state_restore(back, snap->data, buf_len(snap)), 0);
	assert_true(state_job(back, a)->prio_set);
	assert_false(state_job(back, b)->prio_set);
	/* format 27 is not one this version reads */
	((uint8_t *)snap->data)[7] = 27;
	assert_int_equal(state_restore(back, snap->data, buf_len(snap)), -1);
	buf_free(snap);

	/* a job given its priority by Nice= moves; an operator's Priority=
	 * drops the nice and marks it, and Nice= no longer moves it */
	u = upd(b, JOB_UPD_NICE);
	u.nice = 10;
	{
		uint32_t before = jb->priority;

		assert_int_equal(update_rc(st, &u, T0 + 2), STATE_EOK);
		assert_int_equal(jb->priority, before - 10);
		assert_int_equal(jb->nice, 10);
	}
	u = upd(b, JOB_UPD_PRIORITY);
	u.priority = 300;
	u.hold_admin = true;
	assert_int_equal(update_rc(st, &u, T0 + 3), STATE_EOK);
	assert_true(jb->prio_set);
	assert_int_equal(jb->nice, 0);
	u = upd(b, JOB_UPD_NICE);
	u.nice = 20;
	assert_int_equal(update_rc(st, &u, T0 + 4), STATE_EOK);
	assert_int_equal(jb->priority, 300);
	assert_int_equal(jb->nice, 0);
	/* Priority= and Nice= in one update: the nice goes too */
	u = upd(b, JOB_UPD_PRIORITY | JOB_UPD_NICE);
	u.priority = 301;
	u.nice = 30;
	assert_int_equal(update_rc(st, &u, T0 + 5), STATE_EOK);
	assert_int_equal(jb->priority, 301);
	assert_int_equal(jb->nice, 0);

	/* held and released: a fresh priority, which Nice= moves again */
	u = upd(b, JOB_UPD_HOLD);
	assert_int_equal(update_rc(st, &u, T0 + 6), STATE_EOK);
	assert_true(jb->prio_set);
	/* a held job takes the nice (its priority 0 stays) */
	u = upd(b, JOB_UPD_NICE);
	u.nice = 5;
	assert_int_equal(update_rc(st, &u, T0 + 7), STATE_EOK);
	assert_int_equal(jb->priority, 0);
	assert_int_equal(jb->nice, 5);
	u = upd(b, JOB_UPD_RELEASE);
	assert_int_equal(update_rc(st, &u, T0 + 8), STATE_EOK);
	assert_false(jb->prio_set);
	assert_true(jb->priority > 0 && jb->priority != 301);
	{
		uint32_t before = jb->priority;

		u = upd(b, JOB_UPD_NICE);
		u.nice = 0;
		assert_int_equal(update_rc(st, &u, T0 + 9), STATE_EOK);
		assert_int_equal(jb->priority, before + 5);
		assert_int_equal(jb->nice, 0);
	}

	/* an operator's release of a job not held: the next priority, no
	 * longer given directly */
	u = upd(a, JOB_UPD_RELEASE);
	u.hold_admin = true;
	assert_int_equal(update_rc(st, &u, T0 + 10), STATE_EOK);
	assert_false(ja->prio_set);
	assert_int_not_equal(ja->priority, 500);
	state_free(back);
	state_free(st);
}

/* CMD_PRIO_SKIP: the priorities slurmctld gave to submissions it
 * refused are taken at once, so that an operator's release coming next
 * gets the one after them, as the next submission does, and a snapshot
 * (what a new controller starts from) holds them. A submission's own
 * prio_skip (older logs) still counts. */
static void test_prio_skip(void **unused)
{
	struct state *st = cluster(), *copy = cluster();
	struct job_spec s = spec("p");
	struct job_update u;
	uint32_t a, h, b, c, d, p;
	buf_t *snap, *bad;

	a = submit(st, &s, T0);
	p = state_job(st, a)->priority;
	s.priority = 0;
	h = submit(st, &s, T0);
	s.priority = STATE_NO_VAL;
	assert_int_equal(state_job(st, h)->priority, 0);
	/* two refusals, then the held job released: two below the next */
	assert_int_equal(apply_rc(st, cmd_prio_skip(2, T0 + 1)), STATE_EOK);
	u = upd(h, JOB_UPD_RELEASE);
	assert_int_equal(update_rc(st, &u, T0 + 2), STATE_EOK);
	assert_int_equal(state_job(st, h)->priority, p - 3);
	/* the next submission after one more */
	assert_int_equal(apply_rc(st, cmd_prio_skip(1, T0 + 3)), STATE_EOK);
	b = submit(st, &s, T0 + 4);
	assert_int_equal(state_job(st, b)->priority, p - 5);
	/* a copy from a snapshot taken after a refusal counts it too */
	assert_int_equal(apply_rc(st, cmd_prio_skip(4, T0 + 5)), STATE_EOK);
	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	buf_free(snap);
	c = submit(copy, &s, T0 + 6);
	assert_int_equal(state_job(copy, c)->priority, p - 10);
	/* an older log's submit that carries the count itself */
	s.prio_skip = 2;
	d = submit(st, &s, T0 + 6);
	s.prio_skip = 0;
	assert_int_equal(state_job(st, d)->priority, p - 12);
	assert_int_equal(state_job(st, d)->prio_skip, 0);
	/* none, or cut short: refused, nothing skipped */
	assert_int_equal(apply_rc(st, cmd_prio_skip(0, T0 + 7)), STATE_EINVAL);
	bad = cmd_prio_skip(5, T0 + 7);
	{
		struct state_result res;

		state_apply(st, bad->data, buf_len(bad) - 1, &res);
		assert_int_equal(res.rc, STATE_EINVAL);
	}
	buf_free(bad);
	d = submit(st, &s, T0 + 8);
	assert_int_equal(state_job(st, d)->priority, p - 13);
	/* it changes no job nor node */
	bad = cmd_prio_skip(1, T0 + 9);
	assert_int_equal(state_cmd_job(bad->data, buf_len(bad), NULL), 0);
	assert_false(state_cmd_nodes(bad->data, buf_len(bad), NULL));
	buf_free(bad);
	state_free(copy);
	state_free(st);
}

/* NumNodes=MIN-MAX names the upper count: the job keeps that -N gave
 * it (a waiting job shows MIN-MAX), and snapshots say so; a job that
 * has started takes no such change. */
static void test_job_update_nodes_given(void **unused)
{
	struct state *st = cluster(), *back;
	struct job_spec s = spec("n");
	uint32_t a = submit(st, &s, T0), b;
	struct job_update u = upd(a, JOB_UPD_NODES | JOB_UPD_NODES_GIVEN);
	buf_t *snap;

	assert_false(state_job(st, a)->max_nodes_given);
	u.min_nodes = 1;
	u.max_nodes = 2;
	assert_int_equal(update_rc(st, &u, T0 + 1), STATE_EOK);
	assert_true(state_job(st, a)->max_nodes_given);
	assert_int_equal(state_job(st, a)->max_nodes, 2);
	snap = state_snapshot(st);
	back = state_new();
	assert_int_equal(state_restore(back, snap->data, buf_len(snap)), 0);
	assert_true(state_job(back, a)->max_nodes_given);
	state_free(back);
	buf_free(snap);

	b = submit(st, &s, T0);
	state_job(st, b)->state = JOB_ST_RUNNING;
	u = upd(b, JOB_UPD_NODES_GIVEN);
	assert_int_equal(update_rc(st, &u, T0 + 2), STATE_EBUSY);
	assert_false(state_job(st, b)->max_nodes_given);
	state_free(st);
}

/* scontrol update ExcNodeList=, MinTmpDiskNode=, Requeue=, WorkDir=,
 * StdOut=...: the members named change, the others stay; "" clears a
 * list; the request's members only while the job waits, Requeue=
 * always; a member the table does not know is refused. */
static void test_job_update_request(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("r");
	uint32_t a, idx = 0;
	struct job_update u;
	struct job *j;

	s.exc_nodes = "node4";
	s.features = "fast";
	a = submit(st, &s, T0);
	u = upd(a, JOB_UPD_REQ | JOB_UPD_REQUEUE | JOB_UPD_WORK_DIR |
		JOB_UPD_STD_OUT);
	u.req_mask = JOB_REQ_EXC_NODES | JOB_REQ_TMP_MB | JOB_REQ_CONTIGUOUS |
		JOB_REQ_REQ_NODES | JOB_REQ_TIME_MIN;
	u.req.exc_nodes = "node2";
	u.req.req_nodes = "node1";
	u.req.tmp_mb = 5;
	u.req.contiguous = true;
	u.req.time_min = 2;
	u.no_requeue = true;
	u.work_dir = "/tmp";
	u.std_out = "/tmp/o.txt";
	assert_int_equal(update_rc(st, &u, T0 + 1), STATE_EOK);
	j = state_job(st, a);
	assert_string_equal(j->exc_nodes, "node2");
	assert_string_equal(j->req_nodes, "node1");
	assert_string_equal(j->features, "fast");
	assert_int_equal(j->tmp_mb, 5);
	assert_true(j->contiguous);
	assert_int_equal(j->time_min, 2);
	assert_true(j->no_requeue);
	assert_string_equal(j->work_dir, "/tmp");
	assert_string_equal(j->std_out, "/tmp/o.txt");
	/* cleared: NULL under its bit */
	u = upd(a, JOB_UPD_REQ);
	u.req_mask = JOB_REQ_EXC_NODES | JOB_REQ_REQ_NODES;
	assert_int_equal(update_rc(st, &u, T0 + 2), STATE_EOK);
	assert_null(state_job(st, a)->exc_nodes);
	assert_null(state_job(st, a)->req_nodes);
	assert_int_equal(state_job(st, a)->tmp_mb, 5);
	/* a member number past the table */
	u.req_mask = JOB_REQ_BIT(63);
	assert_int_equal(update_rc(st, &u, T0 + 3), STATE_EINVAL);
	/* running: the request is the job's start's, Requeue= is taken */
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 1, 0, T0 + 4)),
			 STATE_EOK);
	u = upd(a, JOB_UPD_REQ);
	u.req_mask = JOB_REQ_TMP_MB;
	u.req.tmp_mb = 9;
	assert_int_equal(update_rc(st, &u, T0 + 5), STATE_EBUSY);
	assert_int_equal(state_job(st, a)->tmp_mb, 5);
	u = upd(a, JOB_UPD_WORK_DIR);
	u.work_dir = "/var";
	assert_int_equal(update_rc(st, &u, T0 + 5), STATE_EBUSY);
	u = upd(a, JOB_UPD_REQUEUE);
	u.no_requeue = false;
	assert_int_equal(update_rc(st, &u, T0 + 6), STATE_EOK);
	assert_false(state_job(st, a)->no_requeue);
	/* MailUser=, MailType= of a running job too, not with another */
	u = upd(a, JOB_UPD_REQ);
	u.req_mask = JOB_REQ_MAIL_USER | JOB_REQ_MAIL_TYPE;
	u.req.mail_user = "a@b";
	u.req.mail_type = 4;
	assert_int_equal(update_rc(st, &u, T0 + 7), STATE_EOK);
	assert_string_equal(state_job(st, a)->mail_user, "a@b");
	assert_int_equal(state_job(st, a)->mail_type, 4);
	u.req_mask |= JOB_REQ_REBOOT;
	u.req.mail_user = "c@d";
	u.req.reboot = true;
	assert_int_equal(update_rc(st, &u, T0 + 8), STATE_EBUSY);
	assert_string_equal(state_job(st, a)->mail_user, "a@b");
	assert_false(state_job(st, a)->reboot);
	/* Licenses= of a running job: taken, as slurmctld */
	u = upd(a, JOB_UPD_REQ);
	u.req_mask = JOB_REQ_LICENSES;
	u.req.licenses = "lic:1";
	assert_int_equal(update_rc(st, &u, T0 + 9), STATE_EOK);
	assert_string_equal(state_job(st, a)->licenses, "lic:1");
	state_free(st);
}

/* scontrol update NumNodes=/ReqNodeList= of a running job (the leader
 * names the nodes kept): the job keeps those with the CPUs, memory and
 * cores it held on each (-N3 -n4 by task: 2, 1 and 1; two kept hold 3,
 * not the 4 its tasks would give two nodes), the others are free at
 * once for another job, and a snapshot holds the new shape. A list
 * without the batch node, with a node not its own, with all its nodes,
 * or of a job not running is refused and changes nothing. */
static void test_job_shrink(void **unused)
{
	struct state_params prm = {
		.min_job_age = 300, .kill_wait = 30, .slurmd_timeout = 60,
		.return_to_service = 1, .first_job_id = 1,
		.max_job_id = 1000000,
	};
	uint32_t idx[3] = { 0, 1, 2 }, third = 2;

	for (int mode = 0; mode < 2; mode++) {
		bool by_task = mode == 1;
		struct state *st = state_new(), *copy = state_new();
		struct part_spec p = fixture_part_debug();
		struct node_spec n[3];
		struct job_spec s = spec("shrink");
		struct job_spec w = spec("whole");
		struct job_update u;
		const struct job *j;
		uint32_t id, other, pend;
		buf_t *snap, *again;

		memset(n, 0, sizeof(n));
		for (int i = 0; i < 3; i++) {
			n[i].name = i == 0 ? "c1" : i == 1 ? "c2" : "c3";
			n[i].cpus = 2;
			n[i].memory_mb = 1000;
			n[i].weight = 1;
		}
		p.nodes = "c[1-3]";
		assert_int_equal(apply_rc(st, cmd_config(n, 3, &p, 1, &prm,
							 T0)), STATE_EOK);
		for (int i = 0; i < 3; i++)
			assert_int_equal(apply_rc(st, cmd_node_up(n[i].name, 2,
								  1000, T0, T0)),
					 STATE_EOK);
		s.num_tasks = 4;
		s.min_nodes = s.max_nodes = 3;
		s.mem_mb = 100;
		s.mem_per_cpu = true;
		id = submit(st, &s, T0);
		w.num_tasks = 2;
		other = submit(st, &w, T0);
		pend = submit(st, &w, T0);
		assert_int_equal(apply_rc(st, by_task ?
					  cmd_start_spread(id, idx, 3, 2, 200,
							   START_CPUS_BY_TASK,
							   T0) :
					  cmd_start(id, idx, 3, 2, 200, T0)),
				 STATE_EOK);
		j = state_job(st, id);
		assert_int_equal(j->alloc_cpus, by_task ? 4 : 6);
		/* c3 is busy: a job wanting both its CPUs does not fit */
		assert_int_equal(apply_rc(st, cmd_start(other, &third, 1, 2, 0,
							T0 + 1)), STATE_EBUSY);

		/* a step on c3 alone ends with the shrink, one on c2 and
		 * c3 runs on */
		{
			uint32_t on3 = 2, on23[2] = { 1, 2 }, t1[2] = { 1, 1 };
			struct step_spec sp = { .job_id = id, .name = "s",
				.nnodes = 1, .node_idx = &on3, .tasks = t1,
				.cpus_per_task = 1, .overlap = true,
				.time_limit = STATE_INFINITE,
				.srun_host = "127.0.0.1", .srun_port = 40000 };

			assert_int_equal(apply_rc(st, cmd_step_create(&sp,
								      T0 + 1)),
					 STATE_EOK);
			sp.nnodes = 2;
			sp.node_idx = on23;
			assert_int_equal(apply_rc(st, cmd_step_create(&sp,
								      T0 + 1)),
					 STATE_EOK);
		}
		/* refused: nothing changes */
		u = upd(id, JOB_UPD_SHRINK);
		u.keep_nodes = "c2";            /* not the batch node */
		assert_int_equal(update_rc(st, &u, T0 + 2), STATE_EBUSY);
		u.keep_nodes = "c[1-3]";        /* all of them */
		assert_int_equal(update_rc(st, &u, T0 + 2), STATE_EBUSY);
		u.keep_nodes = "c1,c9";         /* not a node */
		assert_int_equal(update_rc(st, &u, T0 + 2), STATE_EBUSY);
		u.keep_nodes = "";
		assert_int_equal(update_rc(st, &u, T0 + 2), STATE_EINVAL);
		u.keep_nodes = NULL;
		assert_int_equal(update_rc(st, &u, T0 + 2), STATE_EINVAL);
		u = upd(pend, JOB_UPD_SHRINK);  /* waiting */
		u.keep_nodes = "c1";
		assert_int_equal(update_rc(st, &u, T0 + 2), STATE_EBUSY);
		j = state_job(st, id);
		assert_string_equal(j->nodes, "c[1-3]");
		assert_int_equal(st->nodes[2].alloc_cpus, by_task ? 1 : 2);

		/* kept: c1 and c2 with what they held */
		u = upd(id, JOB_UPD_SHRINK);
		u.keep_nodes = "c[1-2]";
		assert_int_equal(update_rc(st, &u, T0 + 3), STATE_EOK);
		j = state_job(st, id);
		assert_int_equal(j->state, JOB_ST_RUNNING);
		assert_string_equal(j->nodes, "c[1-2]");
		assert_int_equal(bit_count(j->node_bits), 2);
		assert_int_equal(j->batch_node, 0);
		assert_int_equal(j->alloc_cpus, by_task ? 3 : 4);
		assert_int_equal(job_cpus_at(j, 0), 2);
		assert_int_equal(job_cpus_at(j, 1), by_task ? 1 : 2);
		assert_int_equal(job_mem_at(j, 1), by_task ? 100 : 200);
		assert_int_equal(j->ncore_bits, 2);
		assert_int_equal(bit_count(j->core_bits[1]), by_task ? 1 : 2);
		assert_int_equal(st->nodes[0].alloc_cpus, 2);
		assert_int_equal(st->nodes[1].alloc_cpus, by_task ? 1 : 2);
		assert_int_equal(st->nodes[1].alloc_mem_mb, by_task ? 100 : 200);
		assert_int_equal(st->nodes[2].alloc_cpus, 0);
		assert_int_equal(st->nodes[2].alloc_mem_mb, 0);
		assert_int_equal(st->nodes[2].njobs, 0);
		assert_string_equal(node_state_name(st, &st->nodes[2]), "idle");
		assert_int_equal(j->nsteps, 2);
		assert_int_equal(j->steps[0]->state, STEP_ST_CANCELLED);
		assert_int_equal(j->steps[0]->end_time, T0 + 3);
		assert_int_equal(j->steps[1]->state, STEP_ST_RUNNING);

		/* the snapshot holds the new shape, and restores to the
		 * same bytes */
		snap = state_snapshot(st);
		assert_int_equal(state_restore(copy, snap->data, buf_len(snap)),
				 0);
		j = state_job(copy, id);
		assert_string_equal(j->nodes, "c[1-2]");
		assert_int_equal(j->alloc_cpus, by_task ? 3 : 4);
		assert_int_equal(job_cpus_at(j, 1), by_task ? 1 : 2);
		assert_int_equal(copy->nodes[1].alloc_cpus, by_task ? 1 : 2);
		assert_int_equal(copy->nodes[2].alloc_cpus, 0);
		again = state_snapshot(copy);
		assert_int_equal(buf_len(again), buf_len(snap));
		assert_memory_equal(again->data, snap->data, buf_len(snap));
		buf_free(again);
		buf_free(snap);
		state_free(copy);

		/* c3 is free for another job at once */
		assert_int_equal(apply_rc(st, cmd_start(other, &third, 1, 2, 0,
							T0 + 4)), STATE_EOK);
		/* down to its batch node; then nothing left to release */
		u = upd(id, JOB_UPD_SHRINK);
		u.keep_nodes = "c1";
		assert_int_equal(update_rc(st, &u, T0 + 5), STATE_EOK);
		assert_int_equal(st->nodes[1].alloc_cpus, 0);
		assert_int_equal(state_job(st, id)->alloc_cpus, 2);
		assert_int_equal(update_rc(st, &u, T0 + 6), STATE_EBUSY);

		/* its end frees what it kept */
		assert_int_equal(apply_rc(st, cmd_job_end(id, 0, T0 + 7)),
				 STATE_EOK);
		assert_int_equal(st->nodes[0].alloc_cpus, 0);
		assert_int_equal(st->nodes[0].alloc_mem_mb, 0);
		u = upd(id, JOB_UPD_SHRINK);
		u.keep_nodes = "c1";
		assert_int_equal(update_rc(st, &u, T0 + 8), STATE_EDONE);
		state_free(st);
	}
}

/* The -c asked before MaxMemPerCPU raised it changes with the -c and
 * memory an update gives (0: not raised any more). */
static void test_job_update_cpus_asked(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("c");
	uint32_t a = submit(st, &s, T0);
	struct job_update u = upd(a, JOB_UPD_CPUS_PER_TASK | JOB_UPD_MEM |
				  JOB_UPD_CPUS_ASKED);

	u.cpus_per_task = 2;
	u.mem_mb = 250;
	u.mem_per_cpu = true;
	u.cpus_per_task_asked = 1;
	assert_int_equal(update_rc(st, &u, T0 + 1), STATE_EOK);
	assert_int_equal(state_job(st, a)->cpus_per_task, 2);
	assert_int_equal(state_job(st, a)->cpus_per_task_asked, 1);
	u = upd(a, JOB_UPD_CPUS_PER_TASK | JOB_UPD_CPUS_ASKED);
	u.cpus_per_task = 1;
	assert_int_equal(update_rc(st, &u, T0 + 2), STATE_EOK);
	assert_int_equal(state_job(st, a)->cpus_per_task_asked, 0);
	/* a memory given: no longer the default */
	s.mem_mb = 100;
	s.mem_per_cpu = true;
	s.mem_default = true;
	a = submit(st, &s, T0);
	assert_true(state_job(st, a)->mem_default);
	u = upd(a, JOB_UPD_MEM | JOB_UPD_MEM_ASKED);
	u.mem_mb = 120;
	u.mem_per_cpu = true;
	assert_int_equal(update_rc(st, &u, T0 + 3), STATE_EOK);
	assert_false(state_job(st, a)->mem_default);
	assert_int_equal(state_job(st, a)->mem_mb, 120);
	state_free(st);
}

/* scontrol update's CPUs in all (NumCPUs), as slurmctld keeps them:
 * MinCPUsNode=2 of a one-task job makes them 2; NumTasks=2 NumCPUs=2
 * is tasks x -c again (nothing kept); CPUsPerTask=2 then leaves them
 * at 2 (not 4); a node count named raises them to MinCPUsNode a node;
 * kept over a snapshot. */
static void test_job_update_min_cpus(void **unused)
{
	struct state *st = cluster(), *back;
	struct job_spec s = spec("m");
	uint32_t a = submit(st, &s, T0), b;
	struct job_update u = upd(a, JOB_UPD_REQ);
	const struct job *j = state_job(st, a);
	buf_t *snap;

	job_update_shape(&u, j);
	u.req_mask = JOB_REQ_PN_MIN_CPUS;
	u.req.pn_min_cpus = 2;
	job_update_cpus(&u, j, 0, false);
	assert_true(u.req_mask & JOB_REQ_MIN_CPUS);
	assert_int_equal(u.req.min_cpus, 2);
	assert_int_equal(update_rc(st, &u, T0 + 1), STATE_EOK);
	assert_int_equal(j->num_tasks, 1);
	assert_int_equal(job_pending_cpus(j), 2);

	u = upd(a, JOB_UPD_TASKS);
	job_update_shape(&u, j);
	u.num_tasks = 2;
	job_update_cpus(&u, j, 2, false);
	assert_true(u.req_mask & JOB_REQ_MIN_CPUS);
	assert_int_equal(u.req.min_cpus, 0);
	assert_int_equal(update_rc(st, &u, T0 + 2), STATE_EOK);
	assert_int_equal(job_pending_cpus(j), 2);

	u = upd(a, JOB_UPD_CPUS_PER_TASK);
	job_update_shape(&u, j);
	u.cpus_per_task = 2;
	job_update_cpus(&u, j, 0, false);
	assert_int_equal(u.req.min_cpus, 2);
	assert_int_equal(update_rc(st, &u, T0 + 3), STATE_EOK);
	assert_int_equal(j->cpus_per_task, 2);
	assert_int_equal(job_pending_cpus(j), 2);
	/* nothing new: nothing to propose */
	u = upd(a, 0);
	job_update_shape(&u, j);
	job_update_cpus(&u, j, 0, false);
	assert_int_equal(u.fields, 0);

	snap = state_snapshot(st);
	back = state_new();
	assert_int_equal(state_restore(back, snap->data, buf_len(snap)), 0);
	assert_int_equal(job_pending_cpus(state_job(back, a)), 2);
	state_free(back);
	buf_free(snap);

	/* -n2, MinCPUsNode=2 NumNodes=2: 2 a node, 4 */
	s.num_tasks = 2;
	b = submit(st, &s, T0);
	j = state_job(st, b);
	u = upd(b, JOB_UPD_REQ | JOB_UPD_NODES);
	job_update_shape(&u, j);
	u.min_nodes = u.max_nodes = 2;
	u.req_mask = JOB_REQ_PN_MIN_CPUS;
	u.req.pn_min_cpus = 2;
	job_update_cpus(&u, j, 0, true);
	assert_int_equal(u.req.min_cpus, 4);

	/* NumCPUs=1 with a node count: raised to its 2 tasks (nothing
	 * kept); without one it is 1, and the 2 tasks stay */
	u = upd(b, JOB_UPD_NODES);
	job_update_shape(&u, j);
	job_update_cpus(&u, j, 1, true);
	assert_false(u.req_mask & JOB_REQ_MIN_CPUS);
	u = upd(b, 0);
	job_update_shape(&u, j);
	job_update_cpus(&u, j, 1, false);
	assert_int_equal(u.req.min_cpus, 1);
	assert_int_equal(u.num_tasks, 2);
	state_free(st);
}

/* Whether -n was given: sbatch's SLURM_NTASKS in the environment, or a
 * count other than one a node (salloc, scontrol update NumTasks=). */
static void test_job_ntasks_given(void **unused)
{
	static char *env[] = { "HOME=/root", "SLURM_NTASKS=2", NULL };
	struct state *st = cluster();
	struct job_spec s = spec("t");
	uint32_t a, b, c;

	s.min_nodes = s.max_nodes = 2;
	s.num_tasks = 2;
	a = submit(st, &s, T0);
	assert_false(job_ntasks_given(state_job(st, a)));
	s.env = env;
	b = submit(st, &s, T0);
	assert_true(job_ntasks_given(state_job(st, b)));
	s.env = NULL;
	s.env_count = 0;
	s.num_tasks = 3;
	c = submit(st, &s, T0);
	assert_true(job_ntasks_given(state_job(st, c)));
	state_free(st);
}

static void test_job_update_malformed(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("m");
	uint32_t a = submit(st, &s, T0);
	struct job *j = state_job(st, a);
	struct job_update u = upd(a, JOB_UPD_NAME | JOB_UPD_TIME_LIMIT);
	struct state_result res;
	buf_t *b;

	u.name = "cut";
	u.time_limit = 3;
	b = cmd_job_update(&u, T0);
	for (size_t cut = 0; cut < buf_len(b); cut++) {
		state_apply(st, b->data, cut, &res);
		assert_int_not_equal(res.rc, STATE_EOK);
	}
	buf_free(b);
	assert_string_equal(j->name, "m");
	assert_int_equal(j->time_limit, STATE_INFINITE);

	/* requests the model cannot hold */
	u = upd(a, JOB_UPD_ALL + 1);
	assert_int_equal(update_rc(st, &u, T0), STATE_EINVAL);
	u = upd(a, JOB_UPD_HOLD | JOB_UPD_RELEASE);
	assert_int_equal(update_rc(st, &u, T0), STATE_EINVAL);
	u = upd(a, JOB_UPD_NODES);
	u.min_nodes = 0;
	u.max_nodes = 1;
	assert_int_equal(update_rc(st, &u, T0), STATE_EINVAL);
	u.min_nodes = 3;
	assert_int_equal(update_rc(st, &u, T0), STATE_EINVAL);
	u = upd(a, JOB_UPD_NAME);   /* no name */
	assert_int_equal(update_rc(st, &u, T0), STATE_EINVAL);
	u = upd(a, JOB_UPD_PRIORITY);   /* a hold is JOB_UPD_HOLD */
	assert_int_equal(update_rc(st, &u, T0), STATE_EINVAL);
	assert_int_equal(j->min_nodes, 1);
	assert_true(j->priority > 0);
	state_free(st);
}

/* The same commands give the same model on every controller, and a
 * snapshot keeps every field an update changes. */
static void test_job_update_deterministic_snapshot(void **unused)
{
	struct state *st[2] = { cluster(), cluster() };
	struct state *copy = state_new();
	buf_t *snap[2], *again;
	struct job *j;
	uint32_t a = 0, b = 0;

	for (int k = 0; k < 2; k++) {
		struct job_spec s = spec("d");
		struct job_update u;

		a = submit(st[k], &s, T0);
		b = submit(st[k], &s, T0);
		u = upd(a, JOB_UPD_NAME | JOB_UPD_COMMENT | JOB_UPD_PARTITION |
			JOB_UPD_TIME_LIMIT | JOB_UPD_NODES | JOB_UPD_TASKS |
			JOB_UPD_MEM | JOB_UPD_HOLD);
		u.name = "kept";
		u.comment = "note";
		u.partition = "batch";
		u.time_limit = 45;
		u.min_nodes = 1;
		u.max_nodes = 2;
		u.num_tasks = 3;
		u.mem_mb = 300;
		u.hold_admin = true;
		assert_int_equal(update_rc(st[k], &u, T0 + 1), STATE_EOK);
		u = upd(b, JOB_UPD_HOLD);
		assert_int_equal(update_rc(st[k], &u, T0 + 2), STATE_EOK);
		u = upd(b, JOB_UPD_RELEASE);
		assert_int_equal(update_rc(st[k], &u, T0 + 3), STATE_EOK);
		snap[k] = state_snapshot(st[k]);
	}
	assert_int_equal(buf_len(snap[0]), buf_len(snap[1]));
	assert_memory_equal(snap[0]->data, snap[1]->data, buf_len(snap[0]));

	assert_int_equal(state_restore(copy, snap[0]->data, buf_len(snap[0])), 0);
	j = state_job(copy, a);
	assert_string_equal(j->name, "kept");
	assert_string_equal(j->comment, "note");
	assert_string_equal(j->partition, "batch");
	assert_int_equal(j->time_limit, 45);
	assert_int_equal(j->min_nodes, 1);
	assert_int_equal(j->max_nodes, 2);
	assert_int_equal(j->num_tasks, 3);
	assert_int_equal(j->mem_mb, 300);
	assert_int_equal(j->priority, 0);
	assert_string_equal(job_reason_name(job_reason_shown(j)), "JobHeldAdmin");
	assert_int_equal(state_job(copy, b)->priority, state_job(st[0], b)->priority);
	assert_int_equal(state_job(copy, b)->eligible_time, T0 + 3);
	assert_int_equal(copy->next_prio, st[0]->next_prio);
	again = state_snapshot(copy);
	assert_int_equal(buf_len(again), buf_len(snap[0]));
	assert_memory_equal(again->data, snap[0]->data, buf_len(again));
	buf_free(again);
	buf_free(snap[0]);
	buf_free(snap[1]);
	state_free(copy);
	state_free(st[0]);
	state_free(st[1]);
}

static void test_malformed_commands(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("m");
	struct state_result res;
	buf_t *b = cmd_submit(&s, T0);
	uint8_t junk[3] = { 0xff, 0xff, 0xff };

	for (size_t cut = 0; cut < buf_len(b); cut++) {
		/* without --no-requeue and the session, also without the
		 * allocation fields, and also without the --signal fields:
		 * the older, valid layouts */
		if (cut == buf_len(b) - 5 || cut == buf_len(b) - 5 - 13 ||
		    cut == buf_len(b) - 5 - 13 - 12)
			continue;
		state_apply(st, b->data, cut, &res);
		assert_int_not_equal(res.rc, STATE_EOK);
	}
	buf_free(b);
	assert_int_equal(st->njobs, 0);
	state_apply(st, junk, sizeof(junk), &res);
	assert_int_equal(res.rc, STATE_EINVAL);
	b = buf_new(16);
	pack16(b, 999);
	pack_time(b, T0);
	state_apply(st, b->data, buf_len(b), &res);
	assert_int_equal(res.rc, STATE_EINVAL);
	buf_free(b);
	state_free(st);
}

static void test_config_keeps_node_state(void **unused)
{
	struct state *st = cluster();
	struct node_spec n[2];
	struct part_spec p;
	struct state_params prm = st->params;
	struct node_update u = { .names = "node2", .op = NODE_UPD_DRAIN,
				 .reason = "bad fan", .uid = 0 };

	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), STATE_EOK);
	memset(n, 0, sizeof(n));
	memset(&p, 0, sizeof(p));
	n[0].name = "node2";
	n[0].cpus = 8;
	n[0].memory_mb = 2000;
	n[1].name = "node9";
	n[1].cpus = 1;
	n[1].memory_mb = 10;
	p.name = "all";
	p.nodes = "node2,node9";
	p.is_default = true;
	p.max_time = STATE_INFINITE;
	p.max_nodes = STATE_INFINITE;
	assert_int_equal(apply_rc(st, cmd_config(n, 2, &p, 1, &prm, T0 + 5)), STATE_EOK);
	assert_int_equal(st->nnodes, 2);
	assert_int_equal(st->nodes[0].cpus, 8);
	assert_string_equal(st->nodes[0].reason, "bad fan");
	assert_int_equal(st->nodes[1].base, NODE_ST_UNKNOWN);
	assert_int_equal(bit_count(st->parts[0].node_bits), 2);
	assert_null(state_part(st, "debug"));
	state_free(st);
}

/* slurm.conf without node3 and node4, partition debug on node[1-2]. */
static buf_t *config_without_3_4(struct state *st, bool with3, time_t t)
{
	struct node_spec n[3];
	struct part_spec p = fixture_part_debug();
	char *names[3] = { "node1", "node2", "node3" };

	memset(n, 0, sizeof(n));
	for (int i = 0; i < 3; i++) {
		n[i].name = names[i];
		n[i].cpus = 4;
		n[i].memory_mb = 1000;
		n[i].weight = 1;
	}
	p.nodes = with3 ? "node[1-3]" : "node[1-2]";
	return cmd_config(n, with3 ? 3 : 2, &p, 1, &st->params, t);
}

/* Run a one-node job on node index IDX. */
static uint32_t run_on(struct state *st, uint32_t idx, time_t t)
{
	struct job_spec s = spec("r");
	uint32_t id = submit(st, &s, t);

	assert_int_equal(apply_rc(st, cmd_start(id, &idx, 1, 1, 0, t)), STATE_EOK);
	return id;
}

/* An operator adds node5 in batch: it has the resources given, joins
 * the partition, takes jobs once up, survives a CONFIG that does not
 * name it and a snapshot; retired, it drains and is removed once its job
 * ends. Bad adds change nothing. */
static void test_node_add_and_retire(void **unused)
{
	struct state *st = cluster();
	struct state *copy = state_new();
	struct node *n5;
	uint32_t id, version = st->config_version;
	buf_t *snap;

	assert_int_equal(apply_rc(st, cmd_node_add("node5", 8, 2000, "gpu",
						   "batch", T0)), STATE_EOK);
	assert_int_equal(st->nnodes, 5);
	assert_int_equal(st->config_version, version + 1);
	n5 = state_node(st, "node5");
	assert_non_null(n5);
	assert_int_equal(n5->cpus, 8);
	assert_int_equal(n5->memory_mb, 2000);
	assert_string_equal(n5->features, "gpu");
	assert_int_equal(n5->flags, NODE_FLAG_DYNAMIC);
	assert_int_equal(n5->base, NODE_ST_UNKNOWN);
	assert_string_equal(state_part(st, "batch")->nodes, "node[3-5]");
	assert_string_equal(state_part(st, "debug")->nodes, "node[1-4]");
	assert_int_equal(bit_size(state_part(st, "debug")->node_bits), 5);
	/* refused: the name exists, a partition does not, no CPUs */
	assert_int_equal(apply_rc(st, cmd_node_add("node5", 8, 2000, NULL, NULL, T0)),
			 STATE_EBUSY);
	assert_int_equal(apply_rc(st, cmd_node_add("node6", 8, 2000, NULL, "nosuch", T0)),
			 STATE_ENOPART);
	assert_int_equal(apply_rc(st, cmd_node_add("node6", 0, 2000, NULL, NULL, T0)),
			 STATE_EINVAL);
	assert_int_equal(st->nnodes, 5);
	/* a node in slurm.conf is not retired this way */
	assert_int_equal(apply_rc(st, cmd_node_retire("node1", 0, T0)), STATE_EBUSY);

	assert_int_equal(apply_rc(st, cmd_node_up("node5", 8, 2000, T0, T0 + 1)),
			 STATE_EOK);
	id = run_on(st, 4, T0 + 2);
	assert_int_equal(state_node(st, "node5")->alloc_cpus, 1);

	/* slurm.conf without node3, node4 and node5: node5 stays, with its
	 * job, not drained, in the partition it was in */
	assert_int_equal(apply_rc(st, config_without_3_4(st, true, T0 + 3)), STATE_EOK);
	n5 = state_node(st, "node5");
	assert_non_null(n5);
	assert_int_equal(n5->flags, NODE_FLAG_DYNAMIC);
	assert_int_equal(n5->alloc_cpus, 1);
	assert_string_equal(state_part(st, "debug")->nodes, "node[1-3]");

	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	buf_free(snap);
	assert_int_equal(state_node(copy, "node5")->flags, NODE_FLAG_DYNAMIC);
	assert_int_equal(state_node(copy, "node5")->cpus, 8);

	/* retired: drained, pending removal; removal waits for the job */
	assert_int_equal(apply_rc(st, cmd_node_retire("node5", 0, T0 + 4)), STATE_EOK);
	n5 = state_node(st, "node5");
	assert_true(n5->flags & NODE_FLAG_DRAIN);
	assert_true(n5->flags & NODE_FLAG_REMOVING);
	assert_string_equal(n5->reason, NODE_REASON_RETIRED);
	assert_int_equal(apply_rc(st, cmd_node_remove("node5", false, NODE_FAIL_ENDS, T0 + 5)),
			 STATE_EBUSY);
	assert_int_equal(apply_rc(st, cmd_job_end(id, 0, T0 + 6)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_node_remove("node5", false, NODE_FAIL_ENDS, T0 + 7)),
			 STATE_EOK);
	assert_null(state_node(st, "node5"));
	assert_int_equal(st->nnodes, 3);
	state_free(copy);
	state_free(st);
}

/* A node dropped from slurm.conf while a job runs on it stays, drained
 * and in the partitions it was in, until the job ends; the job completes normally;
 * then CMD_NODE_REMOVE takes the node out. A node without jobs goes at
 * once, and jobs that ended there keep only the nodes left. */
static void test_config_removes_node_after_its_jobs(void **unused)
{
	struct state *st = cluster();
	uint32_t on3, on2, done4, pend, idx = 2, version;
	struct job_spec pend_spec;
	struct node_update resume = { .names = "node3", .op = NODE_UPD_RESUME };
	struct job *j;
	struct node *n3;
	struct state *copy = state_new();
	buf_t *snap;

	done4 = run_on(st, 3, T0);
	assert_int_equal(apply_rc(st, cmd_job_end(done4, 0, T0 + 1)), STATE_EOK);
	on3 = run_on(st, 2, T0 + 2);
	on2 = run_on(st, 1, T0 + 3);
	assert_int_equal(apply_rc(st, config_without_3_4(st, false, T0 + 4)),
			 STATE_EOK);

	/* node4 is gone, node3 stays after the configured nodes */
	assert_int_equal(st->nnodes, 3);
	assert_null(state_node(st, "node4"));
	n3 = state_node(st, "node3");
	assert_ptr_equal(n3, &st->nodes[2]);
	assert_true(n3->flags & NODE_FLAG_DRAIN);
	assert_true(n3->flags & NODE_FLAG_REMOVING);
	assert_string_equal(n3->reason, NODE_REASON_REMOVED);
	assert_int_equal(n3->reason_time, T0 + 4);
	assert_string_equal(node_state_name(st, n3), "draining");
	/* still listed in its partition (sinfo shows it draining there) */
	assert_int_equal(bit_count(st->parts[0].node_bits), 3);
	assert_int_equal(bit_size(st->parts[0].node_bits), 3);
	assert_true(bit_test(st->parts[0].node_bits, 2));
	assert_string_equal(st->parts[0].nodes, "node[1-3]");
	assert_null(state_part(st, "batch"));
	/* its job runs on, in the right place; so does the one on node2 */
	j = state_job(st, on3);
	assert_int_equal(j->state, JOB_ST_RUNNING);
	assert_int_equal(j->batch_node, 2);
	assert_int_equal(bit_size(j->node_bits), 3);
	assert_true(bit_test(j->node_bits, 2));
	assert_int_equal(state_job(st, on2)->batch_node, 1);
	assert_int_equal(n3->alloc_cpus, 1);
	/* the job that ended on node4 lost only its node */
	j = state_job(st, done4);
	assert_int_equal(j->state, JOB_ST_COMPLETE);
	assert_int_equal(bit_count(j->node_bits), 0);
	assert_int_equal(j->batch_node, STATE_NO_VAL);
	assert_string_equal(j->nodes, "node4");

	/* no new job there, no resume, no removal while the job holds it;
	 * configured and unknown nodes are not removed at all */
	pend_spec = spec("p");
	pend = submit(st, &pend_spec, T0 + 5);
	assert_int_equal(apply_rc(st, cmd_start(pend, &idx, 1, 1, 0, T0 + 5)),
			 STATE_EBUSY);
	assert_int_equal(apply_rc(st, cmd_node_update(&resume, T0 + 5)),
			 STATE_EBUSY);
	resume.op = NODE_UPD_UNDRAIN;
	assert_int_equal(apply_rc(st, cmd_node_update(&resume, T0 + 5)),
			 STATE_EBUSY);
	assert_true(n3->flags & NODE_FLAG_DRAIN);
	assert_int_equal(apply_rc(st, cmd_node_remove("node3", false, NODE_FAIL_ENDS, T0 + 5)),
			 STATE_EBUSY);
	assert_int_equal(apply_rc(st, cmd_node_remove("node1", false, NODE_FAIL_ENDS, T0 + 5)),
			 STATE_EBUSY);
	assert_int_equal(apply_rc(st, cmd_node_remove("node1", true, NODE_FAIL_ENDS, T0 + 5)),
			 STATE_EBUSY);
	assert_int_equal(apply_rc(st, cmd_node_remove("node9", false, NODE_FAIL_ENDS, T0 + 5)),
			 STATE_ENONODE);
	assert_int_equal(st->nnodes, 3);

	/* a snapshot carries the pending removal */
	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_true(state_node(copy, "node3")->flags & NODE_FLAG_REMOVING);
	assert_int_equal(state_node(copy, "node3")->alloc_cpus, 1);
	assert_int_equal(state_job(copy, on3)->state, JOB_ST_RUNNING);
	buf_free(snap);
	state_free(copy);

	/* the job ends as it would have anyway */
	assert_int_equal(apply_rc(st, cmd_job_end(on3, 0, T0 + 30)), STATE_EOK);
	assert_int_equal(state_job(st, on3)->state, JOB_ST_COMPLETE);
	assert_string_equal(node_state_name(st, n3), "drained");
	version = st->config_version;
	assert_int_equal(apply_rc(st, cmd_node_remove("node3", false, NODE_FAIL_ENDS, T0 + 31)),
			 STATE_EOK);
	assert_int_equal(st->nnodes, 2);
	assert_null(state_node(st, "node3"));
	assert_true(st->config_version > version);
	assert_int_equal(bit_size(st->parts[0].node_bits), 2);
	assert_int_equal(bit_count(st->parts[0].node_bits), 2);
	assert_string_equal(st->parts[0].nodes, "node[1-2]");
	j = state_job(st, on3);
	assert_int_equal(bit_size(j->node_bits), 2);
	assert_int_equal(j->batch_node, STATE_NO_VAL);
	assert_string_equal(j->nodes, "node3");
	assert_int_equal(state_job(st, on2)->batch_node, 1);
	assert_int_equal(st->nodes[1].alloc_cpus, 1);
	assert_int_equal(apply_rc(st, cmd_node_remove("node3", false, NODE_FAIL_ENDS, T0 + 32)),
			 STATE_ENONODE);
	state_free(st);
}

/* Back in slurm.conf before its jobs ended: the removal is undone, but an
 * operator's earlier drain stays. */
static void test_config_readds_pending_node(void **unused)
{
	struct state *st = cluster();
	struct node_update drain = { .names = "node4", .op = NODE_UPD_DRAIN,
				     .reason = "bad fan" };
	uint32_t on3, on4;
	struct node *n;

	on3 = run_on(st, 2, T0);
	on4 = run_on(st, 3, T0);
	assert_int_equal(apply_rc(st, cmd_node_update(&drain, T0 + 1)), STATE_EOK);
	assert_int_equal(apply_rc(st, config_without_3_4(st, false, T0 + 2)),
			 STATE_EOK);
	assert_int_equal(st->nnodes, 4);
	n = state_node(st, "node4");
	assert_true(n->flags & NODE_FLAG_REMOVING);
	assert_string_equal(n->reason, "bad fan");

	assert_int_equal(apply_rc(st, config_without_3_4(st, true, T0 + 3)),
			 STATE_EOK);
	assert_int_equal(st->nnodes, 4);
	n = state_node(st, "node3");
	assert_ptr_equal(n, &st->nodes[2]);
	assert_int_equal(n->flags, 0);
	assert_null(n->reason);
	assert_string_equal(node_state_name(st, n), "mixed");
	assert_true(bit_test(st->parts[0].node_bits, 2));
	assert_int_equal(state_job(st, on3)->batch_node, 2);
	/* node4 is still not in slurm.conf */
	n = state_node(st, "node4");
	assert_ptr_equal(n, &st->nodes[3]);
	assert_true(n->flags & NODE_FLAG_REMOVING);
	assert_int_equal(state_job(st, on4)->batch_node, 3);

	/* in again, with the operator's drain */
	{
		struct node_spec ns[4];
		struct part_spec p = fixture_part_debug();
		char *names[4] = { "node1", "node2", "node3", "node4" };

		memset(ns, 0, sizeof(ns));
		for (int i = 0; i < 4; i++) {
			ns[i].name = names[i];
			ns[i].cpus = 4;
			ns[i].memory_mb = 1000;
		}
		assert_int_equal(apply_rc(st, cmd_config(ns, 4, &p, 1,
							 &st->params, T0 + 4)),
				 STATE_EOK);
	}
	n = state_node(st, "node4");
	assert_int_equal(n->flags, NODE_FLAG_DRAIN);
	assert_string_equal(n->reason, "bad fan");
	state_free(st);
}

/* A forced removal ends the node's jobs (NODE_FAIL; with a requeue
 * wait, a batch job is requeued instead) and takes the node out at
 * once; malformed removals change nothing. */
static void test_node_remove_force(void **unused)
{
	struct state *st = cluster();
	uint32_t on3, on2, on4;
	buf_t *b;

	on3 = run_on(st, 2, T0);
	on2 = run_on(st, 1, T0);
	assert_int_equal(apply_rc(st, config_without_3_4(st, false, T0 + 1)),
			 STATE_EOK);
	assert_int_equal(st->nnodes, 3);

	b = cmd_node_remove("node3", true, NODE_FAIL_ENDS, T0 + 2);
	assert_int_equal(apply_rc(st, buf_copy_for_test(b, buf_len(b) - 1)),
			 STATE_EINVAL);
	assert_int_equal(apply_rc(st, cmd_node_remove(NULL, true, NODE_FAIL_ENDS, T0 + 2)),
			 STATE_EINVAL);
	assert_int_equal(st->nnodes, 3);
	assert_int_equal(apply_rc(st, b), STATE_EOK);
	assert_int_equal(st->nnodes, 2);
	assert_int_equal(state_job(st, on3)->state, JOB_ST_NODE_FAIL);
	assert_false(state_job(st, on3)->completing);
	assert_int_equal(state_job(st, on2)->state, JOB_ST_RUNNING);
	assert_int_equal(st->nodes[1].alloc_cpus, 1);
	assert_int_equal(st->nodes[0].alloc_cpus, 0);
	state_free(st);

	/* with the wait, its batch job is requeued; a wait cut short, or
	 * one saying "none" in the field, is refused */
	st = cluster();
	on4 = run_on(st, 3, T0);
	assert_int_equal(apply_rc(st, config_without_3_4(st, false, T0 + 1)),
			 STATE_EOK);
	b = cmd_node_remove("node4", true, 7, T0 + 3);
	assert_int_equal(apply_rc(st, buf_copy_for_test(b, buf_len(b) - 1)),
			 STATE_EINVAL);
	{
		buf_t *none = buf_copy_for_test(b, buf_len(b) - 4);

		pack32(none, NODE_FAIL_ENDS);
		assert_int_equal(apply_rc(st, none), STATE_EINVAL);
	}
	assert_int_equal(apply_rc(st, b), STATE_EOK);
	assert_int_equal(st->nnodes, 2);
	assert_int_equal(state_job(st, on4)->state, JOB_ST_PENDING);
	assert_int_equal(state_job(st, on4)->restarts, 1);
	assert_int_equal(state_job(st, on4)->begin_time, T0 + 3 + 7 + 1);
	assert_null(state_job(st, on4)->node_bits);
	state_free(st);
}

/* debug and a Hidden partition "secret" on node[1-2]. */
static buf_t *hidden_config(bool hidden, time_t t)
{
	struct node_spec n[4];
	struct part_spec p[2] = {
		fixture_part_debug(),
		{ .name = "secret", .nodes = "node[1-2]", .hidden = hidden,
		  .max_time = STATE_INFINITE, .default_time = STATE_NO_VAL,
		  .max_nodes = STATE_INFINITE },
	};
	struct state_params prm = {
		.min_job_age = 300, .kill_wait = 30, .slurmd_timeout = 60,
		.return_to_service = 1, .first_job_id = 1,
		.max_job_id = 0x03ff0000,
	};
	char *names[4] = { "node1", "node2", "node3", "node4" };

	memset(n, 0, sizeof(n));
	for (int i = 0; i < 4; i++) {
		n[i].name = names[i];
		n[i].cpus = 4;
		n[i].memory_mb = 1000;
		n[i].weight = 1;
	}
	return cmd_config(n, 4, p, 2, &prm, t);
}

static void test_config_hidden_partition(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("h");
	buf_t *on = hidden_config(true, T0 + 1);
	buf_t *off = hidden_config(false, T0 + 1);
	struct state_result res;
	uint32_t id;

	/* SIGHUP proposes slurm.conf only when the hash differs */
	assert_true(state_config_hash(on->data, buf_len(on)) !=
		    state_config_hash(off->data, buf_len(off)));
	state_apply(st, on->data, buf_len(on), &res);
	assert_int_equal(res.rc, STATE_EOK);
	assert_true(state_part(st, "secret")->hidden);
	assert_false(state_part(st, "debug")->hidden);
	assert_true(st->config_hash == state_config_hash(on->data, buf_len(on)));

	/* hidden, yet jobs name it */
	s.partition = "secret";
	id = submit(st, &s, T0 + 2);
	assert_string_equal(state_job(st, id)->partition, "secret");

	state_apply(st, off->data, buf_len(off), &res);
	assert_int_equal(res.rc, STATE_EOK);
	assert_false(state_part(st, "secret")->hidden);

	/* a CONFIG logged before partition flags existed ends after the
	 * records: it applies, nothing hidden */
	state_apply(st, on->data, buf_len(on) - 2, &res);
	assert_int_equal(res.rc, STATE_EOK);
	assert_int_equal(st->nparts, 2);
	assert_false(state_part(st, "secret")->hidden);
	/* flags for some partitions only: refused, model unchanged */
	state_apply(st, on->data, buf_len(on) - 1, &res);
	assert_int_equal(res.rc, STATE_EINVAL);
	assert_false(state_part(st, "secret")->hidden);
	buf_free(on);
	buf_free(off);
	state_free(st);
}

static void test_part_create_update_delete(void **unused)
{
	struct state *st = cluster();
	struct part_update u;
	struct job_spec s = spec("p");
	buf_t *snap;
	struct state *copy;
	uint32_t id;

	memset(&u, 0, sizeof(u));
	u.create = true;
	u.spec.name = "gpu";
	u.spec.nodes = "node[3-4]";
	u.spec.max_time = 30;
	u.spec.default_time = STATE_NO_VAL;
	u.spec.state = PART_STATE_UP;
	u.spec.max_nodes = STATE_INFINITE;
	u.spec.priority_tier = 1;
	assert_int_equal(apply_rc(st, cmd_part_update(&u, T0 + 1)), STATE_EOK);
	assert_non_null(state_part(st, "gpu"));
	assert_int_equal(state_part(st, "gpu")->max_time, 30);
	assert_true(bit_test(state_part(st, "gpu")->node_bits, 2));
	assert_false(bit_test(state_part(st, "gpu")->node_bits, 0));
	/* it exists now */
	assert_int_equal(apply_rc(st, cmd_part_update(&u, T0 + 1)), STATE_EBUSY);

	/* a change touches only its fields; Default=YES moves the default */
	memset(&u, 0, sizeof(u));
	u.spec.name = "gpu";
	u.fields = PART_UPD_STATE | PART_UPD_DEFAULT;
	u.spec.state = PART_STATE_DRAIN;
	u.spec.is_default = true;
	assert_int_equal(apply_rc(st, cmd_part_update(&u, T0 + 2)), STATE_EOK);
	assert_int_equal(state_part(st, "gpu")->state, PART_STATE_DRAIN);
	assert_int_equal(state_part(st, "gpu")->max_time, 30);
	assert_string_equal(state_default_part(st)->name, "gpu");

	/* unknown node or partition: nothing changes */
	u.fields = PART_UPD_NODES;
	u.spec.nodes = "node[4-9]";
	assert_int_equal(apply_rc(st, cmd_part_update(&u, T0 + 3)), STATE_ENONODE);
	assert_string_equal(state_part(st, "gpu")->nodes, "node[3-4]");
	u.spec.name = "nope";
	assert_int_equal(apply_rc(st, cmd_part_update(&u, T0 + 3)), STATE_ENOPART);

	/* survives a snapshot */
	snap = state_snapshot(st);
	copy = state_new();
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_int_equal(state_part(copy, "gpu")->state, PART_STATE_DRAIN);
	assert_true(state_part(copy, "gpu")->is_default);
	buf_free(snap);
	state_free(copy);

	/* not deleted while a job is in it */
	s.partition = "gpu";
	id = submit(st, &s, T0 + 4);
	assert_int_equal(apply_rc(st, cmd_part_delete("gpu", T0 + 5)), STATE_EBUSY);
	assert_int_equal(apply_rc(st, cmd_cancel(id, 0, T0 + 6)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_part_delete("gpu", T0 + 7)), STATE_EOK);
	assert_null(state_part(st, "gpu"));
	assert_int_equal(apply_rc(st, cmd_part_delete("gpu", T0 + 8)), STATE_ENOPART);
	state_free(st);
}

/* The controller's event stream compares only the job a command names. */
static void test_cmd_job(void **unused)
{
	struct state_result ok = { .rc = STATE_EOK, .job_id = 77 };
	struct state_result bad = { .rc = STATE_EIDS, .job_id = 0 };
	struct job_update u = { .job_id = 9, .fields = JOB_UPD_NAME, .name = "x" };
	struct node_update nu = { .names = "node1", .op = NODE_UPD_DRAIN,
				  .reason = "r" };
	struct job_spec sp = spec("a");
	uint32_t idx[1] = { 0 };
	struct { buf_t *b; const struct state_result *res; uint32_t want; } c[] = {
		{ cmd_submit(&sp, T0), &ok, 77 },
		{ cmd_submit(&sp, T0), &bad, 0 },
		{ cmd_start(5, idx, 1, 1, 0, T0), NULL, 5 },
		{ cmd_job_end(6, 0, T0), NULL, 6 },
		{ cmd_cancel(7, 0, T0), NULL, 7 },
		{ cmd_timeout(8, T0), NULL, 8 },
		{ cmd_requeue(10, JOB_REASON_LAUNCH_FAIL, 0, T0), NULL, 10 },
		{ cmd_hold(11, true, false, T0), NULL, 11 },
		{ cmd_job_update(&u, T0), NULL, 9 },
		{ cmd_node_update(&nu, T0), NULL, 0 },
		{ cmd_node_down("node1", "gone", NODE_FAIL_ENDS, T0), NULL, 0 },
		{ cmd_purge(T0), NULL, 0 },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(*c); i++) {
		assert_int_equal(state_cmd_job(c[i].b->data, buf_len(c[i].b),
					       c[i].res), c[i].want);
		buf_free(c[i].b);
	}
	/* truncated or empty commands name no job */
	assert_int_equal(state_cmd_job("", 0, NULL), 0);
	assert_int_equal(state_cmd_job("\0\3", 2, NULL), 0);
}

/* ... and leaves nodes and partitions alone after a submission or hold:
 * those commands cannot change them; anything else may. */
static void test_cmd_nodes(void **unused)
{
	struct job_update u = { .job_id = 9, .fields = JOB_UPD_NAME, .name = "x" };
	struct job_spec sp = spec("a");
	uint32_t idx[1] = { 0 }, tasks[2] = { 0, 1 };
	buf_t *sub = cmd_submit(&sp, T0);
	struct { buf_t *b; bool want; } c[] = {
		{ cmd_submit(&sp, T0), false },
		{ cmd_array_submit(&sp, tasks, 2, 0, T0), false },
		{ cmd_hold(11, true, false, T0), false },
		{ cmd_once(42, sub, T0), false },
		{ cmd_start(5, idx, 1, 1, 0, T0), true },
		{ cmd_job_end(6, 0, T0), true },
		{ cmd_cancel(7, 0, T0), true },
		{ cmd_job_update(&u, T0), true },
		{ cmd_node_down("node1", "gone", NODE_FAIL_ENDS, T0), true },
		{ cmd_purge(T0), true },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(*c); i++) {
		assert_int_equal(state_cmd_nodes(c[i].b->data,
						 buf_len(c[i].b), NULL), c[i].want);
		buf_free(c[i].b);
	}
	buf_free(sub);
	assert_true(state_cmd_nodes("", 0, NULL));
	assert_true(state_cmd_nodes("\0\144", 2, NULL));  /* CMD_ONCE, cut short */
}

/* scontrol requeue: a running job is pending at once but keeps its node
 * until the node reports the end; an ended job is pending again at once;
 * a pending one is refused. requeuehold holds it. */
static void test_job_requeue(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("rq");
	struct state_result res;
	buf_t *snap;
	struct state *copy = state_new();
	uint32_t a, b, idx = 0;
	struct job *j;

	a = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, cmd_job_requeue(a, false, 0, T0)), STATE_EBUSY);
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 2, 0, T0)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_job_requeue(a, false, 0, T0 + 5)), STATE_EOK);
	j = state_job(st, a);
	assert_int_equal(j->state, JOB_ST_PENDING);
	assert_true(j->completing);
	assert_int_equal(j->restarts, 1);
	assert_int_equal(st->nodes[0].alloc_cpus, 2);
	/* submitted when its run has let go of its node, not yet */
	assert_int_equal(j->submit_time, T0);
	/* not started again while its last run holds the node */
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 2, 0, T0 + 6)), STATE_EBUSY);
	/* the node holds it across a snapshot too */
	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_int_equal(copy->nodes[0].alloc_cpus, 2);
	buf_free(snap);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 15, T0 + 7)), STATE_EOK);
	assert_false(j->completing);
	assert_null(j->node_bits);
	assert_null(j->nodes);
	assert_int_equal(j->start_time, 0);
	/* as slurmctld's batch_requeue_fini: a new submission from then */
	assert_int_equal(j->submit_time, T0 + 7);
	assert_int_equal(st->nodes[0].alloc_cpus, 0);
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 2, 0, T0 + 8)), STATE_EOK);

	/* ended: pending again at once, held with requeuehold */
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 9)), STATE_EOK);
	assert_int_equal(j->state, JOB_ST_COMPLETE);
	assert_int_equal(apply_rc(st, cmd_job_requeue(a, true, 0, T0 + 10)), STATE_EOK);
	assert_int_equal(j->state, JOB_ST_PENDING);
	assert_false(j->completing);
	assert_int_equal(j->restarts, 2);
	assert_int_equal(j->submit_time, T0 + 10);
	assert_int_equal(j->priority, 0);
	assert_int_equal(j->reason, JOB_REASON_REQUEUE_HELD);
	assert_true(job_held_by_user(j));
	assert_int_equal(st->nodes[0].alloc_cpus, 0);

	/* cancelled while its requeued run still ends: the node stays
	 * held until then */
	b = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, cmd_start(b, &idx, 1, 1, 0, T0 + 11)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_job_requeue(b, false, 0, T0 + 12)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_cancel(b, 0, T0 + 13)), STATE_EOK);
	assert_int_equal(state_job(st, b)->state, JOB_ST_CANCELLED);
	assert_true(state_job(st, b)->completing);
	assert_int_equal(st->nodes[0].alloc_cpus, 1);
	assert_int_equal(apply_rc(st, cmd_job_end(b, 15, T0 + 14)), STATE_EOK);
	assert_int_equal(st->nodes[0].alloc_cpus, 0);
	/* cancelled, it is no new submission */
	assert_int_equal(state_job(st, b)->submit_time, T0);

	assert_int_equal(apply_rc(st, cmd_job_requeue(999, false, 0, T0)), STATE_ENOJOB);
	{
		buf_t *m = cmd_job_requeue(a, false, 0, T0);

		state_apply(st, m->data, buf_len(m) - 1, &res);
		assert_int_equal(res.rc, STATE_EINVAL);
		buf_free(m);
	}
	state_free(copy);
	state_free(st);
}

/* A requeued job waits the credential lifetime the command carries, and
 * one second: counted from the requeue when it lets go of its node at
 * once, from the node's report of the end otherwise (slurmctld's
 * batch_requeue_fini); a command without it (an older log) adds none. */
static void test_job_requeue_wait(void **unused)
{
	struct state *st = cluster();
	struct state *copy = state_new();
	struct job_spec s = spec("rqw");
	uint32_t a, b, idx = 0;
	struct job *j;
	buf_t *m;

	a = submit(st, &s, T0);
	j = state_job(st, a);
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 2, 0, T0)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_job_requeue(a, false, 120, T0 + 5)),
			 STATE_EOK);
	assert_true(j->completing);
	assert_int_equal(j->begin_time, T0 + 5 + 121);
	/* the node reports the end 3 s later: the wait counts from then */
	assert_int_equal(apply_rc(st, cmd_job_end(a, 15, T0 + 8)), STATE_EOK);
	assert_false(j->completing);
	assert_int_equal(j->begin_time, T0 + 8 + 121);
	assert_int_equal(j->eligible_time, T0 + 8 + 121);
	/* kept by a snapshot */
	m = state_snapshot(st);
	assert_int_equal(state_restore(copy, m->data, buf_len(m)), 0);
	assert_int_equal(state_job(copy, a)->begin_time, T0 + 8 + 121);
	buf_free(m);

	/* an ended job lets go at once: from the requeue, held or not */
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 2, 0, T0 + 200)),
			 STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 210)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_job_requeue(a, true, 30, T0 + 220)),
			 STATE_EOK);
	assert_int_equal(j->begin_time, T0 + 220 + 31);
	assert_int_equal(j->reason, JOB_REASON_REQUEUE_HELD);

	/* a failed prolog or launch: pending at once, waits as well */
	b = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, cmd_start(b, &idx, 1, 1, 0, T0 + 1)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_requeue(b, JOB_REASON_PROLOG_FAIL,
						  120, T0 + 2)), STATE_EOK);
	assert_int_equal(state_job(st, b)->state, JOB_ST_PENDING);
	assert_int_equal(state_job(st, b)->begin_time, T0 + 2 + 121);
	assert_int_equal(state_job(st, b)->eligible_time, T0 + 2 + 121);

	/* an older command, without the wait: no delay */
	assert_int_equal(apply_rc(st, cmd_start(b, &idx, 1, 1, 0, T0 + 130)),
			 STATE_EOK);
	m = cmd_requeue(b, JOB_REASON_PROLOG_FAIL, 120, T0 + 131);
	assert_int_equal(apply_rc(st, buf_copy_for_test(m, buf_len(m) - 4)),
			 STATE_EOK);
	buf_free(m);
	assert_int_equal(state_job(st, b)->begin_time, T0 + 2 + 121);
	assert_int_equal(state_job(st, b)->eligible_time, T0 + 131);
	state_free(copy);
	state_free(st);
}

/* suspend/resume: the suspended time moves the deadline; the job keeps
 * its node; only a running job is suspended, a suspended one resumed. */
static void test_job_suspend(void **unused)
{
	struct state *st = cluster();
	struct state *copy = state_new();
	struct job_spec s = spec("susp");
	uint32_t a, idx = 0;
	struct job *j;
	buf_t *snap;

	s.time_limit = 10;
	a = submit(st, &s, T0);
	assert_int_equal(apply_rc(st, cmd_job_suspend(a, true, T0)), STATE_EBUSY);
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 2, 0, T0)), STATE_EOK);
	j = state_job(st, a);
	assert_int_equal(job_deadline(j), T0 + 600);
	assert_int_equal(apply_rc(st, cmd_job_suspend(a, false, T0 + 1)), STATE_EBUSY);
	assert_int_equal(apply_rc(st, cmd_job_suspend(a, true, T0 + 100)), STATE_EOK);
	assert_int_equal(j->state, JOB_ST_SUSPENDED);
	assert_int_equal(job_run_secs(j, T0 + 200), 100);
	assert_int_equal(apply_rc(st, cmd_job_suspend(a, true, T0 + 101)), STATE_EBUSY);
	/* suspended jobs keep their nodes, across a snapshot too */
	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_int_equal(copy->nodes[0].alloc_cpus, 2);
	assert_int_equal(state_job(copy, a)->suspend_time, T0 + 100);
	assert_int_equal(state_job(copy, a)->state, JOB_ST_SUSPENDED);
	buf_free(snap);
	/* no time limit while suspended */
	assert_int_equal(apply_rc(st, cmd_timeout(a, T0 + 700)), STATE_EDONE);
	assert_int_equal(apply_rc(st, cmd_job_suspend(a, false, T0 + 400)), STATE_EOK);
	assert_int_equal(j->state, JOB_ST_RUNNING);
	assert_int_equal(j->suspended_secs, 300);
	assert_int_equal(job_deadline(j), T0 + 900);
	assert_int_equal(job_run_secs(j, T0 + 450), 150);
	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_int_equal(state_job(copy, a)->suspended_secs, 300);
	buf_free(snap);
	/* cancelled while suspended: completing on its node */
	assert_int_equal(apply_rc(st, cmd_job_suspend(a, true, T0 + 500)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_cancel(a, 0, T0 + 501)), STATE_EOK);
	assert_true(j->completing);
	assert_int_equal(apply_rc(st, cmd_job_suspend(a, false, T0 + 502)), STATE_EDONE);
	state_free(copy);
	state_free(st);
}

/* An allocation (salloc) is not requeued: its command runs on the submit
 * host. It is suspended and resumed like a batch job, and salloc may
 * relinquish it while suspended, which frees its node. */
static void test_allocation_requeue_suspend(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("salloc");
	uint32_t a, idx = 0;
	struct job *j;

	s.script = NULL;
	s.interactive = true;
	s.alloc_node = "login1";
	s.resp_host = "127.0.0.1";
	s.resp_port = 40001;
	s.other_port = 40002;
	s.time_limit = 10;
	a = submit(st, &s, T0);
	j = state_job(st, a);
	assert_int_equal(apply_rc(st, cmd_start(a, &idx, 1, 2, 0, T0)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_job_requeue(a, false, 0, T0 + 1)), STATE_EBUSY);
	assert_int_equal(apply_rc(st, cmd_job_requeue(a, true, 0, T0 + 1)), STATE_EBUSY);
	assert_int_equal(j->state, JOB_ST_RUNNING);
	assert_int_equal(j->restarts, 0);
	assert_int_equal(apply_rc(st, cmd_job_suspend(a, true, T0 + 10)), STATE_EOK);
	assert_int_equal(j->state, JOB_ST_SUSPENDED);
	assert_int_equal(st->nodes[0].alloc_cpus, 2);
	assert_int_equal(apply_rc(st, cmd_job_suspend(a, false, T0 + 70)), STATE_EOK);
	assert_int_equal(j->state, JOB_ST_RUNNING);
	assert_int_equal(job_deadline(j), T0 + 600 + 60);
	assert_int_equal(apply_rc(st, cmd_job_suspend(a, true, T0 + 80)), STATE_EOK);
	/* salloc interrupted while its allocation is suspended */
	assert_int_equal(apply_rc(st, cmd_job_end(a, (int32_t)STATE_NO_VAL,
						   T0 + 90)), STATE_EOK);
	assert_int_equal(j->state, JOB_ST_CANCELLED);
	assert_false(j->completing);
	assert_int_equal(st->nodes[0].alloc_cpus, 0);
	state_free(st);
}

/* top: the job takes the best priority of its owner's pending jobs in
 * its partition; those it passes move down one place; another user's
 * job keeps its priority. */
static void test_job_top(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("top");
	uint32_t a, b, c, o, pa, pb, pc, po;

	a = submit(st, &s, T0);
	b = submit(st, &s, T0);
	s.uid = 4242;
	o = submit(st, &s, T0);
	s.uid = spec("top").uid;
	c = submit(st, &s, T0);
	pa = state_job(st, a)->priority;
	pb = state_job(st, b)->priority;
	pc = state_job(st, c)->priority;
	po = state_job(st, o)->priority;
	assert_true(pa > pb && pb > po && po > pc);
	assert_int_equal(apply_rc(st, cmd_job_top(c, T0 + 1)), STATE_EOK);
	assert_int_equal(state_job(st, c)->priority, pa);
	assert_int_equal(state_job(st, a)->priority, pb);
	assert_int_equal(state_job(st, b)->priority, pc);
	assert_int_equal(state_job(st, o)->priority, po);
	/* already first: nothing moves */
	assert_int_equal(apply_rc(st, cmd_job_top(c, T0 + 2)), STATE_EOK);
	assert_int_equal(state_job(st, c)->priority, pa);
	/* held: refused */
	assert_int_equal(apply_rc(st, cmd_hold(a, true, false, T0 + 3)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_job_top(a, T0 + 4)), STATE_EBUSY);
	assert_int_equal(apply_rc(st, cmd_job_top(999, T0 + 4)), STATE_ENOJOB);
	state_free(st);
}

/* top in its second form, as slurmctld's job_set_top(): the jobs named
 * take the best priorities of the owner's pending jobs (nice lowered by
 * what they gain), the others give that up evenly (nice raised by what
 * they lose), another user's job is left alone; a list goes at once. */
static void test_job_top_nice(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("top");
	uint32_t a, b, c, o, h, p, ids[3];

	a = submit(st, &s, T0);
	b = submit(st, &s, T0);
	s.uid = 4242;
	o = submit(st, &s, T0);
	s.uid = spec("top").uid;
	c = submit(st, &s, T0);
	p = state_job(st, a)->priority;
	assert_int_equal(state_job(st, b)->priority, p - 1);
	assert_int_equal(state_job(st, o)->priority, p - 2);
	assert_int_equal(state_job(st, c)->priority, p - 3);
	assert_int_equal(apply_rc(st, cmd_job_top_nice(&c, 1, T0 + 1)),
			 STATE_EOK);
	assert_int_equal(state_job(st, c)->priority, p);
	assert_int_equal(state_job(st, c)->nice, -3);
	assert_int_equal(state_job(st, a)->priority, p - 1);
	assert_int_equal(state_job(st, a)->nice, 1);
	assert_int_equal(state_job(st, b)->priority, p - 3);
	assert_int_equal(state_job(st, b)->nice, 2);
	assert_int_equal(state_job(st, o)->priority, p - 2);
	assert_int_equal(state_job(st, o)->nice, 0);
	/* a list: B, then A, over C */
	ids[0] = b;
	ids[1] = a;
	assert_int_equal(apply_rc(st, cmd_job_top_nice(ids, 2, T0 + 2)),
			 STATE_EOK);
	assert_int_equal(state_job(st, b)->priority, p);
	assert_int_equal(state_job(st, b)->nice, -1);
	assert_int_equal(state_job(st, a)->priority, p - 1);
	assert_int_equal(state_job(st, a)->nice, 1);
	assert_int_equal(state_job(st, c)->priority, p - 3);
	assert_int_equal(state_job(st, c)->nice, 0);
	/* a held job is passed over, alone it is refused; an unknown job
	 * refuses the list and nothing moves */
	h = submit(st, &s, T0 + 3);
	assert_int_equal(apply_rc(st, cmd_hold(h, true, false, T0 + 3)),
			 STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_job_top_nice(&h, 1, T0 + 4)),
			 STATE_EBUSY);
	ids[0] = h;
	ids[1] = c;
	assert_int_equal(apply_rc(st, cmd_job_top_nice(ids, 2, T0 + 4)),
			 STATE_EOK);
	assert_int_equal(state_job(st, c)->priority, p);
	assert_int_equal(state_job(st, h)->priority, 0);
	ids[0] = a;
	ids[1] = 999;
	assert_int_equal(apply_rc(st, cmd_job_top_nice(ids, 2, T0 + 5)),
			 STATE_ENOJOB);
	assert_int_equal(state_job(st, a)->priority, p - 2);
	state_free(st);
}

/* an array's pending tasks at one priority take a top as one job */
static void test_job_top_nice_array(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = spec("top");
	uint32_t a, arr, p, ids[3], idx[3] = { 0, 1, 2 };
	struct job *t[3] = { NULL, NULL, NULL };
	struct state_result res;

	a = submit(st, &s, T0);
	apply_buf(st, cmd_array_submit(&s, idx, 3, 0, T0), &res);
	assert_int_equal(res.rc, STATE_EOK);
	arr = res.job_id;
	p = state_job(st, a)->priority;
	for (uint32_t i = 0; i < 3; i++) {
		t[i] = state_job(st, arr + i);
		assert_non_null(t[i]);
		assert_int_equal(t[i]->priority, p - 1);
		ids[i] = arr + i;
	}
	assert_int_equal(apply_rc(st, cmd_job_top_nice(ids, 3, T0 + 1)),
			 STATE_EOK);
	for (uint32_t i = 0; i < 3; i++) {
		assert_int_equal(t[i]->priority, p);
		assert_int_equal(t[i]->nice, -1);
	}
	assert_int_equal(state_job(st, a)->priority, p - 1);
	assert_int_equal(state_job(st, a)->nice, 1);
	state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_submit_ids_and_defaults),
		cmocka_unit_test(test_held_submit),
		cmocka_unit_test(test_start_end_lifecycle),
		cmocka_unit_test(test_job_end_time_from_node),
		cmocka_unit_test(test_overcommit_refused),
		cmocka_unit_test(test_shared_start_refused_on_full_cores),
		cmocka_unit_test(test_cancel_timeout_completing),
		cmocka_unit_test(test_node_weight_update),
		cmocka_unit_test(test_node_features_update),
		cmocka_unit_test(test_node_texts_update),
		cmocka_unit_test(test_node_reboot),
		cmocka_unit_test(test_job_reboot_start),
		cmocka_unit_test(test_job_reboot_lost),
		cmocka_unit_test(test_alloc_reboot),
		cmocka_unit_test(test_job_reboot_suspend),
		cmocka_unit_test(test_interactive_allocation),
		cmocka_unit_test(test_node_down_fails_jobs_and_returns),
		cmocka_unit_test(test_node_fail_requeues),
		cmocka_unit_test(test_low_resources_drain),
		cmocka_unit_test(test_low_gpus_drain),
		cmocka_unit_test(test_gpus_per_task_spread),
		cmocka_unit_test(test_gpus_per_task_mem),
		cmocka_unit_test(test_cpus_by_task_plain),
		cmocka_unit_test(test_tasks_from_nodes),
		cmocka_unit_test(test_cpus_given),
		cmocka_unit_test(test_node_arrays_follow_reload),
		cmocka_unit_test(test_requeue_and_purge),
		cmocka_unit_test(test_job_requeue),
		cmocka_unit_test(test_job_requeue_wait),
		cmocka_unit_test(test_prio_set),
		cmocka_unit_test(test_allocation_requeue_suspend),
		cmocka_unit_test(test_job_suspend),
		cmocka_unit_test(test_job_top),
		cmocka_unit_test(test_job_top_nice),
		cmocka_unit_test(test_job_top_nice_array),
		cmocka_unit_test(test_snapshot_restore),
		cmocka_unit_test(test_job_hook),
		cmocka_unit_test(test_node_add_and_retire),
		cmocka_unit_test(test_submit_warn_signal),
		cmocka_unit_test(test_shared_script_and_env),
		cmocka_unit_test(test_job_update_fields),
		cmocka_unit_test(test_job_update_hold_release),
		cmocka_unit_test(test_prio_skip),
		cmocka_unit_test(test_job_update_nodes_given),
		cmocka_unit_test(test_job_update_cpus_asked),
		cmocka_unit_test(test_job_update_request),
		cmocka_unit_test(test_job_shrink),
		cmocka_unit_test(test_job_update_min_cpus),
		cmocka_unit_test(test_job_ntasks_given),
		cmocka_unit_test(test_job_update_malformed),
		cmocka_unit_test(test_job_update_deterministic_snapshot),
		cmocka_unit_test(test_malformed_commands),
		cmocka_unit_test(test_config_keeps_node_state),
		cmocka_unit_test(test_config_hidden_partition),
		cmocka_unit_test(test_config_removes_node_after_its_jobs),
		cmocka_unit_test(test_config_readds_pending_node),
		cmocka_unit_test(test_node_remove_force),
		cmocka_unit_test(test_part_create_update_delete),
		cmocka_unit_test(test_cmd_job),
		cmocka_unit_test(test_cmd_nodes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
