/* test_sched_sched.c - FIFO scheduling decisions over a small model:
 * priority order, Resources/Priority reasons, node choice by CPUs, memory,
 * features, multi-node jobs, drained and down nodes, partition states. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "sched/sched.h"
#include "state/state.h"
#include "state_fixture.h"

#define T0 1700000000

static int apply_rc(struct state *st, buf_t *b)
{
	struct state_result res;

	state_apply(st, b->data, buf_len(b), &res);
	buf_free(b);
	return res.rc;
}

/* node[1-4]; debug (default, all) and batch (node[3-4], at most 2 nodes). */
static struct state *cluster(void)
{
	static const char *const features[4] = {
		"fast,ib", "fast,ib", "slow", "slow",
	};
	struct part_spec p[2] = {
		fixture_part_debug(),
		{ .name = "batch", .nodes = "node[3-4]", .max_time = 60,
		  .default_time = STATE_NO_VAL, .max_nodes = 2 },
	};

	return fixture_cluster(p, 2, features, 1000000, T0);
}

/* A job "j" of NODES nodes and TASKS one-CPU tasks, default time limit
 * and priority. */
static struct job_spec job(uint32_t nodes, uint32_t tasks)
{
	struct job_spec s;

	memset(&s, 0, sizeof(s));
	s.name = "j";
	s.min_nodes = s.max_nodes = nodes;
	s.num_tasks = tasks;
	s.cpus_per_task = 1;
	s.time_limit = STATE_NO_VAL;
	s.priority = STATE_NO_VAL;
	return s;
}

/* Submit S at T0; the outcome in *RES. */
static void submit_spec(struct state *st, const struct job_spec *s,
			struct state_result *res)
{
	buf_t *b = cmd_submit(s, T0);

	state_apply(st, b->data, buf_len(b), res);
	buf_free(b);
}

static uint32_t submit(struct state *st, uint32_t nodes, uint32_t tasks,
		       uint64_t mem, const char *features, const char *part)
{
	struct job_spec s = job(nodes, tasks);
	struct state_result res;

	s.mem_mb = mem;
	s.features = (char *)features;
	s.partition = (char *)part;
	submit_spec(st, &s, &res);
	assert_int_equal(res.rc, 0);
	return res.job_id;
}

/* The command the controller proposes for D: CMD_START_SPREAD when
 * each node's CPUs (or GPUs) follow its tasks, else CMD_START. */
static buf_t *start_cmd(const struct state *st,
			const struct sched_decision *d)
{
	return sched_start_cmd(st, d, T0 + 1);
}

/* Run a cycle and apply its decisions as the controller does; returns
 * the number started. */
static uint32_t cycle(struct state *st)
{
	struct sched_result r;
	uint32_t n;

	sched_cycle(st, T0 + 1, 0, &r);
	for (uint32_t i = 0; i < r.nstarts; i++)
		assert_int_equal(apply_rc(st, start_cmd(st, &r.starts[i])), 0);
	n = r.nstarts;
	sched_result_free(&r);
	return n;
}

/* sbatch --reboot: the job takes nodes no job holds, as slurmctld's
 * _resolve_shared_status, and no job goes on a node while it reboots for
 * one. */
static void test_reboot_idle_nodes(void **unused)
{
	struct state *st = cluster();
	uint32_t a = submit(st, 1, 1, 0, NULL, NULL);
	struct job_spec s = job(1, 1);
	struct state_result res;
	struct sched_result r;
	uint32_t rb, c, d;
	buf_t *start, *b;

	assert_int_equal(cycle(st), 1);
	assert_string_equal(state_job(st, a)->nodes, "node1");
	s.reboot = true;
	submit_spec(st, &s, &res);
	assert_int_equal(res.rc, 0);
	rb = res.job_id;
	sched_cycle(st, T0 + 1, 0, &r);
	assert_int_equal(r.nstarts, 1);
	start = start_cmd(st, &r.starts[0]);
	b = cmd_start_reboot(start);
	buf_free(start);
	assert_int_equal(apply_rc(st, b), 0);
	sched_result_free(&r);
	/* not node1, where a runs with CPUs to spare */
	assert_string_equal(state_job(st, rb)->nodes, "node2");
	assert_true(state_job(st, rb)->configuring);
	d = submit(st, 1, 3, 0, NULL, NULL);
	c = submit(st, 1, 1, 0, NULL, NULL);
	assert_int_equal(cycle(st), 2);
	assert_string_equal(state_job(st, d)->nodes, "node1");
	/* node2 has 3 CPUs free but reboots: node3 */
	assert_string_equal(state_job(st, c)->nodes, "node3");
	state_free(st);
}

static void test_fifo_and_reasons(void **unused)
{
	struct state *st = cluster();
	uint32_t a = submit(st, 4, 16, 0, NULL, NULL);   /* whole cluster */
	uint32_t b = submit(st, 1, 1, 0, NULL, NULL);
	uint32_t c = submit(st, 1, 1, 0, NULL, NULL);

	assert_int_equal(cycle(st), 1);
	assert_int_equal(state_job(st, a)->state, JOB_ST_RUNNING);
	assert_string_equal(state_job(st, a)->nodes, "node[1-4]");
	assert_int_equal(cycle(st), 0);
	/* first waiting job: Resources; behind it: Priority */
	assert_string_equal(job_reason_name(job_reason_shown(state_job(st, b))), "Resources");
	assert_string_equal(job_reason_name(job_reason_shown(state_job(st, c))), "Priority");
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);
	assert_int_equal(cycle(st), 2);
	assert_int_equal(state_job(st, b)->state, JOB_ST_RUNNING);
	assert_int_equal(state_job(st, c)->state, JOB_ST_RUNNING);
	/* both fit on node1 (4 CPUs), packed onto the first node */
	assert_string_equal(state_job(st, b)->nodes, "node1");
	assert_string_equal(state_job(st, c)->nodes, "node1");
	state_free(st);
}

/* More CPUs than its partition has in all (batch: two 4-CPU nodes):
 * the job waits, PartitionConfig, as slurmctld with EnforcePartLimits=NO
 * leaves it, and does not hold up a smaller job behind it there; the
 * same job fits the whole cluster's 16 CPUs. */
static void test_partition_config(void **unused)
{
	struct state *st = cluster();
	uint32_t big = submit(st, 1, 9, 0, NULL, "batch");
	uint32_t small = submit(st, 1, 2, 0, NULL, "batch");
	struct job probe;

	assert_int_equal(cycle(st), 1);
	assert_int_equal(state_job(st, big)->state, JOB_ST_PENDING);
	assert_string_equal(job_reason_name(job_reason_shown(state_job(st, big))),
			    "PartitionConfig");
	assert_int_equal(state_job(st, small)->state, JOB_ST_RUNNING);
	assert_true(sched_job_over_partitions(st, state_job(st, big), false));
	probe = *state_job(st, big);
	probe.partition = "debug";
	assert_false(sched_job_over_partitions(st, &probe, true));
	probe.partition = "batch,debug";
	assert_false(sched_job_over_partitions(st, &probe, true));
	state_free(st);
}

/* MaxMemPerCPU=300 (global) and MaxMemPerNode=800 (batch), as
 * slurmctld 22.05 applies them: a larger --mem-per-cpu under the per-CPU
 * limit multiplies -c (900 a CPU: -c 3 at 300; 1000 with -c 2: -c 8 at
 * 250), a --mem takes the CPUs it needs there (--mincpus 3 for 700);
 * over the per-node limit (--mem 900, 300 a CPU times -c 3, or no
 * memory asked, a node's 1000) the job waits MaxMemPerLimit without
 * holding up a smaller one behind it, and starts once the limit is
 * raised. */
static void test_mem_limits(void **unused)
{
	struct state *st = cluster();
	struct state_part_policy pm = { .part = "batch", .max_mem = 800 };
	struct job_req r;
	uint32_t big, small;

	state_set_policy(st, 300 | STATE_MEM_PER_CPU, &pm, 1);
	assert_int_equal(state_max_mem(st, "debug"), 300 | STATE_MEM_PER_CPU);
	assert_int_equal(state_max_mem(st, "batch"), 800);
	memset(&r, 0, sizeof(r));
	r.min_nodes = r.max_nodes = r.num_tasks = r.cpus_per_task = 1;
	r.mem_mb = 900;
	r.mem_per_cpu = true;
	assert_int_equal(sched_mem_limit(st, &r, state_part(st, "debug")),
			 JOB_REASON_NONE);
	assert_int_equal(r.cpus_per_task, 3);
	assert_int_equal(r.mem_mb, 300);
	r.cpus_per_task = 2;
	r.mem_mb = 1000;
	assert_int_equal(sched_mem_limit(st, &r, state_part(st, "debug")),
			 JOB_REASON_NONE);
	assert_int_equal(r.cpus_per_task, 8);
	assert_int_equal(r.mem_mb, 250);
	r.cpus_per_task = 1;
	r.mem_mb = 700;
	r.mem_per_cpu = false;
	assert_int_equal(sched_mem_limit(st, &r, state_part(st, "debug")),
			 JOB_REASON_NONE);
	assert_int_equal(r.pn_min_cpus, 3);
	assert_int_equal(r.cpus_per_task, 1);
	r.pn_min_cpus = 0;
	assert_int_equal(sched_mem_limit(st, &r, state_part(st, "batch")),
			 JOB_REASON_NONE);
	r.mem_mb = 900;
	assert_int_equal(sched_mem_limit(st, &r, state_part(st, "batch")),
			 JOB_REASON_PN_MEM_LIMIT);
	r.mem_mb = 0;
	assert_int_equal(sched_mem_limit(st, &r, state_part(st, "batch")),
			 JOB_REASON_PN_MEM_LIMIT);
	r.mem_mb = 300;
	r.mem_per_cpu = true;
	r.cpus_per_task = 2;
	assert_int_equal(sched_mem_limit(st, &r, state_part(st, "batch")),
			 JOB_REASON_NONE);
	r.cpus_per_task = 3;
	assert_int_equal(sched_mem_limit(st, &r, state_part(st, "batch")),
			 JOB_REASON_PN_MEM_LIMIT);
	r.cpus_per_task = 1;
	r.exclusive = true;	/* the whole node's 4 CPUs */
	assert_int_equal(sched_mem_limit(st, &r, state_part(st, "batch")),
			 JOB_REASON_PN_MEM_LIMIT);

	big = submit(st, 1, 1, 900, NULL, "batch");
	small = submit(st, 1, 1, 500, NULL, "batch");
	assert_int_equal(cycle(st), 1);
	assert_int_equal(state_job(st, big)->state, JOB_ST_PENDING);
	assert_string_equal(job_reason_name(job_reason_shown(state_job(st, big))),
			    "MaxMemPerLimit");
	assert_int_equal(state_job(st, small)->state, JOB_ST_RUNNING);
	pm.max_mem = 1000;
	state_set_policy(st, 0, &pm, 1);
	assert_int_equal(cycle(st), 1);
	assert_int_equal(state_job(st, big)->state, JOB_ST_RUNNING);
	state_set_policy(st, 0, NULL, 0);
	assert_int_equal(state_max_mem(st, "batch"), 0);
	state_free(st);
}

/* More nodes than the whole partition has (debug: four nodes, 16 CPUs)
 * with the CPUs there: PartitionNodeLimit, as slurmctld; the job behind
 * it starts. A node count the user did not give does not count for
 * sched_job_over_partitions (slurmctld refuses such a job instead). */
static void test_partition_node_limit(void **unused)
{
	struct state *st = cluster();
	uint32_t big = submit(st, 5, 5, 0, NULL, NULL);
	uint32_t next = submit(st, 1, 1, 0, NULL, NULL);

	assert_int_equal(sched_part_limit(st, state_job(st, big),
					  state_part(st, "debug")),
			 JOB_REASON_PART_NODE_LIMIT);
	assert_false(sched_job_over_partitions(st, state_job(st, big), false));
	assert_true(sched_job_over_partitions(st, state_job(st, big), true));
	{
		/* the count stops once a job fits: exactly the whole
		 * partition fits, one CPU or node more does not */
		struct job probe = *state_job(st, big);

		probe.min_nodes = 4;
		probe.num_tasks = 16;
		assert_int_equal(sched_part_limit(st, &probe,
						  state_part(st, "debug")),
				 JOB_REASON_NONE);
		probe.num_tasks = 17;
		assert_int_equal(sched_part_limit(st, &probe,
						  state_part(st, "debug")),
				 JOB_REASON_PART_CONFIG);
		probe.num_tasks = 1;
		probe.min_nodes = 1;
		assert_int_equal(sched_part_limit(st, &probe,
						  state_part(st, "debug")),
				 JOB_REASON_NONE);
	}
	assert_int_equal(cycle(st), 1);
	assert_int_equal(state_job(st, big)->state, JOB_ST_PENDING);
	assert_string_equal(job_reason_name(job_reason_shown(state_job(st, big))),
			    "PartitionNodeLimit");
	assert_int_equal(state_job(st, next)->state, JOB_ST_RUNNING);
	state_free(st);
}

static void test_features_memory_partition(void **unused)
{
	struct state *st = cluster();
	uint32_t f = submit(st, 1, 1, 0, "slow", NULL);
	uint32_t m = submit(st, 1, 1, 900, NULL, NULL);
	uint32_t m2 = submit(st, 1, 1, 900, NULL, NULL);
	uint32_t p = submit(st, 2, 2, 0, NULL, "batch");

	assert_int_equal(cycle(st), 4);
	assert_string_equal(state_job(st, f)->nodes, "node3");
	assert_string_equal(state_job(st, m)->nodes, "node1");
	/* node1 has only 100 MB left */
	assert_string_equal(state_job(st, m2)->nodes, "node2");
	assert_string_equal(state_job(st, p)->nodes, "node[3-4]");
	assert_int_equal(state_job(st, p)->cpus_per_node, 1);
	state_free(st);
}

/* SelectTypeParameters=CR_Core (mem_not_counted): memory is not
 * counted, so two 900 MB jobs share node1 and the starts hold none, and
 * 600 MB a CPU for two CPUs fits a 1000 MB node; a node with less than
 * a job asks a CPU (or a node) is still out. Counted, that job cannot
 * run. */
static void test_memory_not_counted(void **unused)
{
	struct state *st = cluster();
	struct job j;
	uint32_t m, m2;

	st->mem_not_counted = true;
	m = submit(st, 1, 1, 900, NULL, NULL);
	m2 = submit(st, 1, 1, 900, NULL, NULL);
	assert_int_equal(cycle(st), 2);
	assert_string_equal(state_job(st, m)->nodes, "node1");
	assert_string_equal(state_job(st, m2)->nodes, "node1");
	assert_int_equal(state_job(st, m)->alloc_mem_mb, 0);
	assert_int_equal(st->nodes[0].alloc_mem_mb, 0);
	memset(&j, 0, sizeof(j));
	j.partition = "debug";
	j.min_nodes = j.max_nodes = 1;
	j.num_tasks = 1;
	j.cpus_per_task = 2;
	j.mem_mb = 600;
	j.mem_per_cpu = true;
	assert_int_equal(sched_job_possible(st, &j), 0);
	j.mem_mb = 1200;
	assert_int_equal(sched_job_possible(st, &j), -1);
	j.mem_per_cpu = false;
	assert_int_equal(sched_job_possible(st, &j), -1);
	j.mem_mb = 600;
	j.mem_per_cpu = true;
	st->mem_not_counted = false;
	assert_int_equal(sched_job_possible(st, &j), -1);
	state_free(st);
}

static void test_drain_down_and_impossible(void **unused)
{
	struct state *st = cluster();
	struct node_update u = { .names = "node[1-3]", .op = NODE_UPD_DRAIN,
				 .reason = "x", .uid = 0 };
	uint32_t a, b;

	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), 0);
	assert_int_equal(apply_rc(st, cmd_node_down("node4", NULL, NODE_FAIL_ENDS, T0)), 0);
	a = submit(st, 1, 1, 0, NULL, NULL);
	assert_int_equal(cycle(st), 0);
	/* nothing is busy, the nodes are unavailable: Slurm's reason */
	assert_string_equal(job_reason_name(job_reason_shown(state_job(st, a))),
			    "ReqNodeNotAvail");
	u.op = NODE_UPD_RESUME;
	u.names = "node2";
	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), 0);
	assert_int_equal(cycle(st), 1);
	assert_string_equal(state_job(st, a)->nodes, "node2");

	/* 5 nodes never fit in a 4-node cluster */
	b = submit(st, 5, 5, 0, NULL, NULL);
	assert_int_equal(sched_job_possible(st, state_job(st, b)), -1);
	assert_string_equal(err_msg(), "Requested node configuration is not available");
	/* more CPUs on one node than any node has */
	b = submit(st, 1, 8, 0, NULL, NULL);
	assert_int_equal(sched_job_possible(st, state_job(st, b)), -1);
	b = submit(st, 1, 1, 0, "gpu", NULL);
	assert_int_equal(sched_job_possible(st, state_job(st, b)), -1);
	b = submit(st, 2, 8, 0, NULL, NULL);
	assert_int_equal(sched_job_possible(st, state_job(st, b)), 0);
	state_free(st);
}

/* A job waiting for a drained node must not hold up the queue. */
static void test_unavailable_does_not_block(void **unused)
{
	struct state *st = cluster();
	struct node_update u = { .names = "node1", .op = NODE_UPD_DRAIN,
				 .reason = "x", .uid = 0 };
	struct job_spec s = job(1, 1);
	struct state_result res;
	uint32_t later;

	assert_int_equal(apply_rc(st, cmd_node_update(&u, T0)), 0);
	s.req_nodes = "node1";
	submit_spec(st, &s, &res);
	later = submit(st, 1, 1, 0, NULL, NULL);
	assert_int_equal(cycle(st), 1);
	assert_string_equal(job_reason_name(job_reason_shown(state_job(st, res.job_id))),
			    "ReqNodeNotAvail");
	assert_int_equal(state_job(st, later)->state, JOB_ST_RUNNING);
	assert_string_equal(state_job(st, later)->nodes, "node2");
	state_free(st);
}

/* A job no node could ever hold (held at submission, which slurmctld
 * takes without trying the nodes) waits BadConstraints, not
 * ReqNodeNotAvail, and holds up nothing. */
static void test_bad_constraints(void **unused)
{
	struct state *st = cluster();
	uint32_t never, later;

	never = submit(st, 1, 1, 2000000, NULL, NULL);
	later = submit(st, 1, 1, 0, NULL, NULL);
	assert_int_equal(cycle(st), 1);
	assert_string_equal(job_reason_name(job_reason_shown(state_job(st, never))),
			    "BadConstraints");
	assert_int_equal(state_job(st, later)->state, JOB_ST_RUNNING);
	state_free(st);
}

/* A partition slurm.conf makes OverSubscribe=EXCLUSIVE: a one-CPU job
 * there holds its node's every CPU, and waits for a node no other job
 * uses; elsewhere the same job takes one CPU. */
static void test_exclusive_partition(void **unused)
{
	struct state *st = cluster();
	struct state_part_policy pp = { .part = "batch", .exclusive = true };
	uint32_t a, b, c;

	state_set_policy(st, 0, &pp, 1);
	assert_true(state_part_exclusive(st, "batch"));
	assert_false(state_part_exclusive(st, "debug"));
	a = submit(st, 1, 1, 0, NULL, "batch");
	b = submit(st, 1, 1, 0, NULL, "debug");
	assert_int_equal(cycle(st), 2);
	assert_int_equal(state_job(st, a)->alloc_cpus,
			 st->nodes[state_job(st, a)->batch_node].cpus);
	assert_int_equal(state_job(st, b)->alloc_cpus, 1);
	/* node4 is left, with a CPU of b's node1 that the next may not take */
	c = submit(st, 1, 1, 0, NULL, "batch");
	assert_int_equal(cycle(st), 1);
	assert_string_equal(state_job(st, c)->nodes, "node4");
	c = submit(st, 1, 1, 0, NULL, "batch");
	assert_int_equal(cycle(st), 0);
	assert_string_equal(job_reason_name(job_reason_shown(state_job(st, c))),
			    "Resources");
	state_free(st);
}

/* Submit a 1-node job of TASKS one-CPU tasks and MEM MB to batch, with
 * --oversubscribe when SHARED. */
static uint32_t submit_shared(struct state *st, uint32_t tasks, uint64_t mem,
			      bool shared)
{
	struct job_spec s = job(1, tasks);
	struct state_result res;

	s.partition = "batch";
	s.mem_mb = mem;
	s.oversubscribe = shared;
	submit_spec(st, &s, &res);
	assert_int_equal(res.rc, 0);
	return res.job_id;
}

static const char *reason_of(const struct state *st, uint32_t id)
{
	return job_reason_name(job_reason_shown(state_job(st, id)));
}

/* OverSubscribe=FORCE:2 (batch, node[3-4] of 4 CPUs): idle CPUs first,
 * then any two jobs on each CPU, the node's CPUs held counted once; a
 * third waits, and so does a job of another partition beside them. */
static void test_oversubscribe_force(void **unused)
{
	struct state *st = cluster();
	struct state_part_policy pp = { .part = "batch", .share = 2,
					.force = true };
	uint32_t a, b, c, d, e;
	struct job_spec s = job(1, 1);
	struct state_result res;

	state_set_policy(st, 0, &pp, 1);
	a = submit_shared(st, 4, 0, false);
	b = submit_shared(st, 4, 0, false);
	c = submit_shared(st, 4, 0, false);
	d = submit_shared(st, 2, 0, false);
	e = submit_shared(st, 3, 0, false);
	assert_int_equal(cycle(st), 4);
	assert_string_equal(state_job(st, a)->nodes, "node3");
	assert_string_equal(state_job(st, b)->nodes, "node4");
	assert_string_equal(state_job(st, c)->nodes, "node3");
	assert_string_equal(state_job(st, d)->nodes, "node4");
	assert_string_equal(reason_of(st, e), "Resources");
	/* 8 CPUs of jobs on node3's 4, each held by two */
	assert_int_equal(st->nodes[2].alloc_cpus, 8);
	assert_int_equal(node_cpus_held(&st->nodes[2]), 4);
	assert_int_equal(node_cpus_held(&st->nodes[3]), 4);
	assert_int_equal(state_job(st, c)->alloc_cpus, 4);
	/* d shares two of b's cores on node4: 2 left there for e's 3 */
	assert_int_equal(cycle(st), 0);
	/* a debug job may not go where batch's jobs run: -w node4 */
	s.req_nodes = "node4";
	submit_spec(st, &s, &res);
	assert_int_equal(res.rc, 0);
	assert_int_equal(cycle(st), 0);
	assert_string_equal(reason_of(st, res.job_id), "Resources");
	/* a's end frees node3's cores from one job: e shares 3 of them */
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);
	assert_int_equal(node_cpus_held(&st->nodes[2]), 4);
	assert_int_equal(cycle(st), 1);
	assert_string_equal(state_job(st, e)->nodes, "node3");
	assert_int_equal(state_job_share(st, state_job(st, e), "batch"), 2);
	assert_int_equal(state_job_share(st, state_job(st, e), "debug"), 0);
	state_free(st);
}

/* FORCE:2 and --exclusive: the job takes a node of its own, all its
 * CPUs, which the next job still shares, as slurmctld; with none idle,
 * one whose every CPU has room for another job, as slurmctld's cons_tres
 * puts it in a row that holds none of the node's cores; else it waits. */
static void test_oversubscribe_force_exclusive(void **unused)
{
	struct state *st = cluster();
	struct state_part_policy pp = { .part = "batch", .share = 2,
					.force = true };
	struct job_spec s = job(1, 1);
	struct state_result res;
	uint32_t x, a, b, y, z;

	state_set_policy(st, 0, &pp, 1);
	a = submit_shared(st, 1, 0, false);
	assert_int_equal(cycle(st), 1);
	s.partition = "batch";
	s.exclusive = true;
	submit_spec(st, &s, &res);
	assert_int_equal(res.rc, 0);
	x = res.job_id;
	b = submit_shared(st, 4, 0, false);
	assert_int_equal(cycle(st), 2);
	assert_string_equal(state_job(st, a)->nodes, "node3");
	assert_string_equal(state_job(st, x)->nodes, "node4");
	assert_int_equal(state_job(st, x)->alloc_cpus, 4);
	/* b: no idle CPUs for its 4; node4's are shared by x alone */
	assert_string_equal(state_job(st, b)->nodes, "node3");
	assert_int_equal(state_job_share(st, state_job(st, x), "batch"), 2);
	/* node3's core 0 has two jobs; node4's each one (x): y joins x */
	submit_spec(st, &s, &res);
	assert_int_equal(res.rc, 0);
	y = res.job_id;
	assert_int_equal(cycle(st), 1);
	assert_string_equal(state_job(st, y)->nodes, "node4");
	assert_int_equal(state_job(st, y)->alloc_cpus, 4);
	assert_int_equal(bit_count(state_job(st, y)->core_bits[0]), 4);
	/* no node left with room on every CPU: z waits */
	submit_spec(st, &s, &res);
	assert_int_equal(res.rc, 0);
	z = res.job_id;
	assert_int_equal(cycle(st), 0);
	assert_string_equal(reason_of(st, z), "Resources");
	/* a's end leaves b alone on node3's cores: z joins b */
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);
	assert_int_equal(cycle(st), 1);
	assert_string_equal(state_job(st, z)->nodes, "node3");
	state_free(st);
}

/* Two FORCE:2 partitions over the same nodes: each has its own rows, so
 * a job of one shares CPUs that two jobs of the other hold, as
 * slurmctld; a third of the same partition waits. */
static void test_oversubscribe_two_partitions(void **unused)
{
	struct state *st = cluster();
	struct state_part_policy pp[2] = {
		{ .part = "batch", .share = 2, .force = true },
		{ .part = "debug", .share = 2, .force = true },
	};
	struct job_spec s = job(1, 4);
	struct state_result res;
	uint32_t id[3];

	state_set_policy(st, 0, pp, 2);
	for (int i = 0; i < 4; i++)
		submit_shared(st, 4, 0, false);
	assert_int_equal(cycle(st), 4);   /* two on node3, two on node4 */
	s.req_nodes = "node3";
	for (int i = 0; i < 3; i++) {
		submit_spec(st, &s, &res);
		assert_int_equal(res.rc, 0);
		id[i] = res.job_id;
	}
	assert_int_equal(cycle(st), 2);
	assert_string_equal(state_job(st, id[0])->nodes, "node3");
	assert_string_equal(state_job(st, id[1])->nodes, "node3");
	assert_string_equal(reason_of(st, id[2]), "Resources");
	assert_int_equal(st->nodes[2].alloc_cpus, 16);
	assert_int_equal(node_cpus_held(&st->nodes[2]), 4);
	state_free(st);
}

/* OverSubscribe=YES:2: only --oversubscribe jobs share CPUs, never beside
 * one that does not; that one takes only idle CPUs. Memory is counted as
 * ever. */
static void test_oversubscribe_yes(void **unused)
{
	struct state *st = cluster();
	struct state_part_policy pp = { .part = "batch", .share = 2 };
	uint32_t a, b, c, d, f, g;

	state_set_policy(st, 0, &pp, 1);
	a = submit_shared(st, 4, 100, true);
	b = submit_shared(st, 4, 100, true);
	c = submit_shared(st, 4, 100, true);
	d = submit_shared(st, 1, 100, false);
	assert_int_equal(cycle(st), 3);
	assert_string_equal(state_job(st, a)->nodes, "node3");
	assert_string_equal(state_job(st, b)->nodes, "node4");
	assert_string_equal(state_job(st, c)->nodes, "node3");
	assert_int_equal(st->nodes[2].alloc_mem_mb, 200);
	assert_string_equal(reason_of(st, d), "Resources");
	assert_int_equal(state_job_share(st, state_job(st, d), "batch"), 0);
	/* node4 free: d takes a CPU; an --oversubscribe job may not join */
	assert_int_equal(apply_rc(st, cmd_job_end(b, 0, T0 + 2)), 0);
	assert_int_equal(cycle(st), 1);
	assert_string_equal(state_job(st, d)->nodes, "node4");
	f = submit_shared(st, 1, 100, true);
	assert_int_equal(cycle(st), 0);
	assert_string_equal(reason_of(st, f), "Resources");
	/* d gone: f on node4's idle CPUs */
	assert_int_equal(apply_rc(st, cmd_job_end(d, 0, T0 + 3)), 0);
	assert_int_equal(cycle(st), 1);
	assert_string_equal(state_job(st, f)->nodes, "node4");
	/* memory still limits: node4's CPUs would take g beside f, its
	 * 900 MB left do not; with 850 MB it shares them */
	g = submit_shared(st, 4, 950, true);
	assert_int_equal(cycle(st), 0);
	assert_string_equal(reason_of(st, g), "Resources");
	assert_int_equal(apply_rc(st, cmd_cancel(g, 0, T0 + 4)), 0);
	g = submit_shared(st, 4, 850, true);
	assert_int_equal(cycle(st), 1);
	assert_string_equal(state_job(st, g)->nodes, "node4");
	assert_int_equal(node_cpus_held(&st->nodes[3]), 4);
	assert_int_equal(st->nodes[3].alloc_mem_mb, 950);
	state_free(st);
}

/* A batch job of TASKS CPUs on node3 (-w), LIMIT minutes, that asks
 * --oversubscribe or not (SHARED). */
static uint32_t submit_on3(struct state *st, uint32_t tasks, uint32_t limit,
			   bool shared)
{
	struct job_spec s = job(1, tasks);
	struct state_result res;

	s.partition = "batch";
	s.req_nodes = "node3";
	s.time_limit = limit;
	s.oversubscribe = shared;
	submit_spec(st, &s, &res);
	assert_int_equal(res.rc, 0);
	return res.job_id;
}

/* YES:2: will-run (sbatch --test-only) and the estimates (squeue
 * --start) count the CPUs a job may share, as slurmctld's will-run test
 * of cons_tres: an --oversubscribe job starts now beside one that shares;
 * one that waits starts when a job sharing its cores ends. */
static void test_oversubscribe_estimates(void **unused)
{
	struct state *st = cluster();
	struct state_part_policy pp = { .part = "batch", .share = 2 };
	uint32_t a, b, c, cpus = 0;
	struct job j;
	char *nodes = NULL;
	const char *part = NULL;
	time_t start = 0;

	state_set_policy(st, 0, &pp, 1);
	a = submit_on3(st, 4, 10, true);
	assert_int_equal(cycle(st), 1);
	memset(&j, 0, sizeof(j));
	j.partition = "batch";
	j.req_nodes = "node3";
	j.min_nodes = j.max_nodes = 1;
	j.num_tasks = 4;
	j.cpus_per_task = 1;
	j.time_limit = 5;
	j.oversubscribe = true;
	assert_int_equal(sched_will_run(st, &j, T0 + 5, &start, &nodes, &cpus,
					&part), 0);
	assert_int_equal(start, T0 + 5);
	assert_string_equal(nodes, "node3");
	assert_int_equal(cpus, 4);
	free(nodes);
	/* one that does not share waits for a's end */
	j.oversubscribe = false;
	assert_int_equal(sched_will_run(st, &j, T0 + 5, &start, &nodes, &cpus,
					&part), 0);
	assert_int_equal(start, T0 + 1 + 10 * 60);
	free(nodes);
	/* b shares cores 0-1 with a: c's 4 have room once b ends, before
	 * a does */
	b = submit_on3(st, 2, 5, true);
	assert_int_equal(cycle(st), 1);
	c = submit_on3(st, 4, 10, true);
	assert_int_equal(cycle(st), 0);
	assert_string_equal(reason_of(st, c), "Resources");
	assert_int_equal(state_job(st, c)->est_start, T0 + 1 + 5 * 60);
	assert_string_equal(state_job(st, c)->est_nodes, "node3");
	j.oversubscribe = true;
	assert_int_equal(sched_will_run(st, &j, T0 + 5, &start, &nodes, &cpus,
					&part), 0);
	assert_int_equal(start, T0 + 1 + 5 * 60);
	free(nodes);
	(void)a;
	(void)b;
	state_free(st);
}

/* -p batch,debug: the first partition that can start the job; it then
 * names that one. Every name of the list must exist. */
static void test_partition_list(void **unused)
{
	struct state *st = cluster();
	uint32_t full = submit(st, 2, 8, 0, NULL, "batch");   /* node[3-4] */
	uint32_t l, l2;
	struct job_spec s;
	struct state_result res;

	assert_int_equal(cycle(st), 1);
	l = submit(st, 1, 1, 0, NULL, "batch,debug");
	assert_string_equal(state_job(st, l)->partition, "batch,debug");
	assert_int_equal(cycle(st), 1);
	assert_string_equal(state_job(st, l)->partition, "debug");
	assert_string_equal(state_job(st, l)->nodes, "node1");
	/* batch free again: the list's first partition takes it */
	assert_int_equal(apply_rc(st, cmd_job_end(full, 0, T0 + 2)), 0);
	l2 = submit(st, 1, 1, 0, NULL, "batch,debug");
	assert_int_equal(cycle(st), 1);
	assert_string_equal(state_job(st, l2)->partition, "batch");
	assert_string_equal(state_job(st, l2)->nodes, "node3");

	assert_int_equal(state_part_count("a,b,c"), 3);
	assert_null(state_part_nth(st, "debug,nosuch", 1));
	assert_null(state_part_nth(st, "debug", 1));
	assert_string_equal(state_part_nth(st, "debug,batch", 1)->name, "batch");
	s = job(1, 1);
	s.partition = "debug,nosuch";
	submit_spec(st, &s, &res);
	assert_int_equal(res.rc, STATE_ENOPART);
	state_free(st);
}

/* Will-run (sbatch --test-only): now on free nodes, else when the
 * running jobs' time limits end; waiting jobs do not count. */
static void test_will_run(void **unused)
{
	struct state *st = cluster();
	uint32_t a = submit(st, 2, 8, 0, NULL, "batch");  /* node[3-4] */
	struct job j;
	char *nodes = NULL;
	const char *part = NULL;
	time_t start = 0;
	uint32_t cpus = 0;

	assert_int_equal(cycle(st), 1);
	memset(&j, 0, sizeof(j));
	j.partition = "batch";
	j.min_nodes = j.max_nodes = 1;
	j.num_tasks = j.cpus_per_task = 1;
	assert_int_equal(sched_will_run(st, &j, T0 + 5, &start, &nodes, &cpus,
					&part), 0);
	/* batch's default: its MaxTime of 60 minutes */
	assert_int_equal(start, state_job(st, a)->start_time + 60 * 60);
	assert_string_equal(nodes, "node3");
	assert_string_equal(part, "batch");
	assert_int_equal(cpus, 1);
	free(nodes);
	j.partition = "batch,debug";
	j.num_tasks = 2;
	assert_int_equal(sched_will_run(st, &j, T0 + 5, &start, &nodes, &cpus,
					&part), 0);
	assert_int_equal(start, T0 + 5);
	assert_string_equal(nodes, "node1");
	assert_string_equal(part, "debug");
	assert_int_equal(cpus, 2);
	free(nodes);
	state_free(st);
}

static void test_partition_limits(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = job(1, 1);
	struct state_result res;
	struct sched_result r;

	s.partition = "batch";
	s.time_limit = 120;   /* batch MaxTime is 60 */
	submit_spec(st, &s, &res);
	sched_cycle(st, T0, 0, &r);
	assert_int_equal(r.nstarts, 0);
	sched_result_free(&r);
	assert_string_equal(job_reason_name(job_reason_shown(state_job(st, res.job_id))),
			    "PartitionTimeLimit");
	state_free(st);
}

/* As in Slurm, a DRAIN partition takes no new jobs but runs those it has;
 * DOWN and INACTIVE ones start nothing. */
static void test_partition_states(void **unused)
{
	struct state *st = cluster();
	uint32_t down, inact, drain;

	down = submit(st, 1, 1, 0, NULL, "batch");
	state_part(st, "batch")->state = PART_STATE_DOWN;
	assert_int_equal(cycle(st), 0);
	assert_string_equal(job_reason_name(job_reason_shown(state_job(st, down))),
			    "PartitionDown");
	state_part(st, "batch")->state = PART_STATE_INACTIVE;
	inact = submit(st, 1, 1, 0, NULL, "batch");
	assert_int_equal(cycle(st), 0);
	assert_int_equal(state_job(st, inact)->state, JOB_ST_PENDING);
	/* slurmctld names an inactive partition apart from a down one */
	assert_string_equal(job_reason_name(job_reason_shown(state_job(st, down))),
			    "PartitionInactive");
	assert_string_equal(job_reason_name(job_reason_shown(state_job(st, inact))),
			    "PartitionInactive");
	state_part(st, "batch")->state = PART_STATE_DRAIN;
	drain = submit(st, 1, 1, 0, NULL, "batch");
	assert_int_equal(cycle(st), 3);
	assert_int_equal(state_job(st, down)->state, JOB_ST_RUNNING);
	assert_int_equal(state_job(st, drain)->state, JOB_ST_RUNNING);
	state_free(st);
}

/* A job of NODES nodes and TASKS tasks in debug with a LIMIT in minutes. */
static uint32_t submit_limit(struct state *st, uint32_t nodes, uint32_t tasks,
			     uint32_t limit)
{
	struct job_spec s = job(nodes, tasks);
	struct state_result res;

	s.time_limit = limit;
	submit_spec(st, &s, &res);
	assert_int_equal(res.rc, 0);
	return res.job_id;
}

/* Waiting jobs get the time their turn comes as the running ones reach
 * their limits, and the nodes they would get then (squeue --start). */
static void test_expected_start(void **unused)
{
	struct state *st = cluster();
	uint32_t a = submit_limit(st, 2, 8, 10);
	uint32_t b = submit_limit(st, 2, 8, 30);
	uint32_t c, d;

	assert_int_equal(cycle(st), 2);
	c = submit_limit(st, 4, 16, 5);   /* the whole cluster */
	d = submit_limit(st, 1, 1, 5);
	assert_int_equal(cycle(st), 0);
	assert_int_equal(state_job(st, c)->est_start, T0 + 1 + 30 * 60);
	assert_string_equal(state_job(st, c)->est_nodes, "node[1-4]");
	/* behind c, which holds every node for its 5 minutes */
	assert_int_equal(state_job(st, d)->est_start, T0 + 1 + 35 * 60);
	assert_string_equal(state_job(st, d)->est_nodes, "node1");
	/* once a job starts, the estimate is no longer shown or kept */
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);
	assert_int_equal(apply_rc(st, cmd_job_end(b, 0, T0 + 2)), 0);
	assert_int_equal(cycle(st), 1);
	assert_int_equal(state_job(st, c)->state, JOB_ST_RUNNING);
	assert_int_equal(state_job(st, d)->est_start, T0 + 1 + 5 * 60);
	state_free(st);
}

/* node[1-4], one partition; node1 Gres=gpu:tesla:2, node2 Gres=gpu:2,
 * TmpDisk 0, 100, 1000, 1000; Licenses=LICENSES. */
static struct state *gres_cluster(const char *licenses)
{
	struct state *st = state_new();
	struct part_spec p = fixture_part_debug();
	struct node_spec n[4];
	static const char *const names[4] = { "node1", "node2", "node3", "node4" };
	static const char *const gres[4] = { "gpu:tesla:2", "gpu:2", NULL, NULL };
	static const uint32_t tmp[4] = { 0, 100, 1000, 1000 };
	struct state_params prm = {
		.licenses = licenses, .min_job_age = 300, .kill_wait = 30,
		.slurmd_timeout = 60, .return_to_service = 1,
		.first_job_id = 1, .max_job_id = 1000000,
	};

	memset(n, 0, sizeof(n));
	for (int i = 0; i < 4; i++) {
		n[i].name = (char *)names[i];
		n[i].cpus = 4;
		n[i].memory_mb = 1000;
		n[i].weight = 1;
		n[i].gres = (char *)gres[i];
		n[i].tmp_disk_mb = tmp[i];
	}
	assert_int_equal(apply_rc(st, cmd_config(n, 4, &p, 1, &prm, T0)), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(apply_rc(st, cmd_node_up(names[i], 4, 1000,
							  T0, T0)), 0);
	return st;
}

/* R with a time limit of LIMIT minutes (STATE_NO_VAL: the default). */
static uint32_t submit_req_limit(struct state *st, const struct job_req *r,
				 uint32_t limit)
{
	struct job_spec s = fixture_job("r");
	struct state_result res;

	s.req = *r;
	if (!s.min_nodes)
		s.min_nodes = s.max_nodes = 1;
	s.num_tasks = s.num_tasks ? s.num_tasks : 1;
	s.cpus_per_task = 1;
	s.time_limit = limit;
	submit_spec(st, &s, &res);
	assert_int_equal(res.rc, 0);
	return res.job_id;
}

static uint32_t submit_req(struct state *st, const struct job_req *r)
{
	struct job_spec s = fixture_job("r");
	struct state_result res;

	s.req = *r;
	if (!s.min_nodes)
		s.min_nodes = s.max_nodes = 1;
	s.num_tasks = s.num_tasks ? s.num_tasks : 1;
	s.cpus_per_task = 1;
	s.time_limit = STATE_NO_VAL;
	submit_spec(st, &s, &res);
	assert_int_equal(res.rc, 0);
	return res.job_id;
}

static const char *reason(const struct state *st, uint32_t id)
{
	return job_reason_name(job_reason_shown(state_job(st, id)));
}

/* Licenses are the cluster's: counted over the jobs holding nodes and the
 * starts of the same cycle; a job short of them waits (Licenses) without
 * holding up others; a CONFIG with more lets it start. */
static void test_licenses_counted(void **unused)
{
	struct state *st = gres_cluster("matlab:2,fluent:1");
	struct job_req r;
	uint32_t a, b, c, d;
	struct license *cfg;
	uint32_t ncfg, *used;

	memset(&r, 0, sizeof(r));
	r.licenses = "matlab:1";
	a = submit_req(st, &r);
	b = submit_req(st, &r);
	c = submit_req(st, &r);
	r.licenses = NULL;
	d = submit_req(st, &r);
	assert_int_equal(cycle(st), 3);
	assert_int_equal(state_job(st, a)->state, JOB_ST_RUNNING);
	assert_int_equal(state_job(st, b)->state, JOB_ST_RUNNING);
	assert_int_equal(state_job(st, c)->state, JOB_ST_PENDING);
	assert_string_equal(reason(st, c), "Licenses");
	assert_int_equal(state_job(st, d)->state, JOB_ST_RUNNING);
	assert_int_equal(license_parse(st->licenses, &cfg, &ncfg), 0);
	used = license_used(st, cfg, ncfg);
	assert_int_equal(license_find(cfg, ncfg, "matlab"), 1);
	assert_int_equal(used[1], 2);
	assert_int_equal(used[0], 0);
	free(used);
	license_free(cfg, ncfg);
	/* one given back: the waiting job starts */
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);
	assert_int_equal(cycle(st), 1);
	assert_int_equal(state_job(st, c)->state, JOB_ST_RUNNING);
	state_free(st);

	/* a reload with more lets a waiting one start */
	st = gres_cluster("matlab:1");
	r.licenses = "matlab";
	a = submit_req(st, &r);
	b = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	assert_string_equal(reason(st, b), "Licenses");
	{
		struct part_spec p = fixture_part_debug();
		struct node_spec n = { .name = "node1", .cpus = 4,
				       .memory_mb = 1000, .weight = 1 };
		struct state_params prm = st->params;

		prm.licenses = "matlab:2";
		assert_int_equal(apply_rc(st, cmd_config(&n, 1, &p, 1, &prm,
							 T0 + 3)), 0);
	}
	assert_string_equal(st->licenses, "matlab:2");
	assert_int_equal(cycle(st), 1);
	assert_int_equal(state_job(st, b)->state, JOB_ST_RUNNING);
	state_free(st);
}

/* Slurm's license lists: ',' or ';', a count or 1 ("a:" 0), a name
 * twice adds up, each new name first; blanks, bad counts and empty
 * names refused. */
static void test_license_parse(void **unused)
{
	struct license *v;
	uint32_t n;
	char *s;

	assert_int_equal(license_parse("matlab:2,fluent;matlab", &v, &n), 0);
	assert_int_equal(n, 2);
	s = license_string(v, n);
	assert_string_equal(s, "fluent:1,matlab:3");
	free(s);
	license_free(v, n);
	assert_int_equal(license_parse(NULL, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(license_parse("a:x", &v, &n), -1);
	assert_int_equal(license_parse("a :1", &v, &n), -1);
	assert_int_equal(license_parse("a:-1", &v, &n), -1);
	assert_int_equal(license_parse(":3", &v, &n), -1);
	/* an empty count is 0, as slurmctld reads it (sbatch -L a:) */
	assert_int_equal(license_parse("a:,b:2", &v, &n), 0);
	s = license_string(v, n);
	assert_string_equal(s, "b:2,a:0");
	free(s);
	license_free(v, n);
}

/* GPUs are counted per node: two 1-GPU jobs fill a 2-GPU node, each with
 * its own index; the third waits (Resources) and then takes the index
 * given back; a type only matches a node of that type; the indexes
 * survive a snapshot. */
static void test_gpus_counted(void **unused)
{
	struct state *st = gres_cluster(NULL), *copy;
	struct job_req r;
	uint32_t a, b, c, t;
	buf_t *snap;
	char *type;

	assert_int_equal(st->nodes[0].gpus, 2);
	assert_string_equal(st->nodes[0].gpu_type, "tesla");
	assert_int_equal(st->nodes[1].gpus, 2);
	assert_null(st->nodes[1].gpu_type);
	assert_int_equal(gres_gpus("gpu:1,mps:100,gpu:k80:2(S:0)", &type), 3);
	assert_string_equal(type, "k80");
	free(type);

	memset(&r, 0, sizeof(r));
	r.gpus_per_node = 1;
	r.num_tasks = 1;
	r.gpu_type = "tesla";
	a = submit_req(st, &r);
	b = submit_req(st, &r);
	c = submit_req(st, &r);
	assert_int_equal(cycle(st), 2);
	assert_string_equal(state_job(st, a)->nodes, "node1");
	assert_string_equal(state_job(st, b)->nodes, "node1");
	assert_int_equal(job_gpu_mask(state_job(st, a), 0), 0x1);
	assert_int_equal(job_gpu_mask(state_job(st, b), 0), 0x2);
	assert_int_equal(st->nodes[0].gpu_used, 0x3);
	assert_string_equal(reason(st, c), "Resources");
	assert_int_equal(st->nodes[0].alloc_cpus, 2);   /* CPUs to spare */

	/* through a snapshot the indexes and the node's count stay */
	snap = state_snapshot(st);
	copy = state_new();
	assert_int_equal(snap->data[7], 12);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_int_equal(copy->nodes[0].gpu_used, 0x3);
	assert_int_equal(job_gpu_mask(state_job(copy, b), 0), 0x2);
	assert_string_equal(copy->nodes[0].gpu_type, "tesla");
	buf_free(snap);
	state_free(copy);

	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);
	assert_int_equal(st->nodes[0].gpu_used, 0x2);
	assert_int_equal(cycle(st), 1);
	assert_int_equal(job_gpu_mask(state_job(st, c), 0), 0x1);

	/* untyped: any node with GPUs; more than a node has: impossible */
	r.gpu_type = NULL;
	r.gpus_per_node = 2;
	t = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	assert_string_equal(state_job(st, t)->nodes, "node2");
	r.gpus_per_node = 3;
	{
		struct job j;

		memset(&j, 0, sizeof(j));
		j.partition = "debug";
		j.req = r;
		j.min_nodes = j.max_nodes = j.cpus_per_task = 1;
		assert_int_equal(sched_job_possible(st, &j), -1);
		j.gpus_per_node = 2;
		j.gpu_type = "k80";
		assert_int_equal(sched_job_possible(st, &j), -1);
		j.gpu_type = "tesla";
		assert_int_equal(sched_job_possible(st, &j), 0);
	}
	state_free(st);
}

/* --gpus-per-task: each node gives the job its tasks' GPUs there, so
 * three one-GPU tasks that no 2-GPU node holds take two nodes (two
 * GPUs on the first, one on the second); a snapshot keeps the request
 * (format 15);
 * what no node count could hold is impossible. */
static void test_gpus_per_task(void **unused)
{
	struct state *st = gres_cluster(NULL), *copy;
	struct job_req r;
	struct job j;
	uint32_t a, b;
	buf_t *snap;

	memset(&r, 0, sizeof(r));
	r.gpus_per_task = 1;
	r.tres_per_task = "gres:gpu:1";
	r.num_tasks = 3;
	r.min_nodes = 1;
	r.max_nodes = 3;
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	assert_string_equal(state_job(st, a)->nodes, "node[1-2]");
	assert_int_equal(state_job(st, a)->gpus_per_node, 2);
	assert_int_equal(job_gpu_mask(state_job(st, a), 0), 0x3);
	assert_int_equal(job_gpu_mask(state_job(st, a), 1), 0x1);
	assert_int_equal(st->nodes[1].gpu_used, 0x1);

	/* no node has two GPUs free: a one-task job of two GPUs waits */
	r.gpus_per_task = 2;
	r.tres_per_task = "gres:gpu:2";
	r.num_tasks = 1;
	r.max_nodes = 1;
	b = submit_req(st, &r);
	assert_int_equal(cycle(st), 0);
	assert_string_equal(reason(st, b), "Resources");

	snap = state_snapshot(st);
	copy = state_new();
	assert_int_equal(snap->data[7], 15);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_int_equal(state_job(copy, b)->gpus_per_task, 2);
	assert_string_equal(state_job(copy, b)->tres_per_task, "gres:gpu:2");
	assert_int_equal(job_gpu_mask(state_job(copy, a), 1), 0x1);
	state_free(copy);
	/* format 14 is not one this version knows */
	snap->data[7] = 14;
	copy = state_new();
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), -1);
	buf_free(snap);
	state_free(copy);

	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);
	assert_int_equal(cycle(st), 1);
	assert_int_equal(state_job(st, b)->gpus_per_node, 2);

	memset(&j, 0, sizeof(j));
	j.partition = "debug";
	j.cpus_per_task = 1;
	j.gpus_per_task = 3;
	j.num_tasks = 1;
	j.min_nodes = j.max_nodes = 1;
	assert_int_equal(sched_job_possible(st, &j), -1);
	j.gpus_per_task = 2;
	j.num_tasks = 2;
	assert_int_equal(sched_job_possible(st, &j), -1);
	j.max_nodes = 2;
	assert_int_equal(sched_job_possible(st, &j), 0);
	state_free(st);
}

/* slurmctld's dealing of a job-wide --gpus (cons_tres gres_per_job): in
 * node order each node as many as it has free while one is left for
 * each node still to come, then what is missing node by node. */
static void test_gpus_deal(void **unused)
{
	static const uint32_t two[3] = { 2, 2, 2 }, one_two[2] = { 1, 2 };
	uint32_t out[3];

	assert_int_equal(gpus_deal(3, two, 2, out), 3);  /* -N2 --gpus=3 */
	assert_int_equal(out[0], 2);
	assert_int_equal(out[1], 1);
	assert_int_equal(gpus_deal(2, two, 2, out), 2);  /* -N2 --gpus=2 */
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 1);
	assert_int_equal(gpus_deal(4, two, 2, out), 4);
	assert_int_equal(out[0], 2);
	assert_int_equal(out[1], 2);
	/* node1 with one free: 1 and 2 (slurmctld: IDX:1 and IDX:0-1) */
	assert_int_equal(gpus_deal(3, one_two, 2, out), 3);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 2);
	assert_int_equal(gpus_deal(4, two, 3, out), 4);
	assert_int_equal(out[0], 2);
	assert_int_equal(out[1], 1);
	assert_int_equal(out[2], 1);
	/* too few free: what there is */
	assert_int_equal(gpus_deal(5, two, 2, out), 4);
}

/* A job-wide --gpus=N (no --gpus-per-node or --gpus-per-task) on
 * node1 and node2 of two GPUs each, as slurmctld 22.05 runs it (figures
 * from slurmctld with two 4-CPU nodes of Gres=gpu:2): --gpus=3 without
 * -N takes both nodes, GRES=gpu:2(IDX:0-1) on node1 and gpu:1(IDX:0) on
 * node2, NumTasks=2; beside a busy GPU 0 of node1, --gpus=2 runs on
 * node2 alone and --gpus=3 takes GPU 1 of node1 and both of node2; a
 * node without a GPU free is never one of its nodes (-N2 --gpus=2 beside
 * a job holding both GPUs of node1 waits, Resources). What the leader
 * dealt is in the start command, so a snapshot keeps it. */
static void test_gpus_per_job(void **unused)
{
	struct state *st = gres_cluster(NULL), *copy;
	struct job_req r;
	const struct job *j;
	uint32_t a, b, c, busy_job;
	buf_t *snap;

	memset(&r, 0, sizeof(r));
	r.tres_per_job = "gres:gpu:3";
	r.min_nodes = 1;
	r.max_nodes = 3;
	a = submit_req(st, &r);
	assert_int_equal(job_gpus_per_job(state_job(st, a)), 3);
	assert_int_equal(job_gpus_min(state_job(st, a)), 1);
	assert_int_equal(cycle(st), 1);
	j = state_job(st, a);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_int_equal(job_gpu_mask(j, 0), 0x3);
	assert_int_equal(job_gpu_mask(j, 1), 0x1);
	assert_int_equal(job_gpus_held(j), 3);
	assert_int_equal(j->num_tasks, 2);     /* one a node, no -n */
	assert_int_equal(j->alloc_cpus, 2);
	assert_int_equal(st->nodes[1].gpu_used, 0x1);

	snap = state_snapshot(st);
	copy = state_new();
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_int_equal(job_gpu_mask(state_job(copy, a), 0), 0x3);
	assert_int_equal(job_gpu_mask(state_job(copy, a), 1), 0x1);
	assert_int_equal(copy->nodes[1].gpu_used, 0x1);
	assert_int_equal(job_gpus_per_job(state_job(copy, a)), 3);
	buf_free(snap);
	state_free(copy);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);
	assert_int_equal(st->nodes[0].gpu_used, 0);
	assert_int_equal(st->nodes[1].gpu_used, 0);

	/* GPU 0 of node1 busy */
	memset(&r, 0, sizeof(r));
	r.gpus_per_node = 1;
	r.req_nodes = "node1";
	busy_job = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	memset(&r, 0, sizeof(r));
	r.tres_per_job = "gres:gpu:2";
	r.min_nodes = 1;
	r.max_nodes = 2;
	b = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	assert_string_equal(state_job(st, b)->nodes, "node2");
	assert_int_equal(job_gpu_mask(state_job(st, b), 1), 0x3);
	assert_int_equal(apply_rc(st, cmd_job_end(b, 0, T0 + 2)), 0);
	r.tres_per_job = "gres:gpu:3";
	r.max_nodes = 3;
	c = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	j = state_job(st, c);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_int_equal(job_gpu_mask(j, 0), 0x2);
	assert_int_equal(job_gpu_mask(j, 1), 0x3);
	assert_int_equal(apply_rc(st, cmd_job_end(c, 0, T0 + 2)), 0);
	assert_int_equal(apply_rc(st, cmd_job_end(busy_job, 0, T0 + 2)), 0);

	/* both GPUs of node1 busy for 30 minutes (a job-wide --gpus=2
	 * there): node3 and node4 have none, so -N2 --gpus=2 has no second
	 * node until it ends, which is when it is expected to start */
	memset(&r, 0, sizeof(r));
	r.tres_per_job = "gres:gpu:2";
	r.req_nodes = "node1";
	r.min_nodes = r.max_nodes = 1;
	busy_job = submit_req_limit(st, &r, 30);
	assert_int_equal(cycle(st), 1);
	assert_int_equal(st->nodes[0].gpu_used, 0x3);
	memset(&r, 0, sizeof(r));
	r.tres_per_job = "gres:gpu:2";
	r.min_nodes = r.max_nodes = 2;
	r.num_tasks = 2;
	b = submit_req(st, &r);
	assert_int_equal(cycle(st), 0);
	assert_string_equal(reason(st, b), "Resources");
	assert_int_equal(state_job(st, b)->est_start, T0 + 1 + 30 * 60);
	assert_int_equal(apply_rc(st, cmd_job_end(busy_job, 0, T0 + 2)), 0);
	assert_int_equal(cycle(st), 1);
	j = state_job(st, b);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_int_equal(job_gpu_mask(j, 0), 0x1);
	assert_int_equal(job_gpu_mask(j, 1), 0x1);
	assert_int_equal(j->num_tasks, 2);
	state_free(st);
}

/* --cpus-per-gpu=N: each node holds at least its GPUs times N CPUs, as
 * slurmctld 22.05 gives them (two 4-CPU nodes of Gres=gpu:2):
 * --gpus=3 --cpus-per-gpu=2 NumCPUs=6, CPU_IDs=0-3 on node1 and 0-1 on
 * node2; -N2 --gpus-per-node=2 --cpus-per-gpu=2 NumCPUs=8;
 * --gres=gpu:1 --cpus-per-gpu=3 NumCPUs=3; -n2 --gpus=1
 * --cpus-per-gpu=1 keeps its tasks' 2. --gres=gpu:2 --cpus-per-gpu=3 and
 * --gpus=4 --cpus-per-gpu=3 fit no node ("Requested node configuration
 * is not available"). A snapshot keeps the CPUs each node holds. */
static void test_cpus_per_gpu(void **unused)
{
	struct state *st = gres_cluster(NULL), *copy;
	struct job_req r;
	const struct job *j;
	uint32_t a;
	buf_t *snap;

	memset(&r, 0, sizeof(r));
	r.tres_per_job = "gres:gpu:3";
	r.cpus_per_gpu = 2;
	r.min_nodes = 1;
	r.max_nodes = 3;
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	j = state_job(st, a);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_int_equal(j->alloc_cpus, 6);
	assert_int_equal(job_cpus_at(j, 0), 4);
	assert_int_equal(job_cpus_at(j, 1), 2);
	assert_int_equal(st->nodes[0].alloc_cpus, 4);
	assert_int_equal(st->nodes[1].alloc_cpus, 2);
	assert_int_equal(job_gpus_held(j), 3);
	snap = state_snapshot(st);
	copy = state_new();
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_int_equal(state_job(copy, a)->cpus_per_gpu, 2);
	assert_int_equal(state_job(copy, a)->alloc_cpus, 6);
	assert_int_equal(copy->nodes[0].alloc_cpus, 4);
	assert_int_equal(copy->nodes[1].alloc_cpus, 2);
	buf_free(snap);
	state_free(copy);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);

	memset(&r, 0, sizeof(r));
	r.gpus_per_node = 2;
	r.tres_per_node = "gres:gpu:2";
	r.cpus_per_gpu = 2;
	r.min_nodes = r.max_nodes = 2;
	r.num_tasks = 2;
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	j = state_job(st, a);
	assert_int_equal(j->alloc_cpus, 8);
	assert_int_equal(job_cpus_at(j, 0), 4);
	assert_int_equal(job_cpus_at(j, 1), 4);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);

	memset(&r, 0, sizeof(r));
	r.gpus_per_node = 1;
	r.tres_per_node = "gres:gpu:1";
	r.cpus_per_gpu = 3;
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	j = state_job(st, a);
	assert_int_equal(j->alloc_cpus, 3);
	assert_int_equal(st->nodes[0].alloc_cpus, 3);
	/* node1 has one CPU left, not the 3 another GPU there needs: a
	 * second such job runs on node2 */
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	j = state_job(st, a);
	assert_string_equal(j->nodes, "node2");
	assert_int_equal(st->nodes[1].alloc_cpus, 3);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);
	assert_int_equal(apply_rc(st, cmd_job_end(a - 1, 0, T0 + 2)), 0);

	memset(&r, 0, sizeof(r));
	r.tres_per_job = "gres:gpu:1";
	r.cpus_per_gpu = 1;
	r.num_tasks = 2;
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	assert_int_equal(state_job(st, a)->alloc_cpus, 2);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);

	/* --mem-per-cpu: memory for the CPUs its GPUs hold (4 x 200MB);
	 * at 300MB a CPU node1's 1000MB do not hold them */
	memset(&r, 0, sizeof(r));
	r.gpus_per_node = 2;
	r.tres_per_node = "gres:gpu:2";
	r.cpus_per_gpu = 2;
	r.mem_mb = 200;
	r.mem_per_cpu = true;
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	assert_int_equal(state_job(st, a)->alloc_cpus, 4);
	assert_int_equal(st->nodes[0].alloc_mem_mb, 800);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);
	r.mem_mb = 300;
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 0);
	assert_int_equal(state_job(st, a)->state, JOB_ST_PENDING);
	assert_int_equal(apply_rc(st, cmd_cancel(a, 0, T0 + 2)), 0);

	/* refused: no node holds them */
	{
		struct job jb;

		memset(&jb, 0, sizeof(jb));
		jb.partition = "debug";
		jb.min_nodes = jb.max_nodes = 1;
		jb.num_tasks = jb.cpus_per_task = 1;
		jb.gpus_per_node = 2;
		jb.tres_per_node = "gres:gpu:2";
		jb.cpus_per_gpu = 3;
		assert_int_equal(sched_job_possible(st, &jb), -1);
		jb.cpus_per_gpu = 2;
		assert_int_equal(sched_job_possible(st, &jb), 0);
		jb.gpus_per_node = 0;
		jb.tres_per_node = NULL;
		jb.tres_per_job = "gres:gpu:4";
		jb.max_nodes = 4;
		jb.cpus_per_gpu = 3;
		assert_int_equal(sched_job_possible(st, &jb), -1);
	}
	state_free(st);
}

/* The cores a GPU job on one node holds (CPU_IDs), as slurmctld lays
 * it out on a 4-core node: the highest free when it asked its task count
 * (-n, in its environment as sbatch sends it) and has a GPU for each
 * task; else the lowest (without -n, -n2 with one GPU). */
static void test_gpu_job_cores(void **unused)
{
	struct state *st = gres_cluster(NULL);
	static char *n1[] = { "SLURM_NTASKS=1", NULL };
	static char *n2[] = { "SLURM_NTASKS=2", NULL };
	static const struct {
		char **env;
		uint32_t tasks;
		uint32_t first;
	} c[] = {
		{ n1, 1, 3 },      /* -n1 --gres=gpu:1 */
		{ NULL, 1, 0 },    /* --gres=gpu:1 */
		{ n2, 2, 0 },      /* -n2 --gres=gpu:1 */
	};
	uint32_t busy;

	for (size_t i = 0; i < sizeof(c) / sizeof(*c); i++) {
		struct job_spec sp = fixture_job("g");
		struct state_result res;
		const struct job *j;

		sp.req_nodes = "node1";
		sp.min_nodes = sp.max_nodes = 1;
		sp.num_tasks = c[i].tasks;
		sp.cpus_per_task = 1;
		sp.gpus_per_node = 1;
		sp.tres_per_node = "gres:gpu:1";
		sp.time_limit = STATE_NO_VAL;
		sp.env = c[i].env;
		sp.env_count = c[i].env ? 1 : 0;
		submit_spec(st, &sp, &res);
		assert_int_equal(res.rc, 0);
		assert_int_equal(cycle(st), 1);
		j = state_job(st, res.job_id);
		assert_int_equal(bit_count(j->core_bits[0]), c[i].tasks);
		assert_int_equal(bit_next_set(j->core_bits[0], 0), c[i].first);
		assert_int_equal(apply_rc(st, cmd_job_end(res.job_id, 0, T0 + 2)),
				 0);
	}
	/* beside a job on core 3: the highest free, 2 */
	{
		struct job_spec sp = fixture_job("g");
		struct state_result res;

		sp.req_nodes = "node1";
		sp.min_nodes = sp.max_nodes = 1;
		sp.num_tasks = sp.cpus_per_task = 1;
		sp.gpus_per_node = 1;
		sp.tres_per_node = "gres:gpu:1";
		sp.time_limit = STATE_NO_VAL;
		sp.env = n1;
		sp.env_count = 1;
		submit_spec(st, &sp, &res);
		assert_int_equal(cycle(st), 1);
		busy = res.job_id;
		submit_spec(st, &sp, &res);
		assert_int_equal(cycle(st), 1);
		assert_true(bit_test(state_job(st, busy)->core_bits[0], 3));
		assert_int_equal(bit_count(state_job(st, res.job_id)->core_bits[0]),
				 1);
		assert_true(bit_test(state_job(st, res.job_id)->core_bits[0], 2));
	}
	state_free(st);
}

/* A job-wide --gpus with --cpus-per-gpu beside three busy CPUs of node1
 * (figures from slurmctld 22.05): a node serves only the GPUs its free
 * CPUs pay for, yet the GPUs are dealt as ever and its CPUs count for
 * the job: --gpus=3 --cpus-per-gpu=1 holds 2 GPUs and 1 CPU on node1, 1
 * GPU and 2 CPUs on node2; --gpus=2 runs on node2 alone; --gpus=4
 * waits. */
static void test_gpus_cpus_per_gpu_busy(void **unused)
{
	struct state *st = gres_cluster(NULL);
	struct job_req r;
	const struct job *j;
	uint32_t busy, a;

	memset(&r, 0, sizeof(r));
	r.req_nodes = "node1";
	r.num_tasks = 3;
	busy = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	assert_int_equal(st->nodes[0].alloc_cpus, 3);

	memset(&r, 0, sizeof(r));
	r.tres_per_job = "gres:gpu:3";
	r.cpus_per_gpu = 1;
	r.min_nodes = 1;
	r.max_nodes = STATE_INFINITE;
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	j = state_job(st, a);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_int_equal(job_gpu_mask(j, 0), 0x3);
	assert_int_equal(job_gpu_mask(j, 1), 0x1);
	assert_int_equal(job_cpus_at(j, 0), 1);
	assert_int_equal(job_cpus_at(j, 1), 2);
	assert_int_equal(j->alloc_cpus, 3);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);

	r.tres_per_job = "gres:gpu:2";
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	j = state_job(st, a);
	assert_string_equal(j->nodes, "node2");
	assert_int_equal(j->alloc_cpus, 2);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);

	r.tres_per_job = "gres:gpu:4";
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 0);
	assert_int_equal(state_job(st, a)->state, JOB_ST_PENDING);
	assert_int_equal(apply_rc(st, cmd_job_end(busy, 0, T0 + 3)), 0);
	assert_int_equal(cycle(st), 1);
	assert_int_equal(state_job(st, a)->alloc_cpus, 4);
	state_free(st);
}

/* An --exclusive job with GPUs a node (--gres=gpu:1, --gpus-per-node=1)
 * or a task holds all the GPUs of its nodes, as slurmctld gives them
 * (JOB_GRES=gpu:4, GRES=gpu:2(IDX:0-1) on both of -N2), and gives them
 * all back; with --cpus-per-gpu a node needs the CPUs of all of them. */
static void test_gpus_exclusive_whole_nodes(void **unused)
{
	struct state *st = gres_cluster(NULL);
	struct job_req r;
	const struct job *j;
	uint32_t a, b;

	memset(&r, 0, sizeof(r));
	r.gpus_per_node = 1;
	r.tres_per_node = "gres:gpu:1";
	r.min_nodes = r.max_nodes = 2;
	r.num_tasks = 2;
	r.exclusive = true;
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	j = state_job(st, a);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_int_equal(job_gpu_mask(j, 0), 0x3);
	assert_int_equal(job_gpu_mask(j, 1), 0x3);
	assert_int_equal(job_gpus_held(j), 4);
	assert_int_equal(gpu_popcount(st->nodes[1].gpu_used), 2);
	/* a GPU job beside it waits: no GPU is left */
	memset(&r, 0, sizeof(r));
	r.gpus_per_node = 1;
	r.tres_per_node = "gres:gpu:1";
	b = submit_req(st, &r);
	assert_int_equal(cycle(st), 0);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);
	assert_int_equal(st->nodes[0].gpu_used, 0);
	assert_int_equal(st->nodes[1].gpu_used, 0);
	assert_int_equal(cycle(st), 1);
	assert_int_equal(job_gpu_mask(state_job(st, b), 0), 0x1);
	assert_int_equal(apply_rc(st, cmd_job_end(b, 0, T0 + 3)), 0);

	/* --exclusive -n3 --gpus-per-task=1: two nodes, both GPUs of each */
	memset(&r, 0, sizeof(r));
	r.gpus_per_task = 1;
	r.tres_per_task = "gres:gpu:1";
	r.num_tasks = 3;
	r.min_nodes = 1;
	r.max_nodes = 3;
	r.exclusive = true;
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	j = state_job(st, a);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_int_equal(job_gpus_held(j), 4);
	assert_int_equal(j->alloc_cpus, 8);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 4)), 0);

	/* --cpus-per-gpu: 2 GPUs x 3 CPUs do not fit a 4-CPU node */
	{
		struct job jb;

		memset(&jb, 0, sizeof(jb));
		jb.partition = "debug";
		jb.min_nodes = jb.max_nodes = 1;
		jb.num_tasks = jb.cpus_per_task = 1;
		jb.gpus_per_node = 1;
		jb.tres_per_node = "gres:gpu:1";
		jb.cpus_per_gpu = 3;
		assert_int_equal(sched_job_possible(st, &jb), 0);
		jb.exclusive = true;
		assert_int_equal(sched_job_possible(st, &jb), -1);
		jb.cpus_per_gpu = 2;
		assert_int_equal(sched_job_possible(st, &jb), 0);
		jb.gpus_per_node = 0;
		jb.tres_per_node = NULL;
		jb.tres_per_job = "gres:gpu:1";
		jb.cpus_per_gpu = 3;
		assert_int_equal(sched_job_possible(st, &jb), -1);
	}
	state_free(st);
}

/* The start of a job-wide --gpus job: the counts it gives are checked
 * against what is free and must be one a node; a start without them
 * (written before them) deals the GPUs the same way from what is free;
 * an --exclusive one holds all the GPUs of its nodes. */
static void test_gpus_per_job_start(void **unused)
{
	struct state *st = gres_cluster(NULL);
	static const uint32_t idx[2] = { 0, 1 };
	static const uint32_t three[2] = { 2, 1 }, too_many[2] = { 3, 1 };
	struct job_req r;
	uint32_t a;

	memset(&r, 0, sizeof(r));
	r.tres_per_job = "gres:gpu:3";
	r.min_nodes = r.max_nodes = 2;
	r.num_tasks = 2;
	a = submit_req(st, &r);
	{
		/* a count array shorter than the nodes */
		buf_t *b = cmd_start_spread(a, idx, 2, 1, 0, START_GPUS_GIVEN,
					    T0 + 1);

		pack32_array(b, three, 1);
		assert_int_equal(apply_rc(st, b), STATE_EINVAL);
	}
	assert_int_equal(apply_rc(st, cmd_start_given(a, idx, 2, 1, NULL,
						      too_many, 0, 0, T0 + 1)),
			 STATE_EBUSY);
	assert_int_equal(state_job(st, a)->state, JOB_ST_PENDING);
	assert_int_equal(apply_rc(st, cmd_start(a, idx, 2, 1, 0, T0 + 1)), 0);
	assert_int_equal(job_gpu_mask(state_job(st, a), 0), 0x3);
	assert_int_equal(job_gpu_mask(state_job(st, a), 1), 0x1);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);

	/* --exclusive -N2 --gpus=3: whole nodes, all four GPUs (slurmctld:
	 * JOB_GRES=gpu:4, GRES=gpu:2(IDX:0-1) on both) */
	r.exclusive = true;
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	assert_string_equal(state_job(st, a)->nodes, "node[1-2]");
	assert_int_equal(job_gpu_mask(state_job(st, a), 0), 0x3);
	assert_int_equal(job_gpu_mask(state_job(st, a), 1), 0x3);
	assert_int_equal(job_gpus_held(state_job(st, a)), 4);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);

	/* -c2 --gpus=3 without -n: a task of two CPUs on each node (as
	 * slurmctld's -n2 -c2 --gpus=3: CPU_IDs=0-1 on both) */
	{
		struct job_spec sp = fixture_job("c2");
		struct state_result res;
		const struct job *j;

		sp.tres_per_job = "gres:gpu:3";
		sp.min_nodes = 1;
		sp.max_nodes = STATE_INFINITE;
		sp.num_tasks = 1;
		sp.cpus_per_task = 2;
		sp.time_limit = STATE_NO_VAL;
		submit_spec(st, &sp, &res);
		assert_int_equal(res.rc, 0);
		assert_int_equal(cycle(st), 1);
		j = state_job(st, res.job_id);
		assert_string_equal(j->nodes, "node[1-2]");
		assert_int_equal(j->num_tasks, 2);
		assert_int_equal(j->alloc_cpus, 4);
		assert_int_equal(job_cpus_at(j, 0), 2);
		assert_int_equal(job_cpus_at(j, 1), 2);
		assert_int_equal(st->nodes[1].alloc_cpus, 2);
		assert_int_equal(job_gpu_mask(j, 1), 0x1);
	}
	state_free(st);
}

/* A cycle as the controller runs it: a --gpus-per-task job starts by
 * CMD_START_SPREAD, its nodes' GPUs and CPUs by their tasks. */
static uint32_t cycle_spread(struct state *st)
{
	struct sched_result r;
	uint32_t n;

	sched_cycle(st, T0 + 1, 0, &r);
	for (uint32_t i = 0; i < r.nstarts; i++) {
		struct sched_decision *d = &r.starts[i];
		const struct job *j = state_job(st, d->job_id);

		if (j->gpus_per_task)
			assert_true(d->cpus_by_task);
		assert_int_equal(apply_rc(st, start_cmd(st, d)), 0);
	}
	n = r.nstarts;
	sched_result_free(&r);
	return n;
}

/* -N2 -n3 --gpus-per-task=1 needs two GPUs and two CPUs on its first
 * node and one of each on its second (as slurmctld lays out the tasks):
 * it starts while the second node has only one of each free, holds
 * cpu=3, and leaves the rest to others. */
static void test_gpus_per_task_shares(void **unused)
{
	struct state *st = gres_cluster(NULL);
	struct job_req r;
	uint32_t busy, a, c, x;
	const struct job *j;

	/* node2: three CPUs and one GPU taken, for 30 minutes */
	memset(&r, 0, sizeof(r));
	r.gpus_per_node = 1;
	r.num_tasks = 3;
	r.req_nodes = "node2";
	busy = submit_req_limit(st, &r, 30);
	assert_int_equal(cycle_spread(st), 1);
	assert_string_equal(state_job(st, busy)->nodes, "node2");
	assert_int_equal(st->nodes[1].alloc_cpus, 3);

	memset(&r, 0, sizeof(r));
	r.gpus_per_task = 1;
	r.tres_per_task = "gres:gpu:1";
	r.num_tasks = 3;
	r.min_nodes = r.max_nodes = 2;
	a = submit_req_limit(st, &r, 10);
	assert_int_equal(cycle_spread(st), 1);
	j = state_job(st, a);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_true(j->cpus_by_task);
	assert_int_equal(j->alloc_cpus, 3);
	assert_int_equal(job_cpus_at(j, 0), 2);
	assert_int_equal(job_cpus_at(j, 1), 1);
	assert_int_equal(job_gpu_mask(j, 0), 0x3);
	assert_int_equal(job_gpu_mask(j, 1), 0x2);
	assert_int_equal(st->nodes[0].alloc_cpus, 2);
	assert_int_equal(st->nodes[1].alloc_cpus, 4);

	/* node1's two other CPUs are free for a CPU-only job */
	memset(&r, 0, sizeof(r));
	r.num_tasks = 2;
	r.req_nodes = "node1";
	c = submit_req(st, &r);
	assert_int_equal(cycle_spread(st), 1);
	assert_string_equal(state_job(st, c)->nodes, "node1");
	assert_int_equal(st->nodes[0].alloc_cpus, 4);

	/* two CPUs of node2: the end of the 10-minute job gives back only
	 * the one it holds there, so the estimate is the 30-minute one's */
	memset(&r, 0, sizeof(r));
	r.num_tasks = 2;
	r.req_nodes = "node2";
	x = submit_req_limit(st, &r, 5);
	assert_int_equal(cycle_spread(st), 0);
	assert_int_equal(state_job(st, x)->est_start, T0 + 1 + 30 * 60);

	/* its end gives back what it held on each node */
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);
	assert_int_equal(st->nodes[0].alloc_cpus, 2);
	assert_int_equal(st->nodes[1].alloc_cpus, 3);
	assert_int_equal(st->nodes[1].gpu_used, 0x1);
	assert_string_equal(reason(st, x), "Resources");
	state_free(st);
}

/* A reload that reorders the nodes moves each job's GPU indexes with
 * its nodes. */
static void test_gpus_follow_reorder(void **unused)
{
	struct state *st = gres_cluster(NULL);
	struct job_req r;
	uint32_t a, b;
	long n1, n2;

	memset(&r, 0, sizeof(r));
	r.gpus_per_node = 1;
	r.req_nodes = "node2";
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	r.req_nodes = "node[1-2]";
	r.min_nodes = r.max_nodes = 2;
	r.num_tasks = 2;
	b = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	assert_int_equal(job_gpu_mask(state_job(st, b), 0), 0x1);
	assert_int_equal(job_gpu_mask(state_job(st, b), 1), 0x2);
	{
		struct part_spec p = fixture_part_debug();
		static const char *const names[4] = { "node2", "node1",
						      "node3", "node4" };
		static const char *const gres[4] = { "gpu:2", "gpu:tesla:2",
						     NULL, NULL };
		struct node_spec n[4];

		memset(n, 0, sizeof(n));
		for (int i = 0; i < 4; i++) {
			n[i].name = (char *)names[i];
			n[i].cpus = 4;
			n[i].memory_mb = 1000;
			n[i].weight = 1;
			n[i].gres = (char *)gres[i];
		}
		assert_int_equal(apply_rc(st, cmd_config(n, 4, &p, 1,
							 &st->params, T0 + 3)), 0);
	}
	n1 = state_node_index(st, "node1");
	n2 = state_node_index(st, "node2");
	assert_int_equal(n2, 0);
	assert_int_equal(job_gpu_mask(state_job(st, b), (uint32_t)n1), 0x1);
	assert_int_equal(job_gpu_mask(state_job(st, b), (uint32_t)n2), 0x2);
	assert_int_equal(job_gpu_mask(state_job(st, a), (uint32_t)n2), 0x1);
	assert_int_equal(st->nodes[n2].gpu_used, 0x3);
	assert_int_equal(st->nodes[n1].gpu_used, 0x1);
	state_free(st);
}

/* node[1-4] of CPUS CPUs each, all in debug. */
static struct state *cpus_cluster(uint32_t cpus)
{
	struct state *st = state_new();
	struct part_spec p = fixture_part_debug();
	struct node_spec n[4];
	static const char *const names[4] = { "node1", "node2", "node3", "node4" };
	struct state_params prm = {
		.min_job_age = 300, .kill_wait = 30, .slurmd_timeout = 60,
		.return_to_service = 1, .first_job_id = 1,
		.max_job_id = 1000000,
	};

	memset(n, 0, sizeof(n));
	for (int i = 0; i < 4; i++) {
		n[i].name = (char *)names[i];
		n[i].cpus = cpus;
		n[i].memory_mb = 1000;
		n[i].weight = 1;
	}
	assert_int_equal(apply_rc(st, cmd_config(n, 4, &p, 1, &prm, T0)), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(apply_rc(st, cmd_node_up(names[i], cpus, 1000,
							  T0, T0)), 0);
	return st;
}

/* A job of TASKS tasks of CPT CPUs on MIN_NODES to MAX_NODES nodes
 * (sbatch without -N asks up to one node a task), at least MINCPUS CPUs
 * on each (--mincpus); its decision in D (node_idx to free), or false
 * when it waits. */
static bool decide_min(struct state *st, uint32_t min_nodes,
		       uint32_t max_nodes, uint32_t tasks, uint32_t cpt,
		       uint32_t mincpus, uint32_t *id,
		       struct sched_decision *d)
{
	struct job_spec s = fixture_job("cpus");
	struct state_result res;
	struct sched_result r;
	bool found = false;

	s.min_nodes = min_nodes;
	s.max_nodes = max_nodes;
	s.num_tasks = tasks;
	s.cpus_per_task = cpt;
	s.pn_min_cpus = mincpus > cpt ? mincpus : cpt;
	s.time_limit = STATE_NO_VAL;
	submit_spec(st, &s, &res);
	assert_int_equal(res.rc, 0);
	*id = res.job_id;
	sched_cycle(st, T0 + 1, 0, &r);
	for (uint32_t i = 0; i < r.nstarts; i++) {
		if (r.starts[i].job_id != *id)
			continue;
		*d = r.starts[i];
		r.starts[i].node_idx = NULL;
		r.starts[i].node_cpus = NULL;
		found = true;
		assert_int_equal(apply_rc(st, start_cmd(st, d)), 0);
	}
	sched_result_free(&r);
	return found;
}

static bool decide(struct state *st, uint32_t min_nodes, uint32_t max_nodes,
		   uint32_t tasks, uint32_t cpt, uint32_t *id,
		   struct sched_decision *d)
{
	return decide_min(st, min_nodes, max_nodes, tasks, cpt, 0, id, d);
}

/* Without GPUs too, a job over several nodes holds the CPUs of the tasks
 * each node gets, as slurmctld gives them: -N2 -n3 on 2-CPU nodes two
 * CPUs on the first node and one on the second (NumCPUs=3), by
 * CMD_START_SPREAD; tasks that share out evenly start by a plain
 * CMD_START; --exclusive still takes whole nodes. */
static void test_cpus_follow_tasks(void **unused)
{
	struct state *st = cpus_cluster(2), *copy;
	struct sched_decision d;
	const struct job *j;
	uint32_t a, b, c, x;
	buf_t *snap;

	/* -N2 -n3 */
	assert_true(decide(st, 2, 2, 3, 1, &a, &d));
	assert_true(d.cpus_by_task);
	assert_int_equal(d.count, 2);
	assert_int_equal(d.cpus_per_node, 2);
	sched_decision_free(&d);
	j = state_job(st, a);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_true(j->cpus_by_task);
	assert_int_equal(j->alloc_cpus, 3);
	assert_int_equal(job_cpus_at(j, 0), 2);
	assert_int_equal(job_cpus_at(j, 1), 1);
	assert_int_equal(st->nodes[0].alloc_cpus, 2);
	assert_int_equal(st->nodes[1].alloc_cpus, 1);

	/* -N2 -n2: one CPU on each, node2's last one and node3 */
	assert_true(decide(st, 2, 2, 2, 1, &b, &d));
	assert_false(d.cpus_by_task);
	assert_int_equal(d.cpus_per_node, 1);
	sched_decision_free(&d);
	j = state_job(st, b);
	assert_string_equal(j->nodes, "node[2-3]");
	assert_int_equal(j->alloc_cpus, 2);
	assert_int_equal(st->nodes[1].alloc_cpus, 2);

	/* a restart keeps what each node holds */
	snap = state_snapshot(st);
	copy = state_new();
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	buf_free(snap);
	assert_true(state_job(copy, a)->cpus_by_task);
	assert_int_equal(job_cpus_at(state_job(copy, a), 1), 1);
	assert_false(state_job(copy, b)->cpus_by_task);
	assert_int_equal(copy->nodes[0].alloc_cpus, 2);
	assert_int_equal(copy->nodes[1].alloc_cpus, 2);
	state_free(copy);

	/* its end gives back what it held on each node */
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);
	assert_int_equal(apply_rc(st, cmd_job_end(b, 0, T0 + 2)), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(st->nodes[i].alloc_cpus, 0);

	/* -n3 without -N: as few nodes as hold the tasks, 2 and 1 */
	assert_true(decide(st, 1, 3, 3, 1, &c, &d));
	assert_true(d.cpus_by_task);
	sched_decision_free(&d);
	j = state_job(st, c);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_int_equal(j->alloc_cpus, 3);
	assert_int_equal(job_cpus_at(j, 1), 1);
	assert_int_equal(apply_rc(st, cmd_job_end(c, 0, T0 + 2)), 0);
	state_free(st);

	/* -N2 -n3 -c2 on 4-CPU nodes: whole tasks, four CPUs and two */
	st = cpus_cluster(4);
	assert_true(decide(st, 2, 2, 3, 2, &x, &d));
	sched_decision_free(&d);
	j = state_job(st, x);
	assert_int_equal(j->alloc_cpus, 6);
	assert_int_equal(job_cpus_at(j, 0), 4);
	assert_int_equal(job_cpus_at(j, 1), 2);
	assert_int_equal(apply_rc(st, cmd_job_end(x, 0, T0 + 2)), 0);

	/* -N2 -n3 --ntasks-per-node=2: four tasks once started, two
	 * CPUs on each node, as slurmctld */
	{
		struct job_spec s = job(2, 3);
		struct state_result res;

		s.ntasks_per_node = 2;
		submit_spec(st, &s, &res);
		assert_int_equal(res.rc, 0);
		assert_int_equal(cycle(st), 1);
		j = state_job(st, res.job_id);
		assert_int_equal(j->num_tasks, 4);
		assert_int_equal(j->alloc_cpus, 4);
		assert_int_equal(job_cpus_at(j, 1), 2);
		assert_int_equal(apply_rc(st, cmd_job_end(res.job_id, 0,
							  T0 + 2)), 0);
	}

	/* --exclusive: whole nodes whatever the tasks */
	{
		struct job_spec s = fixture_job("excl");
		struct state_result res;

		s.min_nodes = s.max_nodes = 2;
		s.num_tasks = 3;
		s.exclusive = true;
		s.time_limit = STATE_NO_VAL;
		submit_spec(st, &s, &res);
		assert_int_equal(res.rc, 0);
		assert_int_equal(cycle(st), 1);
		j = state_job(st, res.job_id);
		assert_false(j->cpus_by_task);
		assert_int_equal(j->alloc_cpus, 8);
	}
	state_free(st);
}

/* A job (-w NODE -n TASKS) that keeps TASKS CPUs of NODE busy. */
static void busy(struct state *st, const char *node, uint32_t tasks)
{
	struct job_spec s = fixture_job("busy");
	struct state_result res;

	s.num_tasks = tasks;
	s.req_nodes = (char *)node;
	s.time_limit = STATE_NO_VAL;
	submit_spec(st, &s, &res);
	assert_int_equal(res.rc, 0);
	assert_int_equal(cycle(st), 1);
	assert_string_equal(state_job(st, res.job_id)->nodes, node);
}

/* As slurmctld's cons_tres fills a job's nodes: in node order each takes
 * as many tasks as its free CPUs hold, leaving one for each node after
 * it. -N2 -n5 on 4-CPU nodes: 4 and 1 (dealt in turn it would be 3 and
 * 2), by a start that gives each node's CPUs; with node1 holding one
 * busy CPU of two, -N2 -n3 takes 1 and 2 at once (dealt, node1 could not
 * take its 2); what was free then is in the log, so a replay or a
 * snapshot gives the same. */
static void test_cpus_fill_free(void **unused)
{
	struct state *st = cpus_cluster(4), *copy;
	struct sched_decision d;
	const struct job *j;
	uint32_t a, b;
	buf_t *snap;

	assert_true(decide(st, 2, 2, 5, 1, &a, &d));
	assert_non_null(d.node_cpus);
	assert_int_equal(d.node_cpus[0], 4);
	assert_int_equal(d.node_cpus[1], 1);
	assert_int_equal(d.cpus_per_node, 4);
	sched_decision_free(&d);
	j = state_job(st, a);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_int_equal(j->alloc_cpus, 5);
	assert_int_equal(job_cpus_at(j, 0), 4);
	assert_int_equal(job_cpus_at(j, 1), 1);
	assert_int_equal(st->nodes[0].alloc_cpus, 4);
	assert_int_equal(st->nodes[1].alloc_cpus, 1);

	/* -N2 -n6 with node2 holding 3 of 4 free: node1 gets none to
	 * spare (4 busy), so node2 (3), node3 (3): 3 and 3 */
	assert_true(decide(st, 2, 2, 6, 1, &b, &d));
	sched_decision_free(&d);
	j = state_job(st, b);
	assert_string_equal(j->nodes, "node[2-3]");
	assert_int_equal(job_cpus_at(j, 0), 3);
	assert_int_equal(job_cpus_at(j, 1), 3);

	snap = state_snapshot(st);
	copy = state_new();
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	buf_free(snap);
	assert_int_equal(job_cpus_at(state_job(copy, a), 0), 4);
	assert_int_equal(job_cpus_at(state_job(copy, a), 1), 1);
	for (int i = 0; i < 4; i++)
		assert_int_equal(copy->nodes[i].alloc_cpus,
				 st->nodes[i].alloc_cpus);
	state_free(copy);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);
	assert_int_equal(apply_rc(st, cmd_job_end(b, 0, T0 + 2)), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(st->nodes[i].alloc_cpus, 0);
	state_free(st);

	/* 2-CPU nodes, node1 one CPU busy: -N2 -n3 takes 1 and 2 */
	st = cpus_cluster(2);
	busy(st, "node1", 1);
	assert_true(decide(st, 2, 2, 3, 1, &a, &d));
	sched_decision_free(&d);
	j = state_job(st, a);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_int_equal(job_cpus_at(j, 0), 1);
	assert_int_equal(job_cpus_at(j, 1), 2);
	assert_int_equal(st->nodes[0].alloc_cpus, 2);
	assert_int_equal(st->nodes[1].alloc_cpus, 2);
	state_free(st);

	/* more that slurmctld gave on 4-CPU nodes: after -w node1 -n3,
	 * -N2 -n3 takes 1 and 2; after -w node1 -n2, -N2 -n5 2 and 3;
	 * -N2 -n6 4 and 2; after -w node2 -n3, -N2 -n4 3 and 1 */
	{
		static const struct {
			const char *busy_node;
			uint32_t busy_tasks, tasks, first, second;
		} cases[] = {
			{ "node1", 3, 3, 1, 2 },
			{ "node1", 2, 5, 2, 3 },
			{ NULL, 0, 6, 4, 2 },
			{ "node2", 3, 4, 3, 1 },
		};

		for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
			st = cpus_cluster(4);
			if (cases[c].busy_node)
				busy(st, cases[c].busy_node,
				     cases[c].busy_tasks);
			assert_true(decide(st, 2, 2, cases[c].tasks, 1, &a,
					   &d));
			sched_decision_free(&d);
			j = state_job(st, a);
			assert_string_equal(j->nodes, "node[1-2]");
			assert_int_equal(job_cpus_at(j, 0), cases[c].first);
			assert_int_equal(job_cpus_at(j, 1), cases[c].second);
			state_free(st);
		}
	}

	/* the same with -n3 and no -N */
	st = cpus_cluster(2);
	busy(st, "node1", 1);
	assert_true(decide(st, 1, 3, 3, 1, &a, &d));
	sched_decision_free(&d);
	j = state_job(st, a);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_int_equal(job_cpus_at(j, 0), 1);
	assert_int_equal(job_cpus_at(j, 1), 2);
	state_free(st);
}

/* --mincpus above a task's CPUs, and -c2 beside a busy CPU, as
 * slurmctld 22.05 (cons_tres, CR_Core) gave them on 4-CPU nodes: each
 * node offers its free CPUs cut to what the later nodes leave it (never
 * below --mincpus), and the larger of the tasks' CPUs and --mincpus on
 * each node is dealt over the offers. The figures are the real
 * slurmctld's (scontrol show job -d CPU_IDs). */
static void test_cpus_mincpus(void **unused)
{
	static const struct {
		const char *busy_node;   /* -w NODE -n BUSY first */
		uint32_t busy, min_nodes, max_nodes, tasks, cpt, mincpus;
		uint32_t first, second;
	} cases[] = {
		{ NULL, 0, 2, 2, 3, 1, 2, 2, 2 },       /* -N2 -n3 --mincpus=2 */
		{ NULL, 0, 2, 2, 3, 1, 3, 3, 3 },       /* -N2 -n3 --mincpus=3 */
		{ NULL, 0, 2, 2, 5, 1, 3, 3, 3 },       /* -N2 -n5 --mincpus=3 */
		{ NULL, 0, 1, 5, 5, 1, 3, 3, 3 },       /* -n5 --mincpus=3 */
		{ NULL, 0, 2, 2, 4, 1, 3, 3, 3 },       /* -N2 -n4 --mincpus=3 */
		{ NULL, 0, 2, 2, 2, 2, 3, 3, 2 },       /* -N2 -n2 -c2 --mincpus=3 */
		{ NULL, 0, 2, 2, 3, 2, 3, 4, 2 },       /* -N2 -n3 -c2 --mincpus=3 */
		{ "node1", 1, 2, 2, 3, 1, 2, 2, 2 },    /* -N2 -n3 --mincpus=2 */
		{ "node1", 2, 2, 2, 5, 1, 2, 2, 3 },    /* -N2 -n5 --mincpus=2 */
		{ "node1", 1, 2, 2, 3, 2, 0, 3, 2 },    /* -N2 -n3 -c2 */
		{ "node1", 1, 2, 2, 2, 2, 3, 3, 2 },    /* -N2 -n2 -c2 --mincpus=3 */
		{ "node1", 2, 2, 2, 4, 1, 2, 2, 2 },    /* -N2 -n4 --mincpus=2 */
		{ "node1", 1, 2, 2, 4, 1, 3, 3, 3 },    /* -N2 -n4 --mincpus=3 */
		{ "node1", 2, 1, 5, 5, 1, 2, 2, 3 },    /* -n5 --mincpus=2 */
		{ "node1", 1, 2, 2, 3, 2, 3, 3, 2 },    /* -N2 -n3 -c2 --mincpus=3 */
		{ NULL, 0, 2, 2, 3, 2, 4, 4, 4 },       /* -N2 -n3 -c2 --mincpus=4 */
		{ NULL, 0, 2, 2, 5, 1, 2, 3, 2 },       /* -N2 -n5 --mincpus=2 */
	};

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct state *st = cpus_cluster(4);
		struct sched_decision d;
		const struct job *j;
		uint32_t a, busy_cpus = cases[c].busy;

		if (cases[c].busy_node)
			busy(st, cases[c].busy_node, cases[c].busy);
		assert_true(decide_min(st, cases[c].min_nodes,
				       cases[c].max_nodes, cases[c].tasks,
				       cases[c].cpt, cases[c].mincpus, &a, &d));
		sched_decision_free(&d);
		j = state_job(st, a);
		assert_string_equal(j->nodes, "node[1-2]");
		assert_int_equal(j->num_tasks, cases[c].tasks);
		assert_int_equal(job_cpus_at(j, 0), cases[c].first);
		assert_int_equal(job_cpus_at(j, 1), cases[c].second);
		assert_int_equal(j->alloc_cpus,
				 cases[c].first + cases[c].second);
		assert_int_equal(st->nodes[0].alloc_cpus,
				 busy_cpus + cases[c].first);
		assert_int_equal(st->nodes[1].alloc_cpus, cases[c].second);
		state_free(st);
	}
}

/* --ntasks-per-node caps each node's tasks: -N2 -n7 --ntasks-per-node=3
 * fits no pair of 4-CPU nodes (slurmctld refuses it: Requested node
 * configuration is not available), where -N2 -n4 --ntasks-per-node=3
 * starts with 3 tasks on each. */
static void test_cpus_tasks_per_node_cap(void **unused)
{
	struct state *st = cpus_cluster(4);
	struct job_spec s = fixture_job("tpn");
	struct state_result res;
	const struct job *j;

	s.min_nodes = s.max_nodes = 2;
	s.num_tasks = 7;
	s.ntasks_per_node = 3;
	s.cpus_per_task = 1;
	s.time_limit = STATE_NO_VAL;
	submit_spec(st, &s, &res);
	assert_int_equal(res.rc, 0);
	assert_int_equal(sched_job_possible(st, state_job(st, res.job_id)), -1);
	assert_string_equal(err_msg(),
			    "Requested node configuration is not available");
	assert_int_equal(cycle(st), 0);
	assert_int_equal(state_job(st, res.job_id)->state, JOB_ST_PENDING);

	s.num_tasks = 4;
	submit_spec(st, &s, &res);
	assert_int_equal(res.rc, 0);
	assert_int_equal(sched_job_possible(st, state_job(st, res.job_id)), 0);
	assert_int_equal(cycle(st), 1);
	j = state_job(st, res.job_id);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_int_equal(j->num_tasks, 6);
	assert_int_equal(job_cpus_at(j, 0), 3);
	assert_int_equal(job_cpus_at(j, 1), 3);
	state_free(st);
}

/* --gpus-per-task over nodes of 4 CPUs and 2 GPUs (node1, node2), as
 * slurmctld 22.05 gave them: the tasks fill each node's free CPUs as
 * far as its free GPUs serve them, and each node's GPUs follow its
 * tasks. -N2 -n3 holds 2 and 1 (GPUs 0-1 and 0), -N2 -n3 -c2 4 and 2
 * CPUs; beside a job holding GPU 0 of node1 -N2 -n3 starts at once with
 * one task (GPU 1) there and two on node2, which a snapshot keeps.
 * GPUs per node (-N2 -n4 --gpus=2) leave the CPUs filled as without. */
static void test_gpus_per_task_fill(void **unused)
{
	struct state *st = gres_cluster(NULL), *copy;
	struct job_spec s = fixture_job("gpt");
	struct state_result res;
	struct job_req r;
	const struct job *j;
	uint32_t busy_id, a;
	buf_t *snap;

	s.min_nodes = s.max_nodes = 2;
	s.num_tasks = 3;
	s.cpus_per_task = 2;
	s.pn_min_cpus = 2;
	s.gpus_per_task = 1;
	s.tres_per_task = "gres:gpu:1";
	s.time_limit = STATE_NO_VAL;
	submit_spec(st, &s, &res);
	assert_int_equal(res.rc, 0);
	assert_int_equal(cycle(st), 1);
	j = state_job(st, res.job_id);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_int_equal(job_cpus_at(j, 0), 4);
	assert_int_equal(job_cpus_at(j, 1), 2);
	assert_int_equal(job_gpu_mask(j, 0), 0x3);
	assert_int_equal(job_gpu_mask(j, 1), 0x1);
	assert_int_equal(apply_rc(st, cmd_job_end(res.job_id, 0, T0 + 2)), 0);

	/* a job holding GPU 0 of node1 */
	memset(&r, 0, sizeof(r));
	r.gpus_per_node = 1;
	r.tres_per_node = "gres:gpu:1";
	r.req_nodes = "node1";
	busy_id = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	assert_int_equal(job_gpu_mask(state_job(st, busy_id), 0), 0x1);

	memset(&r, 0, sizeof(r));
	r.gpus_per_task = 1;
	r.tres_per_task = "gres:gpu:1";
	r.num_tasks = 3;
	r.min_nodes = r.max_nodes = 2;
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	j = state_job(st, a);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_int_equal(job_cpus_at(j, 0), 1);
	assert_int_equal(job_cpus_at(j, 1), 2);
	assert_int_equal(j->alloc_cpus, 3);
	assert_int_equal(job_gpu_mask(j, 0), 0x2);
	assert_int_equal(job_gpu_mask(j, 1), 0x3);
	assert_int_equal(job_gpus_held(j), 3);
	assert_int_equal(st->nodes[0].gpu_used, 0x3);
	assert_int_equal(st->nodes[1].gpu_used, 0x3);

	snap = state_snapshot(st);
	copy = state_new();
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	buf_free(snap);
	assert_int_equal(job_cpus_at(state_job(copy, a), 0), 1);
	assert_int_equal(job_gpu_mask(state_job(copy, a), 0), 0x2);
	assert_int_equal(job_gpu_mask(state_job(copy, a), 1), 0x3);
	assert_int_equal(copy->nodes[0].gpu_used, 0x3);
	state_free(copy);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);
	assert_int_equal(st->nodes[0].gpu_used, 0x1);
	assert_int_equal(st->nodes[1].gpu_used, 0);
	assert_int_equal(apply_rc(st, cmd_job_end(busy_id, 0, T0 + 2)), 0);

	/* -N2 -n4 --gpus=2: one GPU on each node, the CPUs filled 3 and 1
	 * as without GPUs */
	memset(&r, 0, sizeof(r));
	r.gpus_per_node = 1;
	r.tres_per_job = "gres:gpu:2";
	r.num_tasks = 4;
	r.min_nodes = r.max_nodes = 2;
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	j = state_job(st, a);
	assert_string_equal(j->nodes, "node[1-2]");
	assert_int_equal(job_cpus_at(j, 0), 3);
	assert_int_equal(job_cpus_at(j, 1), 1);
	assert_int_equal(job_gpu_mask(j, 0), 0x1);
	assert_int_equal(job_gpu_mask(j, 1), 0x1);
	state_free(st);
}

/* --tmp filters nodes by their TmpDisk, as --mem by RealMemory. */
static void test_tmp_filter(void **unused)
{
	struct state *st = gres_cluster(NULL);
	struct job_req r;
	struct job j;
	uint32_t a;

	memset(&r, 0, sizeof(r));
	r.tmp_mb = 500;
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	assert_string_equal(state_job(st, a)->nodes, "node3");
	memset(&j, 0, sizeof(j));
	j.partition = "debug";
	j.min_nodes = j.max_nodes = j.num_tasks = j.cpus_per_task = 1;
	j.tmp_mb = 1000;
	assert_int_equal(sched_job_possible(st, &j), 0);
	j.tmp_mb = 1001;
	assert_int_equal(sched_job_possible(st, &j), -1);
	j.tmp_mb = 50;
	j.min_nodes = j.max_nodes = 4;
	assert_int_equal(sched_job_possible(st, &j), -1);
	state_free(st);
}

/* The CPUs scontrol update NumCPUs= gave a job (its min_cpus), as
 * slurmctld: one task holds them all on its node; the partition is
 * judged by them, not by its tasks times -c. */
static void test_min_cpus(void **unused)
{
	struct state *st = cluster();
	struct job_req r;
	uint32_t a;

	memset(&r, 0, sizeof(r));
	r.min_cpus = 3;
	a = submit_req(st, &r);
	assert_int_equal(cycle(st), 1);
	assert_int_equal(state_job(st, a)->num_tasks, 1);
	assert_int_equal(state_job(st, a)->alloc_cpus, 3);
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 2)), 0);

	/* 8 tasks of 4 CPUs: more than debug's 16, but it keeps 2 */
	r.min_cpus = 2;
	a = submit_req(st, &r);
	state_job(st, a)->num_tasks = 8;
	state_job(st, a)->cpus_per_task = 4;
	assert_int_equal(sched_part_limit(st, state_job(st, a),
					  state_part(st, "debug")),
			 JOB_REASON_NONE);
	state_job(st, a)->min_cpus = 0;
	assert_int_equal(sched_part_limit(st, state_job(st, a),
					  state_part(st, "debug")),
			 JOB_REASON_PART_CONFIG);
	state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fifo_and_reasons),
		cmocka_unit_test(test_reboot_idle_nodes),
		cmocka_unit_test(test_partition_config),
		cmocka_unit_test(test_partition_node_limit),
		cmocka_unit_test(test_features_memory_partition),
		cmocka_unit_test(test_memory_not_counted),
		cmocka_unit_test(test_drain_down_and_impossible),
		cmocka_unit_test(test_unavailable_does_not_block),
		cmocka_unit_test(test_bad_constraints),
		cmocka_unit_test(test_exclusive_partition),
		cmocka_unit_test(test_oversubscribe_force),
		cmocka_unit_test(test_oversubscribe_force_exclusive),
		cmocka_unit_test(test_oversubscribe_two_partitions),
		cmocka_unit_test(test_oversubscribe_yes),
		cmocka_unit_test(test_oversubscribe_estimates),
		cmocka_unit_test(test_partition_list),
		cmocka_unit_test(test_will_run),
		cmocka_unit_test(test_partition_limits),
		cmocka_unit_test(test_partition_states),
		cmocka_unit_test(test_expected_start),
		cmocka_unit_test(test_licenses_counted),
		cmocka_unit_test(test_license_parse),
		cmocka_unit_test(test_gpus_counted),
		cmocka_unit_test(test_gpus_per_task),
		cmocka_unit_test(test_cpus_per_gpu),
		cmocka_unit_test(test_gpus_per_task_shares),
		cmocka_unit_test(test_gpus_follow_reorder),
		cmocka_unit_test(test_gpus_deal),
		cmocka_unit_test(test_gpus_per_job),
		cmocka_unit_test(test_gpu_job_cores),
		cmocka_unit_test(test_gpus_cpus_per_gpu_busy),
		cmocka_unit_test(test_gpus_exclusive_whole_nodes),
		cmocka_unit_test(test_gpus_per_job_start),
		cmocka_unit_test(test_tmp_filter),
		cmocka_unit_test(test_cpus_follow_tasks),
		cmocka_unit_test(test_cpus_fill_free),
		cmocka_unit_test(test_cpus_mincpus),
		cmocka_unit_test(test_cpus_tasks_per_node_cap),
		cmocka_unit_test(test_gpus_per_task_fill),
		cmocka_unit_test(test_mem_limits),
		cmocka_unit_test(test_min_cpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
