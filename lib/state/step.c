/* step.c - job steps in the model: the commands that create, end and
 * cancel them, how a job's end ends its steps, and their snapshot
 * section. Laying a step's tasks out over its job's nodes is the
 * proposer's (the controller's); apply checks the layout against the job
 * and the other steps, so two srun racing for the same CPUs cannot both
 * get them. */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "core/hostlist.h"
#include "core/xalloc.h"
#include "state/state.h"
#include "state/state_int.h"

const char *step_state_name(enum step_state s)
{
	switch (s) {
	case STEP_ST_RUNNING:   return "RUNNING";
	case STEP_ST_COMPLETE:  return "COMPLETED";
	case STEP_ST_CANCELLED: return "CANCELLED";
	case STEP_ST_FAILED:    return "FAILED";
	case STEP_ST_TIMEOUT:   return "TIMEOUT";
	case STEP_ST_NODE_FAIL: return "NODE_FAIL";
	}
	return "UNKNOWN";
}

struct step *job_step(const struct job *j, uint32_t id)
{
	for (uint32_t i = 0; j && i < j->nsteps; i++)
		if (j->steps[i]->id == id)
			return j->steps[i];
	return NULL;
}

bool step_on_node(const struct step *s, uint32_t idx)
{
	return s->node_bits && idx < bit_size(s->node_bits) &&
	       bit_test(s->node_bits, idx) &&
	       !(s->ended_bits && bit_test(s->ended_bits, idx));
}

/* The position of node IDX among S's nodes, or -1. */
static long step_node_pos(const struct step *s, uint32_t idx)
{
	long pos = 0;

	if (!s->node_bits || idx >= bit_size(s->node_bits) ||
	    !bit_test(s->node_bits, idx))
		return -1;
	for (int64_t i = bit_next_set(s->node_bits, 0); i >= 0 &&
	     (uint32_t)i < idx; i = bit_next_set(s->node_bits, (uint32_t)i + 1))
		pos++;
	return pos;
}

/* The memory a step asking MEM per node takes on node IDX of job J: on
 * the nodes of a job whose memory follows its tasks (--gpus-per-task),
 * no more than the job holds there, as a step's memory is the same on
 * each of its nodes. */
static uint64_t step_mem_on(const struct job *j, uint64_t mem, uint32_t idx)
{
	uint64_t held = job_mem_on(j, idx);

	return j->cpus_by_task && held && mem > held ? held : mem;
}

void job_steps_used(const struct job *j, uint32_t idx, uint32_t *cpus,
		    uint64_t *mem_mb)
{
	*cpus = 0;
	*mem_mb = 0;
	for (uint32_t i = 0; i < j->nsteps; i++) {
		const struct step *s = j->steps[i];
		long pos;

		if (s->state != STEP_ST_RUNNING || s->overlap ||
		    (pos = step_node_pos(s, idx)) < 0)
			continue;
		*cpus += s->whole ? job_cpus_on(j, idx) :
			 s->tasks[pos] * s->cpus_per_task;
		*mem_mb += step_mem_on(j, s->mem_mb, idx);
	}
}

uint64_t job_steps_gpus(const struct job *j, uint32_t idx)
{
	uint64_t m = 0;

	for (uint32_t i = 0; i < j->nsteps; i++) {
		const struct step *s = j->steps[i];
		long pos;

		if (s->state != STEP_ST_RUNNING || s->overlap ||
		    !s->gpu_masks || (pos = step_node_pos(s, idx)) < 0)
			continue;
		m |= s->gpu_masks[pos];
	}
	return m;
}

void step_free(struct step *s)
{
	if (!s)
		return;
	free(s->name);
	bit_free(s->node_bits);
	free(s->nodes);
	free(s->tasks);
	free(s->gpu_masks);
	bit_free(s->ended_bits);
	free(s->srun_host);
	free(s);
}

void job_steps_clear(struct job *j)
{
	for (uint32_t i = 0; i < j->nsteps; i++)
		step_free(j->steps[i]);
	free(j->steps);
	j->steps = NULL;
	j->nsteps = 0;
	j->next_step_id = 0;
}

void job_steps_end(struct job *j, enum job_state to, time_t now)
{
	enum step_state ss = to == JOB_ST_TIMEOUT ? STEP_ST_TIMEOUT :
		to == JOB_ST_NODE_FAIL ? STEP_ST_NODE_FAIL : STEP_ST_CANCELLED;

	for (uint32_t i = 0; i < j->nsteps; i++) {
		struct step *s = j->steps[i];

		if (s->state != STEP_ST_RUNNING)
			continue;
		s->state = ss;
		s->end_time = now;
	}
}

void job_steps_remap(struct job *j, const long *map, uint32_t nold,
		     uint32_t nnodes)
{
	uint32_t keep = 0;

	for (uint32_t i = 0; i < j->nsteps; i++) {
		struct step *s = j->steps[i];
		uint32_t *tasks = xcalloc(nnodes ? nnodes : 1, sizeof(*tasks));
		uint64_t *gpus = xcalloc(nnodes ? nnodes : 1, sizeof(*gpus));
		bitstr_t *nb = bit_alloc(nnodes), *eb = bit_alloc(nnodes);
		uint32_t k = 0, n = 0;

		/* TASKS follows the set bits of NODE_BITS: carry each
		 * surviving node's count to its new index */
		for (int64_t b = bit_next_set(s->node_bits, 0); b >= 0;
		     b = bit_next_set(s->node_bits, (uint32_t)b + 1), k++) {
			long to = (uint32_t)b < nold ? map[b] : -1;

			if (to < 0 || (uint32_t)to >= nnodes || k >= s->nnodes)
				continue;
			bit_set(nb, (uint32_t)to);
			tasks[to] = s->tasks[k];
			if (s->gpu_masks)
				gpus[to] = s->gpu_masks[k];
			if (bit_test(s->ended_bits, (uint32_t)b))
				bit_set(eb, (uint32_t)to);
		}
		bit_free(s->node_bits);
		bit_free(s->ended_bits);
		s->node_bits = nb;
		s->ended_bits = eb;
		s->ntasks = 0;
		for (uint32_t t = 0; t < nnodes; t++)
			if (bit_test(nb, t)) {
				s->tasks[n] = tasks[t];
				if (s->gpu_masks)
					s->gpu_masks[n] = gpus[t];
				s->ntasks += tasks[t];
				n++;
			}
		s->nnodes = n;
		free(tasks);
		free(gpus);
		/* a step none of whose nodes is left is over and has
		 * nothing to show or stop any more */
		if (!n) {
			step_free(s);
			continue;
		}
		j->steps[keep++] = s;
	}
	j->nsteps = keep;
}

/* ---- commands ------------------------------------------------------- */

static buf_t *step_cmd_begin(enum cmd_type type, time_t now)
{
	buf_t *b = buf_new(128);

	pack16(b, (uint16_t)type);
	pack_time(b, now);
	return b;
}

buf_t *cmd_step_create(const struct step_spec *s, time_t now)
{
	buf_t *b = step_cmd_begin(s->gpu_masks ? CMD_STEP_CREATE_GPUS :
				  CMD_STEP_CREATE, now);

	pack32(b, s->job_id);
	pack_str(b, s->name);
	pack32_array(b, s->node_idx, s->nnodes);
	pack32_array(b, s->tasks, s->nnodes);
	pack32(b, s->cpus_per_task);
	pack64(b, s->mem_mb);
	pack32(b, s->task_dist);
	pack32(b, s->time_limit);
	pack_bool(b, s->overlap);
	pack_bool(b, s->whole);
	pack_str(b, s->srun_host);
	pack16(b, s->srun_port);
	pack32(b, s->srun_pid);
	for (uint32_t k = 0; s->gpu_masks && k < s->nnodes; k++)
		pack64(b, s->gpu_masks[k]);
	return b;
}

buf_t *cmd_step_end(uint32_t job_id, uint32_t step_id, const char *node,
		    int32_t status, time_t end, time_t now)
{
	buf_t *b = step_cmd_begin(CMD_STEP_END, now);

	pack32(b, job_id);
	pack32(b, step_id);
	pack_str(b, node);
	pack32(b, (uint32_t)status);
	pack_time(b, end);
	return b;
}

buf_t *cmd_step_cancel(uint32_t job_id, uint32_t step_id, time_t now)
{
	buf_t *b = step_cmd_begin(CMD_STEP_CANCEL, now);

	pack32(b, job_id);
	pack32(b, step_id);
	return b;
}

/* CMD_STEP_CANCEL with a trailing byte: the state the step ends in
 * (logs written before it have none: CANCELLED). */
buf_t *cmd_step_timeout(uint32_t job_id, uint32_t step_id, time_t now)
{
	buf_t *b = cmd_step_cancel(job_id, step_id, now);

	pack8(b, (uint8_t)STEP_ST_TIMEOUT);
	return b;
}

/* Whether the running step layout fits: every node the job's, its GPUS
 * (NULL: none) the job's there, and its CPUs, memory and GPUs free of
 * the other steps (unless it overlaps). */
static int step_fits(const struct state *st, const struct job *j,
		     const uint32_t *idx, const uint32_t *tasks, uint32_t n,
		     uint32_t cpt, uint64_t mem, bool overlap, bool whole,
		     const uint64_t *gpus)
{
	for (uint32_t i = 0; i < n; i++) {
		uint32_t used_cpus;
		uint64_t used_mem;

		if (idx[i] >= st->nnodes || !j->node_bits ||
		    idx[i] >= bit_size(j->node_bits) ||
		    !bit_test(j->node_bits, idx[i]) || tasks[i] == 0 ||
		    (i && idx[i] <= idx[i - 1]))
			return STATE_EINVAL;
		if (gpus && (gpus[i] & ~job_gpu_mask(j, idx[i])))
			return STATE_EINVAL;
		if (overlap)
			continue;
		if (gpus && (gpus[i] & job_steps_gpus(j, idx[i])))
			return STATE_EBUSY;
		job_steps_used(j, idx[i], &used_cpus, &used_mem);
		if ((uint64_t)used_cpus + (whole ? job_cpus_on(j, idx[i]) :
					   (uint64_t)tasks[i] * cpt) >
		    job_cpus_on(j, idx[i]))
			return STATE_EBUSY;
		if (mem && j->alloc_mem_mb &&
		    used_mem + step_mem_on(j, mem, idx[i]) >
		    job_mem_on(j, idx[i]))
			return STATE_EBUSY;
	}
	return STATE_EOK;
}

void apply_step_create(struct state *st, buf_t *b, time_t now,
		       bool gpus, struct state_result *res)
{
	uint32_t job_id = 0, n = 0, nt = 0, *idx = NULL, *tasks = NULL;
	struct step *s = xcalloc(1, sizeof(*s));
	hostlist_t *hl = NULL;
	struct job *j;
	int rc;

	unpack32(b, &job_id);
	unpack_str(b, &s->name);
	unpack32_array(b, &idx, &n);
	unpack32_array(b, &tasks, &nt);
	unpack32(b, &s->cpus_per_task);
	unpack64(b, &s->mem_mb);
	unpack32(b, &s->task_dist);
	unpack32(b, &s->time_limit);
	unpack_bool(b, &s->overlap);
	unpack_bool(b, &s->whole);
	unpack_str(b, &s->srun_host);
	unpack16(b, &s->srun_port);
	unpack32(b, &s->srun_pid);
	if (gpus && !b->failed && n == nt && n <= buf_remaining(b) / 8) {
		s->gpu_masks = xcalloc(n ? n : 1, sizeof(*s->gpu_masks));
		for (uint32_t k = 0; k < n; k++)
			unpack64(b, &s->gpu_masks[k]);
	} else if (gpus) {
		b->failed = true;
	}
	if (b->failed || n == 0 || n != nt || s->cpus_per_task == 0) {
		res->rc = STATE_EINVAL;
		goto out;
	}
	if (!(j = state_job(st, job_id))) {
		res->rc = STATE_ENOJOB;
		goto out;
	}
	if (j->state != JOB_ST_RUNNING) {
		res->rc = job_is_finished(j) ? STATE_EDONE : STATE_EBUSY;
		goto out;
	}
	rc = step_fits(st, j, idx, tasks, n, s->cpus_per_task, s->mem_mb,
		       s->overlap, s->whole, s->gpu_masks);
	if (rc != STATE_EOK) {
		res->rc = rc;
		goto out;
	}
	s->id = j->next_step_id++;
	s->nnodes = n;
	s->tasks = tasks;
	tasks = NULL;
	s->node_bits = bit_alloc(st->nnodes);
	s->ended_bits = bit_alloc(st->nnodes);
	hl = hostlist_create(NULL);
	for (uint32_t i = 0; i < n; i++) {
		bit_set(s->node_bits, idx[i]);
		hostlist_push_host(hl, st->nodes[idx[i]].name);
		s->ntasks += s->tasks[i];
		s->cpus += s->whole ? job_cpus_on(j, idx[i]) :
			   s->tasks[i] * s->cpus_per_task;
	}
	s->nodes = hostlist_ranged_string(hl);
	s->state = STEP_ST_RUNNING;
	s->start_time = now;
	j->steps = xrealloc(j->steps, (j->nsteps + 1) * sizeof(*j->steps));
	j->steps[j->nsteps++] = s;
	s = NULL;
	res->rc = STATE_EOK;
	res->job_id = job_id;
	res->step_id = j->steps[j->nsteps - 1]->id;
out:
	if (hl)
		hostlist_destroy(hl);
	step_free(s);
	free(idx);
	free(tasks);
}

/* A running step whose nodes have all reported ends with its status. */
static void step_maybe_done(struct step *s, time_t end)
{
	if (s->state != STEP_ST_RUNNING ||
	    bit_count(s->ended_bits) < bit_count(s->node_bits))
		return;
	s->state = s->exit_status == 0 ? STEP_ST_COMPLETE : STEP_ST_FAILED;
	s->end_time = end;
}

/* A step that its job's own end (srun or salloc letting the allocation
 * go, the batch script's end) found running because its nodes had not
 * reported yet: srun hears of its tasks' exits before the nodes tell the
 * controller, so it can end the job first. Once every node has reported
 * and no task died of a signal (the stop of that end sends one), the
 * tasks had ended by themselves: the step ends with their status, as in
 * Slurm, where the step's own report decides it. */
static void step_maybe_done_late(const struct job *j, struct step *s,
				 time_t end)
{
	if (s->state != STEP_ST_CANCELLED || s->end_time != j->end_time ||
	    (j->state != JOB_ST_COMPLETE && j->state != JOB_ST_FAILED) ||
	    bit_count(s->ended_bits) < bit_count(s->node_bits) ||
	    WIFSIGNALED(s->exit_status))
		return;
	s->state = s->exit_status == 0 ? STEP_ST_COMPLETE : STEP_ST_FAILED;
	if (end < s->end_time)
		s->end_time = end;
}

void apply_step_end(struct state *st, buf_t *b, time_t now,
		    struct state_result *res)
{
	uint32_t job_id = 0, step_id = 0, status = 0;
	char *node = NULL;
	time_t end = now;
	struct job *j;
	struct step *s;

	unpack32(b, &job_id);
	unpack32(b, &step_id);
	unpack_str(b, &node);
	unpack32(b, &status);
	if (unpack_time(b, &end) < 0) {
		res->rc = STATE_EINVAL;
		goto out;
	}
	if (end > now)
		end = now;
	if (!(j = state_job(st, job_id)) || !(s = job_step(j, step_id))) {
		res->rc = STATE_ENOJOB;
		goto out;
	}
	if (end < s->start_time)
		end = s->start_time;
	res->job_id = job_id;
	res->step_id = step_id;
	if (node) {
		long idx = state_node_index(st, node);

		if (idx < 0 || !bit_test(s->node_bits, (uint32_t)idx)) {
			res->rc = STATE_ENONODE;
			goto out;
		}
		bit_set(s->ended_bits, (uint32_t)idx);
	} else {
		for (int64_t i = bit_next_set(s->node_bits, 0); i >= 0;
		     i = bit_next_set(s->node_bits, (uint32_t)i + 1))
			bit_set(s->ended_bits, (uint32_t)i);
	}
	/* the worst status of its tasks, as Slurm's step exit code */
	if ((int32_t)status > s->exit_status ||
	    (s->exit_status == 0 && status != 0))
		s->exit_status = (int32_t)status;
	step_maybe_done(s, end);
	step_maybe_done_late(j, s, end);
	res->rc = STATE_EOK;
out:
	free(node);
}

void apply_step_cancel(struct state *st, buf_t *b, time_t now,
		       struct state_result *res)
{
	uint32_t job_id = 0, step_id = 0;
	uint8_t to = STEP_ST_CANCELLED;
	struct job *j;
	struct step *s;

	unpack32(b, &job_id);
	if (unpack32(b, &step_id) < 0) {
		res->rc = STATE_EINVAL;
		return;
	}
	/* cmd_step_timeout()'s end state; absent: scancel */
	if (unpack8(b, &to) < 0)
		to = STEP_ST_CANCELLED;
	if (to != STEP_ST_CANCELLED && to != STEP_ST_TIMEOUT) {
		res->rc = STATE_EINVAL;
		return;
	}
	if (!(j = state_job(st, job_id)) || !(s = job_step(j, step_id))) {
		res->rc = STATE_ENOJOB;
		return;
	}
	res->job_id = job_id;
	res->step_id = step_id;
	if (s->state != STEP_ST_RUNNING) {
		res->rc = STATE_EDONE;
		return;
	}
	s->state = (enum step_state)to;
	s->end_time = now;
	res->rc = STATE_EOK;
}

/* ---- snapshot section (format 9) ------------------------------------ */

uint32_t state_count_step_jobs(const struct state *st)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < st->njobs; i++)
		n += st->jobs[i]->nsteps || st->jobs[i]->next_step_id;
	return n;
}

void state_pack_steps(buf_t *b, const struct state *st, uint32_t njobs)
{
	pack32(b, njobs);
	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *j = st->jobs[i];

		if (!j->nsteps && !j->next_step_id)
			continue;
		pack32(b, j->id);
		pack32(b, j->next_step_id);
		pack32(b, j->nsteps);
		for (uint32_t k = 0; k < j->nsteps; k++) {
			const struct step *s = j->steps[k];

			pack32(b, s->id);
			pack_str(b, s->name);
			pack_bitstr(b, s->node_bits);
			pack_str(b, s->nodes);
			pack32_array(b, s->tasks, s->nnodes);
			pack32(b, s->cpus_per_task);
			pack64(b, s->mem_mb);
			pack32(b, s->task_dist);
			pack32(b, s->time_limit);
			pack_bool(b, s->overlap);
			pack_bool(b, s->whole);
			pack32(b, s->cpus);
			pack32(b, s->state);
			pack_time(b, s->start_time);
			pack_time(b, s->end_time);
			pack32(b, (uint32_t)s->exit_status);
			pack_bitstr(b, s->ended_bits);
			pack_str(b, s->srun_host);
			pack16(b, s->srun_port);
			pack32(b, s->srun_pid);
		}
	}
}

static struct step *unpack_step(const struct state *st, buf_t *b)
{
	struct step *s = xcalloc(1, sizeof(*s));
	uint32_t state = 0, nt = 0;

	unpack32(b, &s->id);
	unpack_str(b, &s->name);
	unpack_bitstr(b, &s->node_bits);
	unpack_str(b, &s->nodes);
	unpack32_array(b, &s->tasks, &nt);
	unpack32(b, &s->cpus_per_task);
	unpack64(b, &s->mem_mb);
	unpack32(b, &s->task_dist);
	unpack32(b, &s->time_limit);
	unpack_bool(b, &s->overlap);
	unpack_bool(b, &s->whole);
	unpack32(b, &s->cpus);
	unpack32(b, &state);
	unpack_time(b, &s->start_time);
	unpack_time(b, &s->end_time);
	unpack32(b, (uint32_t *)&s->exit_status);
	unpack_bitstr(b, &s->ended_bits);
	unpack_str(b, &s->srun_host);
	unpack16(b, &s->srun_port);
	unpack32(b, &s->srun_pid);
	s->state = (enum step_state)state;
	if (b->failed || !s->node_bits || !s->ended_bits ||
	    bit_size(s->node_bits) != st->nnodes ||
	    bit_size(s->ended_bits) != st->nnodes ||
	    nt != (uint32_t)bit_count(s->node_bits) || nt == 0 ||
	    state < STEP_ST_RUNNING || state > STEP_ST_NODE_FAIL ||
	    state == 2) {
		step_free(s);
		return NULL;
	}
	s->nnodes = nt;
	for (uint32_t i = 0; i < nt; i++)
		s->ntasks += s->tasks[i];
	return s;
}

int state_restore_steps(struct state *st, buf_t *b)
{
	uint32_t n = 0;

	if (unpack32(b, &n) < 0 || n > st->njobs)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t id = 0, next = 0, ns = 0;
		struct job *j;

		unpack32(b, &id);
		unpack32(b, &next);
		if (unpack32(b, &ns) < 0 || !(j = state_job(st, id)) ||
		    j->steps || ns > buf_remaining(b))
			return -1;
		j->next_step_id = next;
		j->steps = xcalloc(ns ? ns : 1, sizeof(*j->steps));
		for (uint32_t k = 0; k < ns; k++) {
			struct step *s = unpack_step(st, b);

			if (!s)
				return -1;
			j->steps[j->nsteps++] = s;
		}
	}
	return 0;
}

uint32_t state_count_step_gpus(const struct state *st)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < st->njobs; i++)
		for (uint32_t k = 0; k < st->jobs[i]->nsteps; k++)
			n += st->jobs[i]->steps[k]->gpu_masks != NULL;
	return n;
}

void state_pack_step_gpus(buf_t *b, const struct state *st, uint32_t n)
{
	pack32(b, n);
	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *j = st->jobs[i];

		for (uint32_t k = 0; k < j->nsteps; k++) {
			const struct step *s = j->steps[k];

			if (!s->gpu_masks)
				continue;
			pack32(b, j->id);
			pack32(b, s->id);
			for (uint32_t g = 0; g < s->nnodes; g++)
				pack64(b, s->gpu_masks[g]);
		}
	}
}

int state_restore_step_gpus(struct state *st, buf_t *b)
{
	uint32_t n = 0;

	if (unpack32(b, &n) < 0 || n > buf_remaining(b) / 16)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t id = 0, sid = 0;
		struct step *s;

		unpack32(b, &id);
		if (unpack32(b, &sid) < 0 ||
		    !(s = job_step(state_job(st, id), sid)) || s->gpu_masks ||
		    !s->nnodes || s->nnodes > buf_remaining(b) / 8)
			return -1;
		s->gpu_masks = xcalloc(s->nnodes, sizeof(*s->gpu_masks));
		for (uint32_t g = 0; g < s->nnodes; g++)
			unpack64(b, &s->gpu_masks[g]);
	}
	return b->failed ? -1 : 0;
}
