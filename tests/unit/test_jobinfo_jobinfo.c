/* test_jobinfo_jobinfo.c - the cache of packed job records: after every
 * kind of change (commands on one job or many, the scheduler's soft
 * fields, the clock passing a --begin, a dependency met, the controller's
 * role, ClusterName, a purge) what the cache gives is byte for byte what
 * packing the job afresh gives, whatever the show_flags; unchanged
 * records are copied, changed ones packed again. And the "no change"
 * rule and the records that change by the clock alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/bitstr.h"
#include "jobinfo/jobinfo.h"
#include "sched/sched.h"
#include "slurm/msg_job.h"
#include "slurm/slurm_defs.h"
#include "state/state.h"
#include "slurm/version.h"
#include "state_fixture.h"

#define T0 1700000000

struct fx {
	struct state *st;
	struct jobinfo_cache *jc;
	struct jobinfo_ctx x;
	uint32_t checks;
};

/* Apply B and tell the cache what changed, as the controller does. */
static int apply(struct fx *f, buf_t *b, uint32_t *id)
{
	struct state_result res;
	uint32_t job;
	uint16_t type = 0;
	buf_t v;

	state_apply(f->st, b->data, buf_len(b), &res);
	job = state_cmd_job(b->data, buf_len(b), &res);
	buf_init_view(&v, b->data, buf_len(b));
	if (!job && unpack16(&v, &type) == 0 && type == CMD_PURGE)
		jobinfo_cache_prune(f->jc, f->st);
	else
		jobinfo_cache_changed(f->jc, job);
	buf_free(b);
	if (id)
		*id = res.job_id;
	return res.rc;
}

static uint32_t submit(struct fx *f, struct job_spec *s)
{
	uint32_t id = 0;

	s->script = "#!/bin/sh\ntrue\n";
	assert_int_equal(apply(f, cmd_submit(s, f->x.now), &id), STATE_EOK);
	return id;
}

/* Every job's record from the cache equals a fresh one, with each of a
 * few show_flags, in each protocol version with a job record table,
 * twice (the second from the cache where it may): a record kept for one
 * version is never handed to a client of another. */
static void check_all(struct fx *f)
{
	static const uint16_t flags[] = {
		0, SHOW_ALL | SHOW_DETAIL, SHOW_LOCAL, SHOW_DETAIL,
	};
	static const uint16_t vers[] = {
		0, SLURM_23_02_PROTOCOL_VERSION, SLURM_22_05_PROTOCOL_VERSION,
	};

	for (int round = 0; round < 2; round++)
		for (size_t k = 0; k < sizeof(flags) / sizeof(*flags); k++)
			for (uint32_t i = 0; i < f->st->njobs; i++)
			for (size_t v = 0; v < sizeof(vers) / sizeof(*vers); v++) {
				const struct job *j = f->st->jobs[i];
				buf_t *a = buf_new(256), *b = buf_new(256);

				a->proto = b->proto = vers[v];
				jobinfo_pack(&f->x, j, flags[k], a);
				jobinfo_cache_pack(f->jc, &f->x, j, flags[k], b);
				if (buf_len(a) != buf_len(b) ||
				    memcmp(a->data, b->data, buf_len(a)))
					fail_msg("job %u (state %d) flags 0x%x: "
						 "cached record differs from "
						 "a fresh one", j->id,
						 (int)j->state, flags[k]);
				buf_free(a);
				buf_free(b);
				f->checks++;
			}
}

static void cycle(struct fx *f)
{
	struct sched_result r;

	sched_cycle(f->st, f->x.now, 0, &r);
	for (uint32_t i = 0; i < r.nstarts; i++) {
		const struct sched_decision *d = &r.starts[i];

		assert_int_equal(apply(f, cmd_start(d->job_id, d->node_idx,
						    d->count, d->cpus_per_node,
						    d->mem_per_node, f->x.now),
				       NULL), STATE_EOK);
	}
	sched_result_free(&r);
}

static void fx_init(struct fx *f)
{
	struct part_spec p[2] = { fixture_part_debug(), fixture_part_debug() };

	p[1].name = "other";
	p[1].is_default = false;
	memset(f, 0, sizeof(*f));
	f->st = fixture_cluster(p, 2, NULL, 1000000, T0);
	f->jc = jobinfo_cache_new();
	f->x.st = f->st;
	f->x.cluster = "alpha";
	f->x.leader = true;
	f->x.now = T0 + 10;
}

static void fx_done(struct fx *f)
{
	jobinfo_cache_free(f->jc);
	state_free(f->st);
}

static void test_identical_after_changes(void **unused)
{
	struct fx f;
	struct job_spec s;
	struct job_update u;
	uint32_t big[6], held, later, dep, first, arr;
	uint32_t tasks[] = { 0, 1, 2, 3 };
	char depbuf[32];
	char *cluster;

	fx_init(&f);
	/* more work than the four nodes take: some wait with estimates */
	for (int i = 0; i < 6; i++) {
		s = fixture_job("big");
		s.num_tasks = 4;
		s.min_nodes = s.max_nodes = 1;
		s.cpus_per_task = 1;
		s.time_limit = 60;
		s.comment = i % 2 ? "odd" : NULL;
		big[i] = submit(&f, &s);
	}
	s = fixture_job("held");
	s.priority = 0;
	held = submit(&f, &s);
	s = fixture_job("later");
	s.begin_time = f.x.now + 120;
	later = submit(&f, &s);
	first = big[0];
	snprintf(depbuf, sizeof(depbuf), "afterok:%u", first);
	s = fixture_job("dep");
	s.dependency = depbuf;
	dep = submit(&f, &s);
	s = fixture_job("arr");
	s.script = "#!/bin/sh\ntrue\n";
	assert_int_equal(apply(&f, cmd_array_submit(&s, tasks, 4, 2, f.x.now),
			       &arr), STATE_EOK);
	check_all(&f);

	/* the scheduler starts some and sets reasons and estimates on the
	 * rest, with no command for those */
	cycle(&f);
	check_all(&f);
	f.x.now += 5;
	cycle(&f);
	check_all(&f);

	/* one job's fields */
	memset(&u, 0, sizeof(u));
	u.job_id = big[5];
	u.fields = JOB_UPD_NAME | JOB_UPD_COMMENT | JOB_UPD_TIME_LIMIT |
		   JOB_UPD_PARTITION | JOB_UPD_NICE;
	u.name = "renamed";
	u.comment = "a comment";
	u.time_limit = 30;
	u.partition = "other";
	u.nice = 50;
	assert_int_equal(apply(&f, cmd_job_update(&u, f.x.now), NULL),
			 STATE_EOK);
	check_all(&f);
	assert_int_equal(apply(&f, cmd_hold(held, false, false, f.x.now), NULL),
			 STATE_EOK);
	check_all(&f);
	assert_int_equal(apply(&f, cmd_hold(big[4], true, true, f.x.now), NULL),
			 STATE_EOK);
	check_all(&f);

	/* running jobs end in each way, and one is suspended */
	f.x.now += 5;
	assert_int_equal(apply(&f, cmd_job_suspend(big[1], true, f.x.now), NULL),
			 STATE_EOK);
	check_all(&f);
	f.x.now += 5;
	assert_int_equal(apply(&f, cmd_job_suspend(big[1], false, f.x.now), NULL),
			 STATE_EOK);
	check_all(&f);
	assert_int_equal(apply(&f, cmd_job_end(first, 0, f.x.now), NULL),
			 STATE_EOK);   /* dep's afterok is met */
	check_all(&f);
	assert_int_equal(apply(&f, cmd_timeout(big[2], f.x.now), NULL),
			 STATE_EOK);
	check_all(&f);
	assert_int_equal(apply(&f, cmd_cancel(big[3], 0, f.x.now), NULL),
			 STATE_EOK);
	check_all(&f);
	assert_int_equal(apply(&f, cmd_job_requeue(big[1], false, 0, f.x.now),
			       NULL), STATE_EOK);
	check_all(&f);
	cycle(&f);
	check_all(&f);

	/* the clock passes the --begin of "later" without a command */
	f.x.now += 200;
	check_all(&f);
	cycle(&f);
	check_all(&f);

	/* what is not the job's: a node drained (a command for no one
	 * job), the controller's role, ClusterName */
	{
		struct node_update nu = { .names = "node4",
			.op = NODE_UPD_DRAIN, .reason = "test", .uid = 0 };

		assert_int_equal(apply(&f, cmd_node_update(&nu, f.x.now), NULL),
				 STATE_EOK);
	}
	check_all(&f);
	f.x.leader = false;
	check_all(&f);
	f.x.leader = true;
	cluster = strdup("beta");
	f.x.cluster = cluster;
	check_all(&f);

	/* the array: a task cancelled on its own, then the rest */
	{
		uint32_t one = 1;

		assert_int_equal(apply(&f, cmd_array_cancel(arr, &one, 1, 0,
							    f.x.now), NULL),
				 STATE_EOK);
	}
	check_all(&f);

	/* the finished jobs are purged; what remains is unchanged */
	f.x.now += 400;
	assert_int_equal(apply(&f, cmd_purge(f.x.now), NULL), STATE_EOK);
	check_all(&f);
	assert_null(state_job(f.st, first));
	(void)later;
	(void)dep;
	assert_true(f.checks > 500);
	free(cluster);
	fx_done(&f);
}

/* Unchanged records are copied; the one that changed is packed again. */
static void test_copies_until_changed(void **unused)
{
	struct fx f;
	struct job_spec s;
	struct jobinfo_cache_stats a, b;
	struct job_update u;
	uint32_t ids[20];
	buf_t *out;

	fx_init(&f);
	for (int i = 0; i < 20; i++) {
		s = fixture_job("j");
		s.priority = 0;   /* held: no scheduler fields */
		ids[i] = submit(&f, &s);
	}
	out = buf_new(4096);
	for (uint32_t i = 0; i < f.st->njobs; i++)
		jobinfo_cache_pack(f.jc, &f.x, f.st->jobs[i], 0, out);
	jobinfo_cache_stats(f.jc, &a);
	assert_int_equal(a.misses, 20);
	assert_int_equal(a.hits, 0);
	assert_int_equal(a.records, 20);

	memset(&u, 0, sizeof(u));
	u.job_id = ids[7];
	u.fields = JOB_UPD_NAME;
	u.name = "changed";
	assert_int_equal(apply(&f, cmd_job_update(&u, f.x.now), NULL),
			 STATE_EOK);
	for (uint32_t i = 0; i < f.st->njobs; i++)
		jobinfo_cache_pack(f.jc, &f.x, f.st->jobs[i], SHOW_DETAIL, out);
	jobinfo_cache_stats(f.jc, &b);
	assert_int_equal(b.hits - a.hits, 19);
	assert_int_equal(b.misses - a.misses, 1);

	/* a command that may change any job: all are packed again */
	assert_int_equal(apply(&f, cmd_purge(f.x.now), NULL), STATE_EOK);
	{
		struct node_update nu = { .names = "node1",
			.op = NODE_UPD_DRAIN, .reason = "x", .uid = 0 };

		assert_int_equal(apply(&f, cmd_node_update(&nu, f.x.now), NULL),
				 STATE_EOK);
	}
	jobinfo_cache_stats(f.jc, &a);
	assert_int_equal(a.records, 0);
	buf_free(out);
	fx_done(&f);
}

/* "no change" as slurmctld decides it from the client's last update. */
static void test_unchanged(void **unused)
{
	assert_false(jobinfo_unchanged(0, 0));           /* no list yet */
	assert_false(jobinfo_unchanged(0, T0));
	assert_true(jobinfo_unchanged(T0 + 1, T0));      /* list after it */
	assert_true(jobinfo_unchanged(T0 + 5, T0));
	assert_false(jobinfo_unchanged(T0, T0));         /* the same second */
	assert_false(jobinfo_unchanged(T0 - 3, T0));     /* list before it */
}

/* Records that change by the clock alone: a --begin passing, and an
 * after:ID+MIN dependency met MIN minutes after ID started. */
static void test_clock_changes(void **unused)
{
	struct fx f;
	struct job_spec s;
	uint32_t first;
	char depbuf[32];
	time_t next, t;

	fx_init(&f);
	s = fixture_job("plain");
	submit(&f, &s);
	assert_int_equal(jobinfo_clock_changes(f.st, 0, f.x.now, &next), 0);
	assert_int_equal(next, 0);

	s = fixture_job("later");
	s.begin_time = f.x.now + 100;
	submit(&f, &s);
	s = fixture_job("first");
	first = submit(&f, &s);
	snprintf(depbuf, sizeof(depbuf), "after:%u+2", first);
	s = fixture_job("dep");
	s.dependency = depbuf;
	submit(&f, &s);
	t = f.x.now;
	assert_int_equal(jobinfo_clock_changes(f.st, 0, t, &next), 0);
	assert_int_equal(next, t + 100);

	/* "first" starts (the scheduler starts the jobs it can) at t + 10:
	 * its dependent follows the clock from then, 2 minutes on */
	f.x.now = t + 10;
	cycle(&f);
	assert_int_equal(state_job(f.st, first)->state, JOB_ST_RUNNING);
	assert_int_equal(jobinfo_clock_changes(f.st, t, t + 10, &next), 0);
	assert_int_equal(next, t + 100);
	/* past the --begin: that is the last change, the dependency next */
	assert_int_equal(jobinfo_clock_changes(f.st, t + 10, t + 101, &next),
			 t + 100);
	assert_int_equal(next, t + 10 + 120);
	/* nothing new between two looks after it */
	assert_int_equal(jobinfo_clock_changes(f.st, t + 101, t + 110, &next),
			 0);
	/* both passed since a look long ago: the later one */
	assert_int_equal(jobinfo_clock_changes(f.st, t, t + 500, &next),
			 t + 130);
	assert_int_equal(next, 0);
	fx_done(&f);
}

/* Unpack the one record in B. */
static void unpack_record(buf_t *b, struct slurm_job_info *r)
{
	buf_t v;

	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_job_info_unpack_one(&v, r), 0);
	assert_int_equal(buf_remaining(&v), 0);
}

/* scontrol show job -d: two 2-CPU, 1-GPU jobs on a 4-CPU, 2-GPU node get
 * its CPUs 0-1 and 2-3 and its GPUs 0 and 1, in a job_resources block and
 * gres_detail_str; without SHOW_DETAIL neither is sent, and those plain
 * records still come from the cache. */
static void test_show_detail(void **unused)
{
	struct state *st = state_new();
	struct part_spec p = fixture_part_debug();
	struct node_spec n;
	struct state_params prm = {
		.min_job_age = 300, .kill_wait = 30, .slurmd_timeout = 60,
		.return_to_service = 1, .first_job_id = 1,
		.max_job_id = 1000000,
	};
	struct state_result res;
	struct jobinfo_ctx x = { .st = st, .cluster = "alpha", .leader = true,
				 .now = T0 + 10 };
	struct jobinfo_cache *jc = jobinfo_cache_new();
	struct jobinfo_cache_stats cs;
	struct slurm_job_info r;
	uint32_t ids[2];
	buf_t *b;

	memset(&n, 0, sizeof(n));
	n.name = "node1";
	n.cpus = 4;
	n.memory_mb = 1000;
	n.weight = 1;
	n.gres = "gpu:2";
	b = cmd_config(&n, 1, &p, 1, &prm, T0);
	state_apply(st, b->data, buf_len(b), &res);
	buf_free(b);
	assert_int_equal(res.rc, STATE_EOK);
	b = cmd_node_up("node1", 4, 1000, T0, T0);
	state_apply(st, b->data, buf_len(b), &res);
	buf_free(b);
	assert_int_equal(res.rc, STATE_EOK);
	for (int i = 0; i < 2; i++) {
		struct job_spec s = fixture_job("g");
		struct sched_result sr;

		s.num_tasks = 2;
		s.cpus_per_task = 1;
		s.mem_mb = 100;
		s.gpus_per_node = 1;
		s.tres_per_node = "gres:gpu:1";
		/* --cpus-per-gpu=2: the two CPUs its tasks hold already */
		s.cpus_per_gpu = i ? 2 : 0;
		s.script = "#!/bin/sh\ntrue\n";
		b = cmd_submit(&s, T0);
		state_apply(st, b->data, buf_len(b), &res);
		buf_free(b);
		assert_int_equal(res.rc, STATE_EOK);
		ids[i] = res.job_id;
		sched_cycle(st, T0 + 1, 0, &sr);
		assert_int_equal(sr.nstarts, 1);
		b = cmd_start(sr.starts[0].job_id, sr.starts[0].node_idx,
			      sr.starts[0].count, sr.starts[0].cpus_per_node,
			      sr.starts[0].mem_per_node, T0 + 1);
		state_apply(st, b->data, buf_len(b), &res);
		buf_free(b);
		assert_int_equal(res.rc, STATE_EOK);
		sched_result_free(&sr);
	}

	for (int i = 0; i < 2; i++) {
		const struct job *j = state_job(st, ids[i]);
		struct slurm_job_resources *jr;
		char want[32];

		b = buf_new(256);
		jobinfo_cache_pack(jc, &x, j, SHOW_DETAIL, b);
		unpack_record(b, &r);
		buf_free(b);
		assert_string_equal(r.gres_total, "gpu:1");
		jr = r.job_resrcs;
		assert_non_null(jr);
		assert_int_equal(jr->nhosts, 1);
		assert_int_equal(jr->ncpus, 2);
		assert_string_equal(jr->nodes, "node1");
		assert_int_equal(jr->cpus[0], 2);
		assert_int_equal(jr->memory_allocated[0], 100);
		assert_int_equal(jr->sock_cnt, 1);
		assert_int_equal((uint32_t)jr->sockets_per_node[0] *
				 jr->cores_per_socket[0], 4);
		assert_int_equal(bit_size(jr->core_bitmap), 4);
		assert_int_equal(bit_count(jr->core_bitmap), 2);
		assert_true(bit_test(jr->core_bitmap, 2 * (uint32_t)i));
		assert_true(bit_test(jr->core_bitmap, 2 * (uint32_t)i + 1));
		assert_int_equal(r.gres_detail_cnt, 1);
		snprintf(want, sizeof(want), "gpu:1(IDX:%d)", i);
		assert_string_equal(r.gres_detail_str[0], want);
		/* scontrol's CpusPerTres=gres:gpu:2, as sbatch sent it */
		if (i)
			assert_string_equal(r.cpus_per_tres, "gres:gpu:2");
		else
			assert_null(r.cpus_per_tres);
		slurm_job_info_free(&r);

		/* the plain listing: no detail, kept in the cache */
		b = buf_new(256);
		jobinfo_cache_pack(jc, &x, j, 0, b);
		jobinfo_cache_pack(jc, &x, j, 0, b);
		buf_free(b);
		b = buf_new(256);
		jobinfo_cache_pack(jc, &x, j, 0, b);
		unpack_record(b, &r);
		buf_free(b);
		assert_null(r.job_resrcs);
		assert_int_equal(r.gres_detail_cnt, 0);
		assert_string_equal(r.gres_total, "gpu:1");
		slurm_job_info_free(&r);
	}
	jobinfo_cache_stats(jc, &cs);
	assert_int_equal(cs.records, 2);
	assert_int_equal(cs.hits, 4);

	/* the cores worked out once for a whole listing: the same bytes */
	{
		struct jobinfo_ctx y = x;

		y.cores = jobinfo_cores_new();
		for (int i = 0; i < 2; i++) {
			buf_t *a = buf_new(256), *c = buf_new(256);

			jobinfo_pack(&x, state_job(st, ids[i]), SHOW_DETAIL, a);
			jobinfo_pack(&y, state_job(st, ids[i]), SHOW_DETAIL, c);
			assert_int_equal(buf_len(a), buf_len(c));
			assert_memory_equal(a->data, c->data, buf_len(a));
			buf_free(a);
			buf_free(c);
		}
		jobinfo_cores_free(y.cores);
	}
	jobinfo_cache_free(jc);
	state_free(st);
}

/* A waiting job's node count, as slurmctld guesses it on 4-CPU nodes:
 * tasks over the largest node's CPUs (--mincpus aside), whole -c tasks a
 * node, --ntasks-per-node; no upper count for -n without -N (whose
 * MAX_NODES the controller derived from -n); -N's upper count when -N
 * gave it (NumNodes=2-2 for -N2, 1-1 for -N1); for a job stored before
 * that was kept, the -N range's. Its CPUs are its tasks', and it shows a
 * task a node at least. */
static void test_pending_node_count(void **unused)
{
	static const struct {
		uint32_t min, max, tasks, cpt, ntpn, mincpus;
		bool given;
		uint32_t nodes, shown_max;
	} c[] = {
		{ 1, 6, 6, 1, 0, 0, false, 2, 0 },   /* -n6 */
		{ 1, 6, 6, 1, 0, 3, false, 2, 0 },   /* -n6 --mincpus=3 */
		{ 3, 3, 3, 2, 1, 0, false, 3, 0 },   /* -n3 -c2 --ntasks-per-node=1 */
		{ 3, 3, 7, 1, 3, 0, false, 2, 0 },   /* -n7 --ntasks-per-node=3 */
		{ 2, 2, 7, 1, 3, 0, true, 2, 2 },    /* -N2 -n7 --ntasks-per-node=3 */
		{ 1, 3, 2, 1, 0, 0, true, 1, 3 },    /* -N1-3 -n2 */
		{ 1, 5, 5, 2, 0, 0, false, 3, 0 },   /* -n5 -c2: 2 a node */
		{ 1, 5, 5, 3, 0, 0, false, 5, 0 },   /* -n5 -c3: 1 a node */
		{ 2, 2, 1, 1, 0, 0, true, 2, 2 },    /* -N2 */
		{ 2, 2, 4, 1, 0, 0, true, 2, 2 },    /* -N2 -n4 */
		{ 1, 1, 1, 1, 0, 0, true, 1, 1 },    /* -N1 */
		{ 1, 1, 1, 1, 0, 0, false, 1, 0 },   /* no -N, no -n */
		{ 1, 3, 3, 1, 0, 0, false, 1, 0 },   /* -n3 */
		{ 1, 3, 6, 1, 0, 0, true, 2, 3 },    /* -N1-3 -n6 */
		/* -n3, then scontrol update NumNodes=2 (the upper count
		 * stays the one derived from -n), or NumNodes=1-2 */
		{ 2, 3, 3, 1, 0, 0, false, 2, 0 },
		{ 1, 2, 3, 1, 0, 0, true, 1, 2 },
		/* stored before -N was kept: the range's, else none */
		{ 2, 2, 1, 1, 0, 0, false, 2, 0 },   /* -N2 */
		{ 1, 3, 2, 1, 0, 0, false, 1, 3 },   /* -N1-3 -n2 */
		/* --gpus=4 --gpus-per-node=2 -c2 without -n: sbatch's node
		 * count and one task's CPUs (NumCPUs=2), a task a node
		 * (NumTasks=2), not one node more for the odd task */
		{ 2, 2, 1, 2, 0, 0, true, 2, 2 },
	};
	struct fx f;

	fx_init(&f);
	for (size_t i = 0; i < sizeof(c) / sizeof(*c); i++) {
		struct job_spec s = fixture_job("w");
		struct slurm_job_info r;
		uint32_t id;
		buf_t *b;

		s.min_nodes = c[i].min;
		s.max_nodes = c[i].max;
		s.num_tasks = c[i].tasks;
		s.cpus_per_task = c[i].cpt;
		s.ntasks_per_node = c[i].ntpn;
		s.pn_min_cpus = c[i].mincpus;
		s.max_nodes_given = c[i].given;
		s.priority = 0;
		id = submit(&f, &s);
		b = buf_new(256);
		jobinfo_pack(&f.x, state_job(f.st, id), 0, b);
		unpack_record(b, &r);
		buf_free(b);
		assert_int_equal(r.num_nodes, c[i].nodes);
		assert_int_equal(r.max_nodes, c[i].shown_max);
		assert_int_equal(r.num_cpus, c[i].tasks * c[i].cpt);
		assert_int_equal(r.num_tasks, c[i].tasks > c[i].nodes ?
				 c[i].tasks : c[i].nodes);
		slurm_job_info_free(&r);
	}
	fx_done(&f);
}

/* A job over its partition's MaxMemPerNode: squeue and scontrol get
 * slurmctld's WAIT_PN_MEM_LIMIT ("MaxMemPerLimit") and the memory it
 * asked, MinMemoryNode 800 and TRES mem=800M. */
static void test_mem_limit_reason(void **unused)
{
	struct state_part_policy pm = { .part = "other", .max_mem = 500 };
	struct job_spec s = fixture_job("m");
	struct slurm_job_info r;
	struct fx f;
	uint32_t id;
	buf_t *b;

	fx_init(&f);
	state_set_policy(f.st, 0, &pm, 1);
	s.partition = "other";
	s.mem_mb = 800;
	id = submit(&f, &s);
	cycle(&f);
	b = buf_new(256);
	jobinfo_pack(&f.x, state_job(f.st, id), 0, b);
	unpack_record(b, &r);
	buf_free(b);
	assert_int_equal(r.job_state, JOB_PENDING);
	assert_int_equal(r.state_reason, WAIT_PN_MEM_LIMIT);
	assert_int_equal(r.pn_min_memory, 800);
	assert_non_null(strstr(r.tres_req_str, "mem=800M"));
	slurm_job_info_free(&r);
	fx_done(&f);
}

/* A waiting job whose -c was raised for MaxMemPerCPU (2 asked, 4 now,
 * 250M a CPU), as slurmctld shows it: NumCPUs and TRES cpu= as asked,
 * MinCPUsNode the raised -c; with -n (3 tasks on one node) NumCPUs is
 * the raised count and MinCPUsNode the -c asked. */
static void test_raised_cpus_shown(void **unused)
{
	static const struct {
		uint32_t tasks, num_cpus, pn_min_cpus;
		const char *tres;
	} c[] = {
		{ 1, 2, 4, "cpu=2,mem=1000M,node=1,billing=2" },
		{ 3, 12, 2, "cpu=6,mem=3000M,node=1,billing=6" },
	};
	struct fx f;

	fx_init(&f);
	for (size_t i = 0; i < sizeof(c) / sizeof(*c); i++) {
		struct job_spec s = fixture_job("r");
		struct slurm_job_info r;
		uint32_t id;
		buf_t *b;

		s.num_tasks = c[i].tasks;
		s.cpus_per_task = 4;
		s.cpus_per_task_asked = 2;
		s.mem_mb = 250;
		s.mem_per_cpu = true;
		s.priority = 0;
		id = submit(&f, &s);
		b = buf_new(256);
		jobinfo_pack(&f.x, state_job(f.st, id), 0, b);
		unpack_record(b, &r);
		buf_free(b);
		assert_int_equal(r.num_cpus, c[i].num_cpus);
		assert_int_equal(r.cpus_per_task, 4);
		assert_int_equal(r.pn_min_cpus, c[i].pn_min_cpus);
		assert_string_equal(r.tres_req_str, c[i].tres);
		slurm_job_info_free(&r);
	}
	fx_done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical_after_changes),
		cmocka_unit_test(test_copies_until_changed),
		cmocka_unit_test(test_unchanged),
		cmocka_unit_test(test_clock_changes),
		cmocka_unit_test(test_show_detail),
		cmocka_unit_test(test_pending_node_count),
		cmocka_unit_test(test_mem_limit_reason),
		cmocka_unit_test(test_raised_cpus_shown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
