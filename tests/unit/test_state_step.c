/* test_state_step.c - job steps in the replicated model: srun's steps
 * get ids in order and the CPUs they ask for within their job, end when
 * every node reported (COMPLETED or FAILED with the worst status), end
 * with their job (scancel, time limit, node failure) or, when their
 * nodes report after it, with their tasks' status, are cancelled
 * alone, survive a snapshot (format 9), hold GPUs no other running
 * step gets, and bad commands change nothing. */
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

static struct state_result apply_buf(struct state *st, buf_t *b)
{
	struct state_result res;

	state_apply(st, b->data, buf_len(b), &res);
	buf_free(b);
	return res;
}

static int apply_rc(struct state *st, buf_t *b)
{
	return apply_buf(st, b).rc;
}

static struct state *cluster(void)
{
	struct part_spec p = fixture_part_debug();

	return fixture_cluster(&p, 1, NULL, 0x03ff0000, T0);
}

/* An allocation (salloc) running on node[1-2] with 4 CPUs on each. */
static uint32_t running_alloc(struct state *st)
{
	struct job_spec s = fixture_job("alloc");
	uint32_t idx[2] = { 0, 1 };
	struct state_result res;

	s.interactive = true;
	s.min_nodes = s.max_nodes = 2;
	res = apply_buf(st, cmd_submit(&s, T0));
	assert_int_equal(res.rc, STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_start(res.job_id, idx, 2, 4, 0, T0)),
			 STATE_EOK);
	return res.job_id;
}

/* A step of JOB with TASKS[i] tasks on node IDX[i]; its result. */
static struct state_result step(struct state *st, uint32_t job,
				uint32_t n, uint32_t *idx, uint32_t *tasks,
				bool overlap)
{
	struct step_spec s = {
		.job_id = job, .name = "hostname", .nnodes = n,
		.node_idx = idx, .tasks = tasks, .cpus_per_task = 1,
		.task_dist = 1, .time_limit = STATE_INFINITE,
		.overlap = overlap, .srun_host = "127.0.0.1",
		.srun_port = 40100, .srun_pid = 4242,
	};

	return apply_buf(st, cmd_step_create(&s, T0 + 1));
}

static void test_create_ids_layout_and_cpus(void **unused)
{
	struct state *st = cluster();
	uint32_t job = running_alloc(st);
	uint32_t idx[2] = { 0, 1 }, tasks[2] = { 3, 2 }, one = 1, four = 4;
	struct state_result r;
	struct step *s;
	uint32_t cpus;
	uint64_t mem;

	r = step(st, job, 2, idx, tasks, false);
	assert_int_equal(r.rc, STATE_EOK);
	assert_int_equal(r.step_id, 0);
	s = job_step(state_job(st, job), 0);
	assert_non_null(s);
	assert_string_equal(s->nodes, "node[1-2]");
	assert_int_equal(s->ntasks, 5);
	assert_int_equal(s->cpus, 5);
	assert_int_equal(s->state, STEP_ST_RUNNING);
	assert_string_equal(step_state_name(s->state), "RUNNING");
	assert_int_equal(s->start_time, T0 + 1);
	job_steps_used(state_job(st, job), 0, &cpus, &mem);
	assert_int_equal(cpus, 3);

	/* node1 has one CPU left: one task fits, two do not */
	tasks[0] = 2;
	assert_int_equal(step(st, job, 1, idx, tasks, false).rc, STATE_EBUSY);
	r = step(st, job, 1, idx, &one, false);
	assert_int_equal(r.rc, STATE_EOK);
	assert_int_equal(r.step_id, 1);
	/* --overlap shares the CPUs the others hold */
	r = step(st, job, 1, idx, &four, true);
	assert_int_equal(r.rc, STATE_EOK);
	assert_int_equal(r.step_id, 2);
	/* a node outside the job, out of order, or no tasks */
	idx[0] = 2;
	assert_int_equal(step(st, job, 1, idx, &one, false).rc, STATE_EINVAL);
	idx[0] = 1; idx[1] = 0;
	assert_int_equal(step(st, job, 2, idx, tasks, true).rc, STATE_EINVAL);
	idx[0] = 0; tasks[0] = 0;
	assert_int_equal(step(st, job, 1, idx, tasks, true).rc, STATE_EINVAL);
	assert_int_equal(state_job(st, job)->nsteps, 3);
	/* no such job, a pending one */
	assert_int_equal(step(st, 999, 1, idx, &one, false).rc, STATE_ENOJOB);
	state_free(st);
}

static void test_end_when_all_nodes_report(void **unused)
{
	struct state *st = cluster();
	uint32_t job = running_alloc(st);
	uint32_t idx[2] = { 0, 1 }, tasks[2] = { 1, 1 };
	struct step *s;
	uint32_t cpus;
	uint64_t mem;

	assert_int_equal(step(st, job, 2, idx, tasks, false).rc, STATE_EOK);
	assert_int_equal(step(st, job, 2, idx, tasks, false).rc, STATE_EOK);
	/* step 0: node1 reports 0, node2 reports exit 3 */
	assert_int_equal(apply_rc(st, cmd_step_end(job, 0, "node1", 0, T0 + 2,
						   T0 + 2)), STATE_EOK);
	s = job_step(state_job(st, job), 0);
	assert_int_equal(s->state, STEP_ST_RUNNING);
	assert_false(step_on_node(s, 0));
	assert_true(step_on_node(s, 1));
	assert_int_equal(apply_rc(st, cmd_step_end(job, 0, "node2", 3 << 8,
						   T0 + 3, T0 + 3)), STATE_EOK);
	assert_int_equal(s->state, STEP_ST_FAILED);
	assert_int_equal(s->exit_status, 3 << 8);
	assert_int_equal(s->end_time, T0 + 3);
	/* its CPUs are free again; step 1 holds one on node1 */
	job_steps_used(state_job(st, job), 0, &cpus, &mem);
	assert_int_equal(cpus, 1);
	/* step 1: both at once (srun could not launch it) with status 0 */
	assert_int_equal(apply_rc(st, cmd_step_end(job, 1, NULL, 0, T0 + 4,
						   T0 + 4)), STATE_EOK);
	assert_int_equal(job_step(state_job(st, job), 1)->state,
			 STEP_ST_COMPLETE);
	/* a node that is not the step's, a step that does not exist */
	assert_int_equal(apply_rc(st, cmd_step_end(job, 1, "node3", 0, T0 + 4,
						   T0 + 4)), STATE_ENONODE);
	assert_int_equal(apply_rc(st, cmd_step_end(job, 7, NULL, 0, T0 + 4,
						   T0 + 4)), STATE_ENOJOB);
	state_free(st);
}

static void test_cancel_and_job_end(void **unused)
{
	struct state *st = cluster();
	uint32_t job = running_alloc(st), job2;
	uint32_t idx[2] = { 0, 1 }, tasks[2] = { 1, 1 };
	struct step *s;

	assert_int_equal(step(st, job, 2, idx, tasks, false).rc, STATE_EOK);
	assert_int_equal(step(st, job, 2, idx, tasks, false).rc, STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_step_cancel(job, 0, T0 + 5)),
			 STATE_EOK);
	s = job_step(state_job(st, job), 0);
	assert_int_equal(s->state, STEP_ST_CANCELLED);
	assert_int_equal(s->end_time, T0 + 5);
	/* its nodes still have to stop it, until they report */
	assert_true(step_on_node(s, 0));
	assert_int_equal(apply_rc(st, cmd_step_cancel(job, 0, T0 + 6)),
			 STATE_EDONE);
	assert_int_equal(apply_rc(st, cmd_step_end(job, 0, "node1", 9, T0 + 6,
						   T0 + 6)), STATE_EOK);
	assert_false(step_on_node(s, 0));
	assert_int_equal(s->state, STEP_ST_CANCELLED);

	/* the job's time limit ends the running step as TIMEOUT */
	assert_int_equal(apply_rc(st, cmd_timeout(job, T0 + 60)), STATE_EOK);
	assert_int_equal(job_step(state_job(st, job), 1)->state,
			 STEP_ST_TIMEOUT);
	assert_int_equal(step(st, job, 2, idx, tasks, false).rc, STATE_EDONE);

	/* a node failure ends the steps of the jobs on it as NODE_FAIL */
	job2 = running_alloc(st);
	assert_int_equal(step(st, job2, 2, idx, tasks, false).rc, STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_node_down("node2", "gone", NODE_FAIL_ENDS, T0 + 70)),
			 STATE_EOK);
	assert_int_equal(job_step(state_job(st, job2), 0)->state,
			 STEP_ST_NODE_FAIL);
	state_free(st);
}

/* srun hears of its tasks' exits before their nodes tell the controller,
 * so it may end its job first: the running step then looks cancelled
 * until the nodes report; tasks that exited by themselves end it with
 * their status, tasks the end stopped by a signal leave it CANCELLED,
 * and so does a job ended by scancel. */
static void test_job_end_before_node_reports(void **unused)
{
	struct state *st = cluster();
	uint32_t job = running_alloc(st), job2;
	uint32_t idx[2] = { 0, 1 }, tasks[2] = { 1, 1 };
	struct step *s, *s1;

	assert_int_equal(step(st, job, 2, idx, tasks, false).rc, STATE_EOK);
	assert_int_equal(step(st, job, 2, idx, tasks, true).rc, STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_job_end(job, 3 << 8, T0 + 5)),
			 STATE_EOK);
	assert_int_equal(state_job(st, job)->state, JOB_ST_FAILED);
	s = job_step(state_job(st, job), 0);
	s1 = job_step(state_job(st, job), 1);
	assert_int_equal(s->state, STEP_ST_CANCELLED);
	assert_int_equal(s1->state, STEP_ST_CANCELLED);
	/* step 0's tasks exited 3 at T0 + 4 on both nodes */
	assert_int_equal(apply_rc(st, cmd_step_end(job, 0, "node1", 3 << 8,
						   T0 + 4, T0 + 6)), STATE_EOK);
	assert_int_equal(s->state, STEP_ST_CANCELLED);
	assert_int_equal(apply_rc(st, cmd_step_end(job, 0, "node2", 3 << 8,
						   T0 + 4, T0 + 6)), STATE_EOK);
	assert_int_equal(s->state, STEP_ST_FAILED);
	assert_int_equal(s->exit_status, 3 << 8);
	assert_int_equal(s->end_time, T0 + 4);
	/* step 1 ran on: the end's stop killed it on node2 */
	assert_int_equal(apply_rc(st, cmd_step_end(job, 1, "node1", 0,
						   T0 + 4, T0 + 6)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_step_end(job, 1, "node2", 15,
						   T0 + 5, T0 + 6)), STATE_EOK);
	assert_int_equal(s1->state, STEP_ST_CANCELLED);
	assert_int_equal(s1->end_time, T0 + 5);

	/* scancel: a step whose tasks exited by themselves stays cancelled */
	job2 = running_alloc(st);
	assert_int_equal(step(st, job2, 2, idx, tasks, false).rc, STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_cancel(job2, 0, T0 + 7)),
			 STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_step_end(job2, 0, NULL, 0, T0 + 7,
						   T0 + 8)), STATE_EOK);
	assert_int_equal(job_step(state_job(st, job2), 0)->state,
			 STEP_ST_CANCELLED);
	state_free(st);
}

/* A step past its own time limit ends TIMEOUT while its job runs on;
 * the job and its other steps are untouched. */
static void test_step_timeout(void **unused)
{
	struct state *st = cluster();
	uint32_t job = running_alloc(st);
	uint32_t idx[2] = { 0, 1 }, tasks[2] = { 1, 1 };
	struct step *s;

	assert_int_equal(step(st, job, 2, idx, tasks, true).rc, STATE_EOK);
	assert_int_equal(step(st, job, 2, idx, tasks, true).rc, STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_step_timeout(job, 0, T0 + 61)),
			 STATE_EOK);
	s = job_step(state_job(st, job), 0);
	assert_int_equal(s->state, STEP_ST_TIMEOUT);
	assert_int_equal(s->end_time, T0 + 61);
	assert_true(step_on_node(s, 0));
	assert_int_equal(job_step(state_job(st, job), 1)->state,
			 STEP_ST_RUNNING);
	assert_int_equal(state_job(st, job)->state, JOB_ST_RUNNING);
	assert_int_equal(apply_rc(st, cmd_step_timeout(job, 0, T0 + 62)),
			 STATE_EDONE);
	/* the nodes' end report keeps TIMEOUT */
	assert_int_equal(apply_rc(st, cmd_step_end(job, 0, NULL, 15, T0 + 62,
						   T0 + 62)), STATE_EOK);
	assert_int_equal(s->state, STEP_ST_TIMEOUT);
	state_free(st);
}

static void test_snapshot_keeps_steps(void **unused)
{
	struct state *st = cluster(), *st2 = state_new();
	uint32_t job = running_alloc(st);
	uint32_t idx[2] = { 0, 1 }, tasks[2] = { 2, 1 };
	struct step *s;
	buf_t *snap;
	struct state_result r;

	assert_int_equal(step(st, job, 2, idx, tasks, false).rc, STATE_EOK);
	assert_int_equal(step(st, job, 1, idx, tasks, false).rc, STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_step_end(job, 1, "node1", 0, T0 + 2,
						   T0 + 2)), STATE_EOK);
	snap = state_snapshot(st);
	assert_int_equal(((uint8_t *)snap->data)[7], 9);   /* format 9 */
	assert_int_equal(state_restore(st2, snap->data, buf_len(snap)), 0);
	buf_free(snap);
	assert_int_equal(state_job(st2, job)->nsteps, 2);
	s = job_step(state_job(st2, job), 0);
	assert_string_equal(s->nodes, "node[1-2]");
	assert_int_equal(s->ntasks, 3);
	assert_int_equal(s->tasks[0], 2);
	assert_int_equal(s->state, STEP_ST_RUNNING);
	assert_string_equal(s->srun_host, "127.0.0.1");
	assert_int_equal(s->srun_port, 40100);
	assert_int_equal(job_step(state_job(st2, job), 1)->state,
			 STEP_ST_COMPLETE);
	/* the next step gets the next id */
	r = step(st2, job, 1, idx, tasks, true);
	assert_int_equal(r.rc, STATE_EOK);
	assert_int_equal(r.step_id, 2);
	state_free(st2);

	/* a model without steps keeps its older format */
	state_free(st);
	st = cluster();
	snap = state_snapshot(st);
	assert_true(((uint8_t *)snap->data)[7] < 9);
	buf_free(snap);
	state_free(st);
}

/* A forced removal of a node a step ran on: the step keeps its other
 * nodes with their task counts, a step that ran only there is dropped,
 * and the model still snapshots and restores (fuzzing found a step left
 * with tasks but no nodes, which no snapshot of it could restore). */
static void test_node_removed_under_steps(void **unused)
{
	struct state *st = cluster(), *st2 = state_new();
	struct job_spec js = fixture_job("alloc");
	uint32_t idx[2] = { 0, 4 }, tasks[2] = { 2, 1 };
	uint32_t only5[1] = { 4 }, three[1] = { 3 };
	struct state_result res;
	struct step *s;
	buf_t *snap;

	assert_int_equal(apply_rc(st, cmd_node_add("node5", 4, 1000, NULL,
						   "debug", T0)), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_node_up("node5", 4, 1000, T0, T0)),
			 STATE_EOK);
	js.interactive = true;
	js.min_nodes = js.max_nodes = 2;
	res = apply_buf(st, cmd_submit(&js, T0));
	assert_int_equal(res.rc, STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_start(res.job_id, idx, 2, 4, 0, T0)),
			 STATE_EOK);
	assert_int_equal(step(st, res.job_id, 2, idx, tasks, true).rc,
			 STATE_EOK);
	assert_int_equal(step(st, res.job_id, 1, only5, three, true).rc,
			 STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_node_retire("node5", 0, T0 + 2)),
			 STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_node_remove("node5", true, NODE_FAIL_ENDS, T0 + 3)),
			 STATE_EOK);
	assert_int_equal(state_job(st, res.job_id)->nsteps, 1);
	s = job_step(state_job(st, res.job_id), 0);
	assert_int_equal(s->nnodes, 1);
	assert_int_equal(s->ntasks, 2);
	assert_int_equal(s->tasks[0], 2);

	snap = state_snapshot(st);
	assert_int_equal(state_restore(st2, snap->data, buf_len(snap)), 0);
	buf_free(snap);
	assert_int_equal(job_step(state_job(st2, res.job_id), 0)->ntasks, 2);
	state_free(st2);
	state_free(st);
}

/* srun without --exact: the step holds all its job's CPUs on its nodes,
 * so another step there waits unless it overlaps. */
static void test_whole_node_steps(void **unused)
{
	struct state *st = cluster();
	uint32_t job = running_alloc(st);
	uint32_t idx = 0, one = 1;
	struct step_spec sp = {
		.job_id = job, .name = "a", .nnodes = 1, .node_idx = &idx,
		.tasks = &one, .cpus_per_task = 1, .whole = true,
		.time_limit = STATE_INFINITE,
	};
	struct state_result r;
	uint32_t cpus;
	uint64_t mem;

	r = apply_buf(st, cmd_step_create(&sp, T0 + 1));
	assert_int_equal(r.rc, STATE_EOK);
	assert_int_equal(job_step(state_job(st, job), 0)->cpus, 4);
	job_steps_used(state_job(st, job), 0, &cpus, &mem);
	assert_int_equal(cpus, 4);
	sp.whole = false;
	assert_int_equal(apply_rc(st, cmd_step_create(&sp, T0 + 1)),
			 STATE_EBUSY);
	sp.overlap = true;
	assert_int_equal(apply_rc(st, cmd_step_create(&sp, T0 + 1)), STATE_EOK);
	/* node2 is free */
	idx = 1;
	sp.overlap = false;
	sp.whole = true;
	assert_int_equal(apply_rc(st, cmd_step_create(&sp, T0 + 1)), STATE_EOK);
	state_free(st);
}

/* Truncated commands change nothing. */
static void test_malformed_step_commands(void **unused)
{
	struct state *st = cluster();
	uint32_t job = running_alloc(st);
	uint32_t idx = 0, tasks = 1;
	struct step_spec sp = {
		.job_id = job, .nnodes = 1, .node_idx = &idx, .tasks = &tasks,
		.cpus_per_task = 1,
	};
	buf_t *full = cmd_step_create(&sp, T0);

	for (size_t len = 0; len < buf_len(full); len++) {
		struct state_result res;

		state_apply(st, full->data, len, &res);
		assert_int_not_equal(res.rc, STATE_EOK);
	}
	buf_free(full);
	assert_int_equal(state_job(st, job)->nsteps, 0);
	sp.cpus_per_task = 0;
	assert_int_equal(apply_rc(st, cmd_step_create(&sp, T0)), STATE_EINVAL);
	state_free(st);
}

/* The GPUs a step sees on each of its nodes: the lowest of its job's
 * there, as many as srun asks a node, a task or for the step (dealt as
 * a job's --gpus), or as its job asked them (slurmctld copies the job's
 * request to a step that makes none): an --exclusive --gpus-per-node=1
 * job holds both GPUs of a node, its plain steps see GPU 0. */
static void test_step_gpus(void **unused)
{
	struct job j;
	struct step s;
	uint64_t masks[2] = { 0x3, 0x3 }, *m;
	uint32_t tasks[2] = { 2, 1 };

	memset(&j, 0, sizeof(j));
	memset(&s, 0, sizeof(s));
	j.node_bits = bit_alloc(4);
	bit_set(j.node_bits, 1);
	bit_set(j.node_bits, 2);
	j.gpus_per_node = 1;
	s.node_bits = bit_alloc(4);
	bit_set(s.node_bits, 1);
	bit_set(s.node_bits, 2);
	s.nnodes = 2;
	s.tasks = tasks;
	assert_null(step_gpu_masks(&j, &s, STEP_GPUS_JOB, 0));
	j.gpu_masks = masks;

	m = step_gpu_masks(&j, &s, STEP_GPUS_JOB, 0);
	assert_int_equal(m[0], 0x1);
	assert_int_equal(m[1], 0x1);
	free(m);
	m = step_gpu_masks(&j, &s, STEP_GPUS_NODE, 2);
	assert_int_equal(m[0], 0x3);
	assert_int_equal(m[1], 0x3);
	free(m);
	m = step_gpu_masks(&j, &s, STEP_GPUS_NODE, 5);   /* at most all */
	assert_int_equal(m[0], 0x3);
	free(m);
	m = step_gpu_masks(&j, &s, STEP_GPUS_TASK, 1);
	assert_int_equal(m[0], 0x3);
	assert_int_equal(m[1], 0x1);
	free(m);
	m = step_gpu_masks(&j, &s, STEP_GPUS_STEP, 3);
	assert_int_equal(m[0], 0x3);
	assert_int_equal(m[1], 0x1);
	free(m);
	m = step_gpu_masks(&j, &s, STEP_GPUS_STEP, 2);
	assert_int_equal(m[0], 0x1);
	assert_int_equal(m[1], 0x1);
	free(m);
	m = step_gpu_masks(&j, &s, STEP_GPUS_NODE, 0);   /* --gres=none */
	assert_int_equal(m[0], 0);
	free(m);

	/* a job-wide --gpus=3 (2 and 1): a plain step sees them all; one
	 * on the second node alone sees its one */
	j.gpus_per_node = 0;
	j.tres_per_job = "gres:gpu:3";
	masks[1] = 0x1;
	m = step_gpu_masks(&j, &s, STEP_GPUS_JOB, 0);
	assert_int_equal(m[0], 0x3);
	assert_int_equal(m[1], 0x1);
	free(m);
	bit_clear(s.node_bits, 1);
	s.nnodes = 1;
	m = step_gpu_masks(&j, &s, STEP_GPUS_JOB, 0);
	assert_int_equal(m[0], 0x1);
	free(m);
	bit_free(j.node_bits);
	bit_free(s.node_bits);
}

/* A step with GPU indexes of its own: they must be its job's there and
 * free of the other running steps (an --overlap step shares them), are
 * free again once it ends or is cancelled, survive a snapshot (format
 * 22), and step_gpus_pick gives a new step the lowest the others leave
 * or nothing when too few are free. */
static struct state_result gpu_step(struct state *st, uint32_t job,
				    uint32_t n, uint32_t *idx,
				    uint32_t *tasks, uint64_t *gpus,
				    bool overlap)
{
	struct step_spec s = {
		.job_id = job, .name = "gpu", .nnodes = n, .node_idx = idx,
		.tasks = tasks, .cpus_per_task = 1, .task_dist = 1,
		.time_limit = STATE_INFINITE, .overlap = overlap,
		.gpu_masks = gpus, .srun_host = "127.0.0.1",
		.srun_port = 40100, .srun_pid = 4242,
	};

	return apply_buf(st, cmd_step_create(&s, T0 + 1));
}

static void test_steps_hold_gpus(void **unused)
{
	struct state *st = cluster(), *st2 = state_new();
	uint32_t job = running_alloc(st);
	struct job *j = state_job(st, job);
	uint32_t idx[2] = { 0, 1 }, tasks[2] = { 1, 1 }, t21[2] = { 2, 1 };
	uint64_t low[2] = { 1, 1 }, bad[2] = { 4, 1 };
	uint64_t busy[2], *m;
	buf_t *snap;

	j->gpu_masks = xcalloc(2, sizeof(*j->gpu_masks));
	j->gpu_masks[0] = j->gpu_masks[1] = 3;      /* GPUs 0 and 1 each */
	assert_int_equal(gpu_step(st, job, 2, idx, tasks, low, false).rc,
			 STATE_EOK);
	assert_int_equal(job_step(j, 0)->gpu_masks[1], 1);
	assert_int_equal(job_steps_gpus(j, 0), 1);
	/* GPU 0 is step 0's: refused; GPU 2 is not the job's */
	assert_int_equal(gpu_step(st, job, 2, idx, tasks, low, false).rc,
			 STATE_EBUSY);
	assert_int_equal(gpu_step(st, job, 2, idx, tasks, bad, false).rc,
			 STATE_EINVAL);
	/* --overlap shares them and holds none */
	assert_int_equal(gpu_step(st, job, 2, idx, tasks, low, true).rc,
			 STATE_EOK);
	assert_int_equal(job_steps_gpus(j, 1), 1);
	/* a new step gets what is left, the lowest first: GPU 1 */
	busy[0] = job_steps_gpus(j, 0);
	busy[1] = job_steps_gpus(j, 1);
	m = step_gpus_pick(j, idx, tasks, 2, STEP_GPUS_NODE, 1, busy);
	assert_non_null(m);
	assert_int_equal(m[0], 2);
	assert_int_equal(m[1], 2);
	assert_int_equal(gpu_step(st, job, 2, idx, tasks, m, false).rc,
			 STATE_EOK);
	free(m);
	/* all held: a step asking one a node, two tasks of one, or one in
	 * all gets none (it waits) */
	busy[0] = job_steps_gpus(j, 0);
	busy[1] = job_steps_gpus(j, 1);
	assert_int_equal(busy[0], 3);
	assert_null(step_gpus_pick(j, idx, tasks, 2, STEP_GPUS_NODE, 1, busy));
	assert_null(step_gpus_pick(j, idx, t21, 2, STEP_GPUS_TASK, 1, busy));
	assert_null(step_gpus_pick(j, idx, tasks, 1, STEP_GPUS_STEP, 1, busy));

	/* kept through a snapshot, in format 22 */
	snap = state_snapshot(st);
	assert_int_equal(((uint8_t *)snap->data)[7], 22);
	assert_int_equal(state_restore(st2, snap->data, buf_len(snap)), 0);
	buf_free(snap);
	assert_non_null(job_step(state_job(st2, job), 2)->gpu_masks);
	assert_int_equal(job_steps_gpus(state_job(st2, job), 1), 3);
	state_free(st2);

	/* step 0 ends on both nodes: its GPU 0 is free again; two tasks
	 * on node1 of one GPU each still do not fit, --gpus=1 takes it */
	assert_int_equal(apply_rc(st, cmd_step_end(job, 0, "node1", 0, T0 + 2,
						   T0 + 2)), STATE_EOK);
	assert_int_equal(job_steps_gpus(j, 0), 1 | 2);   /* node2 not yet */
	assert_int_equal(apply_rc(st, cmd_step_end(job, 0, "node2", 0, T0 + 2,
						   T0 + 2)), STATE_EOK);
	busy[0] = job_steps_gpus(j, 0);
	busy[1] = job_steps_gpus(j, 1);
	assert_int_equal(busy[0], 2);
	assert_null(step_gpus_pick(j, idx, t21, 2, STEP_GPUS_TASK, 1, busy));
	m = step_gpus_pick(j, idx, tasks, 1, STEP_GPUS_STEP, 1, busy);
	assert_non_null(m);
	assert_int_equal(m[0], 1);
	free(m);
	/* over two nodes --gpus=3 is dealt from what each has free: too
	 * few; --gpus=2 one each */
	assert_null(step_gpus_pick(j, idx, tasks, 2, STEP_GPUS_STEP, 3, busy));
	m = step_gpus_pick(j, idx, tasks, 2, STEP_GPUS_STEP, 2, busy);
	assert_non_null(m);
	assert_int_equal(m[0], 1);
	assert_int_equal(m[1], 1);
	free(m);
	/* a cancelled step frees them too */
	assert_int_equal(apply_rc(st, cmd_step_cancel(job, 2, T0 + 3)),
			 STATE_EOK);
	assert_int_equal(job_steps_gpus(j, 0), 0);
	state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_ids_layout_and_cpus),
		cmocka_unit_test(test_end_when_all_nodes_report),
		cmocka_unit_test(test_cancel_and_job_end),
		cmocka_unit_test(test_job_end_before_node_reports),
		cmocka_unit_test(test_step_timeout),
		cmocka_unit_test(test_snapshot_keeps_steps),
		cmocka_unit_test(test_node_removed_under_steps),
		cmocka_unit_test(test_whole_node_steps),
		cmocka_unit_test(test_malformed_step_commands),
		cmocka_unit_test(test_step_gpus),
		cmocka_unit_test(test_steps_hold_gpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
