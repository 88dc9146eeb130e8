/* snapshot.c - the whole model as bytes and back, for Raft snapshots.
 * Derived counters (node allocations) are not stored: restore rebuilds
 * them from the jobs, so a snapshot cannot disagree with itself. Batch
 * scripts and environments, shared in memory (intern.c), are written once
 * in a table that jobs refer to by index (format 2); format 1 snapshots,
 * with a full copy in every job, still restore. Format 3 has the same
 * layout as 2; its node flags may hold NODE_FLAG_REMOVING, which a
 * reader of format 2 would take for a node still in slurm.conf. Format 4
 * the same; its node flags may hold NODE_FLAG_DYNAMIC (added by an
 * operator), which an older reader would drop at the next CONFIG.
 * Format 5 adds a section after the jobs for allocations (salloc).
 * Format 6 has that section (maybe empty) and then one for the jobs that
 * have --no-requeue, were suspended or know their submitting host: id,
 * flags, suspension times, AllocNode:Sid. Format 7 has those two and
 * then the remembered request outcomes (CMD_ONCE, oldest first); format 8
 * those three and then the jobs with dependencies (sbatch -d: id, flags,
 * each dependency with its decided state); format 9 those four and then
 * the jobs' steps; format 10 those five and then the array tasks (id,
 * array id, throttle, count, lowest, highest, stride); format 11 those
 * six and then the jobs with --mincpus, --contiguous or --open-mode;
 * format 12 those seven and then the licenses, the nodes' TmpDisk and
 * the jobs whose request the older records cannot hold, each as id, the
 * whole request (core/jobreq.h's job_req_pack, the same as the submit
 * command's) and its GPU indexes; format 13 those eight and then the
 * dependencies that name array tasks (job id, which of its dependencies,
 * what it names); format 15 the same sections as 13, its job requests
 * possibly holding --gpus-per-task (core/jobreq.c's members 24 and 25),
 * which a reader of format 13 would refuse as unknown (format 14 is not
 * one this version reads or writes); format 16 those nine and then the
 * cores each running job holds on each of its nodes (restoring an older
 * format numbers them to the running jobs in id order); format 17 those
 * ten and then the CPUs each job started with given CPUs (CMD_START_SPREAD
 * with START_CPUS_GIVEN) holds on each of its nodes; format 18 the same
 * sections as 17, its job requests possibly saying that -N named the
 * node count (core/jobreq.c's member 26), which a reader of 17 refuses;
 * format 19 the same sections, its job requests possibly holding
 * --cpus-per-gpu (member 27), which a reader of 18 refuses; format 20
 * the same, its job requests possibly holding the -c a job asked before
 * MaxMemPerCPU raised it (member 28) or saying that its memory is the
 * default (member 29), which a reader of 19 refuses; format 21 the
 * same, its job requests possibly holding what scontrol update gave
 * (Shared=0, MailUser, MailType, Reboot: members 30 to 33), which a
 * reader of 20 refuses; format 22 those eleven and then the GPU indexes
 * each step holds on each of its nodes (job id, step id, one mask a
 * node), for the steps created with them (CMD_STEP_CREATE_GPUS), its
 * job requests possibly holding the NumCPUs scontrol update gave
 * (member 34, min_cpus), which a reader of 21 refuses;
 * format 23 those twelve and then the nodes with an operator's
 * ActiveFeatures, Comment or Extra (node index, the three strings);
 * format 24 those thirteen and then the nodes with a reboot requested
 * or issued (node index, enum node_reboot, next state, issue time);
 * format 25 those fourteen and then the tasks of late arrays
 * (CMD_ARRAY_SUBMIT_LATE: each one's id) and the next id a task waiting
 * in such an array's record gets (a count, 0 or 1, then the id); older
 * entries and snapshots never have them; format 26 the same sections,
 * its job requests possibly marking a priority given directly (member
 * 36, prio_set), which a reader of 25 refuses; format 28 those sixteen
 * and then the jobs waiting CONFIGURING for their nodes' reboot (sbatch
 * --reboot: the job id alone), its node reboots possibly rebooting for
 * a job (NODE_REBOOT_JOB), which a reader of 26 refuses (format 27 is
 * not one this version reads or writes).
 * Each snapshot is written in the lowest format that
 * holds it, so a model without allocations or such jobs still snapshots
 * as format 4 and an older controller reads it. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "state/state.h"
#include "state/state_int.h"

#define SNAPSHOT_MAGIC   0x464c5353u   /* "FLSS" */
#define SNAPSHOT_V1      1             /* script and env inline in each job */
/* format 2: scripts and envs in shared tables */
#define SNAPSHOT_V3      3             /* 2, and nodes may be pending removal */
#define SNAPSHOT_V4      4             /* 3, and nodes may be added ones */
#define SNAPSHOT_V5      5             /* 4, and allocations (salloc) */
#define SNAPSHOT_V6      6             /* 5, and the job extras */
#define SNAPSHOT_V7      7             /* 6, and request outcomes */
#define SNAPSHOT_V8      8             /* 7, and dependencies */
#define SNAPSHOT_V9      9             /* 8, and job steps */
#define SNAPSHOT_V10     10            /* 9, and job arrays */
#define SNAPSHOT_V11     11            /* 10, and job shape extras */
#define SNAPSHOT_V12     12            /* 11, and job requests */
#define SNAPSHOT_V13     13            /* 12, and dependencies on arrays */
#define SNAPSHOT_V15     15            /* 13, and --gpus-per-task */
#define SNAPSHOT_V16     16            /* 15, and the jobs' cores */
#define SNAPSHOT_V17     17            /* 16, and given CPUs per node */
#define SNAPSHOT_V18     18            /* 17, and -N given as a count */
#define SNAPSHOT_V19     19            /* 18, and --cpus-per-gpu */
#define SNAPSHOT_V20     20            /* 19, and -c raised for memory */
#define SNAPSHOT_V21     21            /* 20, and update-only members */
#define SNAPSHOT_V22     22            /* 21, and the steps' GPUs */
#define SNAPSHOT_V23     23            /* 22, and the nodes' texts */
#define SNAPSHOT_V24     24            /* 23, and the nodes' reboots */
#define SNAPSHOT_V25     25            /* 24, and late arrays */
#define SNAPSHOT_V26     26            /* 25, and priorities set directly */
#define SNAPSHOT_VERSION 28            /* 26, and the jobs configuring */
#define BLOB_NONE        0xffffffffu   /* job without a script or env */
#define JOBX_NO_REQUEUE  0x01          /* format 6 job extras: flags */
#define JOBD_ANY         0x01          /* format 8 dependencies: "?" list */
#define JOBD_KILL_MASK   0x06          /* ... DEP_KILL_* << 1 */

/* The distinct scripts and environments of the jobs, in the order jobs
 * first use them, and which entry each job uses. Jobs share copies by
 * pointer (intern.c), so pointer identity finds the duplicates. */
struct blob_table {
	const void **ptrs;         /* open hash of the pointers seen */
	uint32_t *slots;           /* ... and the index of each */
	size_t cap;                /* power of two */
	const void **order;        /* index -> pointer */
	uint32_t *counts;          /* env tables: strings in each */
	uint32_t n;
};

static void blob_table_init(struct blob_table *t, uint32_t njobs)
{
	t->cap = 16;
	while (t->cap < (size_t)njobs * 2)
		t->cap *= 2;
	t->ptrs = xcalloc(t->cap, sizeof(*t->ptrs));
	t->slots = xcalloc(t->cap, sizeof(*t->slots));
	t->order = xcalloc(njobs ? njobs : 1, sizeof(*t->order));
	t->counts = xcalloc(njobs ? njobs : 1, sizeof(*t->counts));
	t->n = 0;
}

static void blob_table_free(struct blob_table *t)
{
	free(t->ptrs);
	free(t->slots);
	free(t->order);
	free(t->counts);
}

/* Index of P in T, added when new; BLOB_NONE for NULL. T holds at most
 * one entry per job, so it never fills up. */
static uint32_t blob_index(struct blob_table *t, const void *p, uint32_t count)
{
	uint64_t h;
	size_t i;

	if (!p)
		return BLOB_NONE;
	h = (uintptr_t)p;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 29;
	i = (size_t)h & (t->cap - 1);
	while (t->ptrs[i] && t->ptrs[i] != p)
		i = (i + 1) & (t->cap - 1);
	if (!t->ptrs[i]) {
		t->ptrs[i] = p;
		t->slots[i] = t->n;
		t->order[t->n] = p;
		t->counts[t->n] = count;
		t->n++;
	}
	return t->slots[i];
}

static void pack_job(buf_t *b, const struct job *j, uint32_t script,
		     uint32_t env)
{
	pack32(b, j->id);
	pack_str(b, j->name);
	pack_str(b, j->partition);
	pack32(b, j->uid);
	pack32(b, j->gid);
	pack_str(b, j->user);
	pack32(b, j->state);
	pack32(b, j->reason);
	pack_bool(b, j->completing);
	pack32(b, j->priority);
	pack32(b, j->min_nodes);
	pack32(b, j->max_nodes);
	pack32(b, j->num_tasks);
	pack32(b, j->cpus_per_task);
	pack32(b, j->ntasks_per_node);
	pack64(b, j->mem_mb);
	pack_bool(b, j->mem_per_cpu);
	pack32(b, j->time_limit);
	pack_bool(b, j->exclusive);
	pack_str(b, j->features);
	pack_str(b, j->req_nodes);
	pack_str(b, j->exc_nodes);
	pack_str(b, j->work_dir);
	pack_str(b, j->std_out);
	pack_str(b, j->std_err);
	pack_str(b, j->std_in);
	pack32(b, script);
	pack32(b, env);
	pack_str_array(b, j->argv, j->argc);
	pack_str(b, j->account);
	pack_str(b, j->comment);
	pack_time(b, j->submit_time);
	pack_time(b, j->eligible_time);
	pack_time(b, j->begin_time);
	pack_time(b, j->start_time);
	pack_time(b, j->end_time);
	pack_bitstr(b, j->node_bits);
	pack_str(b, j->nodes);
	pack32(b, j->batch_node);
	pack32(b, j->cpus_per_node);
	pack32(b, j->alloc_cpus);
	pack64(b, j->alloc_mem_mb);
	pack32(b, (uint32_t)j->exit_status);
	pack32(b, j->restarts);
	pack32(b, j->array_task_id);
	pack32(b, j->warn_signal);
	pack32(b, j->warn_time);
	pack32(b, j->warn_flags);
}

/* A job as pack_job wrote it. In format 2 the script and env are left
 * NULL and their table indexes returned; format 1 carries them inline. */
static struct job *unpack_job(struct state *st, buf_t *b, uint32_t version,
			      uint32_t *script, uint32_t *env)
{
	struct job *j = xcalloc(1, sizeof(*j));
	uint32_t state = 0, reason = 0, status = 0;
	uint8_t completing = 0, mpc = 0, excl = 0;

	unpack32(b, &j->id);
	unpack_str(b, &j->name);
	unpack_str(b, &j->partition);
	unpack32(b, &j->uid);
	unpack32(b, &j->gid);
	unpack_str(b, &j->user);
	unpack32(b, &state);
	unpack32(b, &reason);
	unpack8(b, &completing);
	unpack32(b, &j->priority);
	unpack32(b, &j->min_nodes);
	unpack32(b, &j->max_nodes);
	unpack32(b, &j->num_tasks);
	unpack32(b, &j->cpus_per_task);
	unpack32(b, &j->ntasks_per_node);
	unpack64(b, &j->mem_mb);
	unpack8(b, &mpc);
	unpack32(b, &j->time_limit);
	unpack8(b, &excl);
	unpack_str(b, &j->features);
	unpack_str(b, &j->req_nodes);
	unpack_str(b, &j->exc_nodes);
	unpack_str(b, &j->work_dir);
	unpack_str(b, &j->std_out);
	unpack_str(b, &j->std_err);
	unpack_str(b, &j->std_in);
	*script = *env = BLOB_NONE;
	if (version == SNAPSHOT_V1) {
		unpack_str(b, &j->script);
		unpack_str_array(b, &j->env, &j->env_count);
	} else {
		unpack32(b, script);
		unpack32(b, env);
	}
	unpack_str_array(b, &j->argv, &j->argc);
	unpack_str(b, &j->account);
	unpack_str(b, &j->comment);
	unpack_time(b, &j->submit_time);
	unpack_time(b, &j->eligible_time);
	unpack_time(b, &j->begin_time);
	unpack_time(b, &j->start_time);
	unpack_time(b, &j->end_time);
	unpack_bitstr(b, &j->node_bits);
	unpack_str(b, &j->nodes);
	unpack32(b, &j->batch_node);
	unpack32(b, &j->cpus_per_node);
	unpack32(b, &j->alloc_cpus);
	unpack64(b, &j->alloc_mem_mb);
	unpack32(b, &status);
	unpack32(b, &j->restarts);
	unpack32(b, &j->array_task_id);
	if (version != SNAPSHOT_V1) {	/* format 1 had no --signal */
		unpack32(b, &j->warn_signal);
		unpack32(b, &j->warn_time);
		unpack32(b, &j->warn_flags);
	}
	j->state = (enum job_state)state;
	j->reason = (enum job_reason)reason;
	j->completing = completing != 0;
	j->mem_per_cpu = mpc != 0;
	j->exclusive = excl != 0;
	j->exit_status = (int32_t)status;
	j->script = intern_str(st->intern, j->script);
	j->env = intern_vec(st->intern, j->env, j->env_count);
	/* DEADLINE came with format 8 */
	if (b->failed || state > JOB_ST_LAST ||
	    (state > JOB_ST_NODE_FAIL && version < SNAPSHOT_V8)) {
		job_free(st, j);
		return NULL;
	}
	return j;
}

/* Whether J's CPUs follow its tasks is not written: only such a job
 * holds fewer CPUs than its first node's times its nodes (and when the
 * tasks share out evenly, either reading gives the same CPUs). */
static void job_cpus_by_task_restore(struct job *j)
{
	uint64_t n = j->node_bits ? (uint64_t)bit_count(j->node_bits) : 0;

	j->cpus_by_task = n && !j->exclusive &&
		(j->alloc_cpus < (uint64_t)j->cpus_per_node * n ||
		 j->node_cpus);
}

/* The script table, the env table, then the jobs referring to them. */
static void pack_jobs(buf_t *b, const struct state *st)
{
	struct blob_table scripts, envs;
	uint32_t *idx = xcalloc((size_t)st->njobs * 2 + 1, sizeof(*idx));

	blob_table_init(&scripts, st->njobs);
	blob_table_init(&envs, st->njobs);
	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *j = st->jobs[i];

		idx[2 * i] = blob_index(&scripts, j->script, 0);
		/* an empty env restores as none, so write it as none */
		idx[2 * i + 1] = blob_index(&envs, j->env_count ? j->env : NULL,
					    j->env_count);
	}
	pack32(b, scripts.n);
	for (uint32_t i = 0; i < scripts.n; i++)
		pack_str(b, scripts.order[i]);
	pack32(b, envs.n);
	for (uint32_t i = 0; i < envs.n; i++)
		pack_str_array(b, (char *const *)envs.order[i], envs.counts[i]);
	pack32(b, st->njobs);
	for (uint32_t i = 0; i < st->njobs; i++)
		pack_job(b, st->jobs[i], idx[2 * i], idx[2 * i + 1]);
	blob_table_free(&scripts);
	blob_table_free(&envs);
	free(idx);
}

/* How many of ST's jobs HAS picks. */
static uint32_t count_jobs(const struct state *st,
			   bool (*has)(const struct job *j))
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < st->njobs; i++)
		n += has(st->jobs[i]);
	return n;
}

/* Format 5's section: the allocations' own fields. */
static bool job_has_alloc(const struct job *j)
{
	return j->interactive;
}

static void pack_alloc(buf_t *b, const struct job *j)
{
	pack_str(b, j->alloc_node);
	pack_str(b, j->resp_host);
	pack16(b, j->resp_port);
	pack16(b, j->other_port);
}

static int restore_alloc(struct job *j, buf_t *b)
{
	if (j->interactive)
		return -1;
	j->interactive = true;
	unpack_str(b, &j->alloc_node);
	unpack_str(b, &j->resp_host);
	unpack16(b, &j->resp_port);
	unpack16(b, &j->other_port);
	return 0;
}

/* Format 6's section: the jobs whose --no-requeue, suspension or
 * AllocNode:Sid differ from none. An allocation's submit host is in
 * format 5's section already; only its session would bring it here. */
static bool job_has_extras(const struct job *j)
{
	return j->no_requeue || j->suspend_time || j->suspended_secs ||
	       (j->alloc_node && !j->interactive) || j->alloc_sid;
}

static void pack_extras(buf_t *b, const struct job *j)
{
	pack8(b, j->no_requeue ? JOBX_NO_REQUEUE : 0);
	pack_time(b, j->suspend_time);
	pack32(b, j->suspended_secs);
	pack_str(b, j->alloc_node);
	pack32(b, j->alloc_sid);
}

static int restore_extras(struct job *j, buf_t *b)
{
	uint8_t flags = 0;
	time_t susp = 0;
	uint32_t secs = 0, sid = 0;
	char *node = NULL;

	unpack8(b, &flags);
	unpack_time(b, &susp);
	unpack32(b, &secs);
	unpack_str(b, &node);
	if (unpack32(b, &sid) < 0 || (flags & ~JOBX_NO_REQUEUE)) {
		free(node);
		return -1;
	}
	j->no_requeue = flags & JOBX_NO_REQUEUE;
	j->suspend_time = susp;
	j->suspended_secs = secs;
	free(j->alloc_node);
	j->alloc_node = node;
	j->alloc_sid = sid;
	return 0;
}

/* Format 8's section: the jobs with dependencies, --kill-on-invalid-dep,
 * --nice, --deadline or --time-min (and those a format 6 reader would
 * misread). */
static bool job_has_deps(const struct job *j)
{
	return j->ndeps || j->dep_kill || j->nice || j->deadline ||
	       j->time_min || j->state > JOB_ST_NODE_FAIL ||
	       j->reason >= JOB_REASON_DEPENDENCY;
}

static void pack_deps(buf_t *b, const struct job *j)
{
	pack8(b, (uint8_t)((j->dep_any ? JOBD_ANY : 0) | (j->dep_kill << 1)));
	pack32(b, (uint32_t)j->nice);
	pack_time(b, j->deadline);
	pack32(b, j->time_min);
	pack32(b, j->ndeps);
	for (uint32_t k = 0; k < j->ndeps; k++) {
		pack8(b, j->deps[k].type);
		pack8(b, j->deps[k].state);
		pack32(b, j->deps[k].job_id);
		pack32(b, j->deps[k].minutes);
	}
}

static int restore_deps(struct job *j, buf_t *b)
{
	uint32_t nd = 0, nice = 0, tmin = 0;
	uint8_t flags = 0;
	time_t deadline = 0;

	unpack8(b, &flags);
	unpack32(b, &nice);
	unpack_time(b, &deadline);
	unpack32(b, &tmin);
	if (unpack32(b, &nd) < 0 || j->deps ||
	    (flags & ~(JOBD_ANY | JOBD_KILL_MASK)) ||
	    ((flags & JOBD_KILL_MASK) >> 1) > DEP_KILL_NO ||
	    nd > buf_remaining(b) / 10)
		return -1;
	j->nice = (int32_t)nice;
	j->deadline = deadline;
	j->time_min = tmin;
	j->dep_any = flags & JOBD_ANY;
	j->dep_kill = (flags & JOBD_KILL_MASK) >> 1;
	j->deps = nd ? xcalloc(nd, sizeof(*j->deps)) : NULL;
	j->ndeps = nd;
	for (uint32_t k = 0; k < nd; k++) {
		struct job_dep *d = &j->deps[k];

		unpack8(b, &d->type);
		unpack8(b, &d->state);
		unpack32(b, &d->job_id);
		if (unpack32(b, &d->minutes) < 0 ||
		    d->type < DEP_AFTER || d->type > DEP_SINGLETON ||
		    d->state > DEP_FAILED)
			return -1;
	}
	return 0;
}

/* Format 10's section: the array tasks (their index is in the job). */
static bool job_has_array(const struct job *j)
{
	return j->array_job_id != 0;
}

static void pack_array_task(buf_t *b, const struct job *j)
{
	pack32(b, j->array_job_id);
	pack32(b, j->array_throttle);
	pack32(b, j->array_count);
	pack32(b, j->array_min);
	pack32(b, j->array_max);
	pack32(b, j->array_step);
}

static int restore_array_task(struct job *j, buf_t *b)
{
	if (j->array_job_id)
		return -1;
	unpack32(b, &j->array_job_id);
	unpack32(b, &j->array_throttle);
	unpack32(b, &j->array_count);
	unpack32(b, &j->array_min);
	unpack32(b, &j->array_max);
	/* the array's id not above the task's: waiting_ids_sane(), once
	 * it is known whether the array is a late one */
	if (unpack32(b, &j->array_step) < 0 || !j->array_job_id)
		return -1;
	return 0;
}

/* Format 11's section: the jobs with --mincpus, --contiguous or
 * --open-mode. */
static bool job_has_shape(const struct job *j)
{
	return j->pn_min_cpus || j->contiguous || j->open_mode;
}

static void pack_shape(buf_t *b, const struct job *j)
{
	pack32(b, j->pn_min_cpus);
	pack_bool(b, j->contiguous);
	pack8(b, j->open_mode);
}

static int restore_shape(struct job *j, buf_t *b)
{
	uint32_t mincpus = 0;
	bool contig = false;
	uint8_t mode = 0;

	unpack32(b, &mincpus);
	unpack_bool(b, &contig);
	if (unpack8(b, &mode) < 0 || mode > JOB_OPEN_TRUNCATE)
		return -1;
	j->pn_min_cpus = mincpus;
	j->contiguous = contig;
	j->open_mode = mode;
	return 0;
}

/* Format 12's first section: the licenses and each node's TmpDisk. */
static uint32_t count_resources(const struct state *st)
{
	uint32_t n = st->licenses != NULL;

	for (uint32_t i = 0; i < st->nnodes; i++)
		n += st->nodes[i].tmp_disk_mb != 0;
	return n;
}

static void pack_resources(buf_t *b, const struct state *st, uint32_t n)
{
	pack_str(b, st->licenses);
	for (uint32_t i = 0; i < st->nnodes; i++)
		pack32(b, st->nodes[i].tmp_disk_mb);
}

static int restore_resources(struct state *st, buf_t *b)
{
	unpack_str(b, &st->licenses);
	for (uint32_t i = 0; i < st->nnodes; i++)
		unpack32(b, &st->nodes[i].tmp_disk_mb);
	return b->failed ? -1 : 0;
}

/* Format 12's second section: the jobs asking for what only the request
 * packing holds (licenses, GPUs, --tmp, ...), with their whole request,
 * which replaces what the records before it said, and the GPU indexes
 * they hold on each node. */
static bool job_has_req(const struct job *j)
{
	return !job_req_legacy(&j->req) || j->gpu_masks;
}

static void pack_req(buf_t *b, const struct job *j)
{
	uint32_t nm = j->gpu_masks ? (uint32_t)bit_count(j->node_bits) : 0;

	job_req_pack(b, &j->req);
	pack32(b, nm);
	for (uint32_t k = 0; k < nm; k++)
		pack64(b, j->gpu_masks[k]);
}

static int restore_req(struct job *j, buf_t *b)
{
	uint32_t nm = 0;
	struct job_req r;

	if (j->gpu_masks)
		return -1;
	if (job_req_unpack(b, &r, true) < 0) {
		job_req_free(&r);
		return -1;
	}
	job_req_free(&j->req);
	j->req = r;
	job_req_normalize(&j->req);
	if (unpack32(b, &nm) < 0 ||
	    (nm && (!j->node_bits || nm != bit_count(j->node_bits) ||
		    nm > buf_remaining(b) / 8)))
		return -1;
	if (nm) {
		j->gpu_masks = xcalloc(nm, sizeof(*j->gpu_masks));
		for (uint32_t k = 0; k < nm; k++)
			unpack64(b, &j->gpu_masks[k]);
	}
	return 0;
}

/* Format 13's section: each dependency naming an array or one of its
 * tasks, after format 8's section gave it its place in its job. */
static uint32_t count_array_deps(const struct state *st)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < st->njobs; i++)
		for (uint32_t k = 0; k < st->jobs[i]->ndeps; k++)
			n += st->jobs[i]->deps[k].arr != DEP_ARR_NONE;
	return n;
}

static void pack_array_deps(buf_t *b, const struct state *st, uint32_t n)
{
	pack32(b, n);
	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *j = st->jobs[i];

		for (uint32_t k = 0; k < j->ndeps; k++) {
			const struct job_dep *d = &j->deps[k];

			if (d->arr == DEP_ARR_NONE)
				continue;
			pack32(b, j->id);
			pack32(b, k);
			pack8(b, d->arr);
			pack32(b, d->task);
			pack32(b, d->ref);
		}
	}
}

static int restore_array_deps(struct state *st, buf_t *b)
{
	uint32_t n = 0;

	if (unpack32(b, &n) < 0 || n > buf_remaining(b) / 17)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t id = 0, k = 0, task = 0, ref = 0;
		uint8_t arr = 0;
		struct job *j;

		unpack32(b, &id);
		unpack32(b, &k);
		unpack8(b, &arr);
		unpack32(b, &task);
		if (unpack32(b, &ref) < 0 || !(j = state_job(st, id)) ||
		    k >= j->ndeps || arr == DEP_ARR_NONE ||
		    arr > DEP_ARR_TASK || j->deps[k].type == DEP_SINGLETON)
			return -1;
		j->deps[k].arr = arr;
		j->deps[k].task = task;
		j->deps[k].ref = ref;
	}
	return 0;
}

/* Format 16's section: the cores that running jobs hold on each of their
 * nodes, for the jobs whose cores numbering the running jobs in id order
 * (what restoring does for the rest) would not give back. Most models
 * have none, and keep their lower format. */
static uint32_t count_cores(const struct state *st)
{
	uint32_t n;

	free(state_cores_to_record(st, &n));
	return n;
}

static void pack_cores(buf_t *b, const struct state *st, uint32_t n)
{
	uint32_t got;
	bool *mark = state_cores_to_record(st, &got);

	pack32(b, n);
	for (uint32_t p = 0; p < st->njobs && n; p++) {
		const struct job *j = st->jobs[p];

		if (!mark[p])
			continue;
		pack32(b, j->id);
		pack32(b, j->ncore_bits);
		for (uint32_t k = 0; k < j->ncore_bits; k++)
			pack_bitstr(b, j->core_bits[k]);
		n--;
	}
	free(mark);
}

static int restore_job_cores(struct job *j, buf_t *b)
{
	uint32_t n = 0;

	if (!j || j->core_bits || unpack32(b, &n) < 0 || !j->node_bits ||
	    !job_on_nodes(j) || n != bit_count(j->node_bits) ||
	    n > buf_remaining(b) / 4)
		return -1;
	j->core_bits = xcalloc(n ? n : 1, sizeof(*j->core_bits));
	j->ncore_bits = n;
	for (uint32_t k = 0; k < n; k++)
		if (unpack_bitstr(b, &j->core_bits[k]) < 0 ||
		    !j->core_bits[k])
			return -1;
	return 0;
}

static int restore_cores(struct state *st, buf_t *b)
{
	uint32_t n = 0;

	if (unpack32(b, &n) < 0 || n > st->njobs)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t id = 0;

		if (unpack32(b, &id) < 0 ||
		    restore_job_cores(state_job(st, id), b) < 0 || b->failed)
			return -1;
	}
	return 0;
}

/* Format 17's section: the CPUs a job started with given CPUs holds on
 * each of its nodes (what was free then decided them, so they cannot be
 * derived again). */
static bool job_has_node_cpus(const struct job *j)
{
	return j->node_cpus && j->node_bits;
}

static void pack_node_cpus(buf_t *b, const struct job *j)
{
	pack32_array(b, j->node_cpus, (uint32_t)bit_count(j->node_bits));
}

static int restore_node_cpus(struct job *j, buf_t *b)
{
	uint32_t *c = NULL, n = 0;

	/* an ended job keeps them too, for what it held */
	if (j->node_cpus || !j->node_bits ||
	    unpack32_array(b, &c, &n) < 0 || n != bit_count(j->node_bits)) {
		free(c);
		return -1;
	}
	for (uint32_t k = 0; k < n; k++)
		if (!c[k]) {
			free(c);
			return -1;
		}
	j->node_cpus = c;
	return 0;
}

/* Format 23's section: what an operator set on a node with scontrol
 * update (ActiveFeatures apart from the features, Comment, Extra). */
static bool node_has_texts(const struct node *n)
{
	return n->features_act || n->comment || n->extra;
}

static uint32_t count_node_texts(const struct state *st)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < st->nnodes; i++)
		n += node_has_texts(&st->nodes[i]);
	return n;
}

static void pack_node_texts(buf_t *b, const struct state *st, uint32_t n)
{
	pack32(b, n);
	for (uint32_t i = 0; i < st->nnodes; i++) {
		const struct node *nd = &st->nodes[i];

		if (!node_has_texts(nd))
			continue;
		pack32(b, i);
		pack_str(b, nd->features_act);
		pack_str(b, nd->comment);
		pack_str(b, nd->extra);
	}
}

static int restore_node_texts(struct state *st, buf_t *b)
{
	uint32_t n = 0;

	if (unpack32(b, &n) < 0 || n > st->nnodes)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t idx = 0;
		struct node *nd;

		if (unpack32(b, &idx) < 0 || idx >= st->nnodes)
			return -1;
		nd = &st->nodes[idx];
		if (node_has_texts(nd) ||
		    unpack_str(b, &nd->features_act) < 0 ||
		    unpack_str(b, &nd->comment) < 0 ||
		    unpack_str(b, &nd->extra) < 0 || !node_has_texts(nd))
			return -1;
	}
	return 0;
}

/* Format 24's section: the nodes with a reboot (scontrol reboot). */
static uint32_t count_node_reboots(const struct state *st)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < st->nnodes; i++)
		n += st->nodes[i].reboot != NODE_REBOOT_NONE;
	return n;
}

static void pack_node_reboots(buf_t *b, const struct state *st, uint32_t n)
{
	pack32(b, n);
	for (uint32_t i = 0; i < st->nnodes; i++) {
		const struct node *nd = &st->nodes[i];

		if (nd->reboot == NODE_REBOOT_NONE)
			continue;
		pack32(b, i);
		pack32(b, nd->reboot);
		pack32(b, nd->next_state);
		pack_time(b, nd->boot_req_time);
	}
}

static int restore_node_reboots(struct state *st, buf_t *b)
{
	uint32_t n = 0;

	if (unpack32(b, &n) < 0 || n > st->nnodes)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t idx = 0, reboot = 0, next = 0;
		time_t at = 0;
		struct node *nd;

		unpack32(b, &idx);
		unpack32(b, &reboot);
		unpack32(b, &next);
		if (unpack_time(b, &at) < 0 || idx >= st->nnodes ||
		    (reboot != NODE_REBOOT_REQUESTED &&
		     reboot != NODE_REBOOT_ISSUED &&
		     reboot != NODE_REBOOT_JOB) ||
		    (next & ~(uint32_t)(NODE_NEXT_MASK | NODE_NEXT_UNDRAIN)) ||
		    (next & NODE_NEXT_MASK) > NODE_NEXT_DOWN)
			return -1;
		nd = &st->nodes[idx];
		if (nd->reboot != NODE_REBOOT_NONE)
			return -1;
		nd->reboot = reboot;
		nd->next_state = next;
		nd->boot_req_time = at;
	}
	return 0;
}

/* Format 25's sections: the tasks of late arrays (their ids say it all)
 * and the next id a waiting task gets. */
static bool job_has_late(const struct job *j)
{
	return j->array_job_id && j->array_late;
}

/* Format 28's section: the jobs configuring, their ids alone. */
static bool job_has_configuring(const struct job *j)
{
	return j->configuring;
}

/* A record that is its job's id alone (section_pack writes that). */
static void pack_nothing(buf_t *b, const struct job *j)
{
	(void)b;
	(void)j;
}

static int restore_configuring(struct job *j, buf_t *b)
{
	(void)b;
	/* suspended meanwhile: it waits all the same */
	if (j->configuring || (j->state != JOB_ST_RUNNING &&
			       j->state != JOB_ST_SUSPENDED))
		return -1;
	j->configuring = true;
	return 0;
}

/* Whether a node reboots for a job, which a reader of 24 refuses. */
static bool has_job_reboots(const struct state *st)
{
	for (uint32_t i = 0; i < st->nnodes; i++)
		if (st->nodes[i].reboot == NODE_REBOOT_JOB)
			return true;
	return false;
}

static int restore_late(struct job *j, buf_t *b)
{
	(void)b;
	if (!j->array_job_id || j->array_late)
		return -1;
	j->array_late = true;
	return 0;
}

static uint32_t count_task_id(const struct state *st)
{
	return st->next_task_id ? 1 : 0;
}

static void pack_task_id(buf_t *b, const struct state *st, uint32_t n)
{
	pack32(b, n);
	if (n)
		pack32(b, st->next_task_id);
}

static int restore_task_id(struct state *st, buf_t *b)
{
	uint32_t n = 0;

	if (unpack32(b, &n) < 0 || n > 1)
		return -1;
	if (n && (unpack32(b, &st->next_task_id) < 0 ||
		  st->next_task_id < STATE_TASK_ID_BASE ||
		  st->next_task_id > STATE_TASK_ID_MAX))
		return -1;
	return 0;
}

/* Whether every task waiting in a late array's record is one (with an id
 * below the next such id): else a waiting id could be given twice; and
 * its array's id one given (below the next, unless ids wrap around:
 * then the search for an id skips the array's while its tasks wait).
 * An array's task has an id from the array's on, but for a late array's
 * task that took one after ids wrapped around. */
static bool waiting_ids_sane(const struct state *st)
{
	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *j = st->jobs[i];

		if (j->array_job_id > j->id &&
		    (!j->array_late || !st->params.ids_wrap))
			return false;
		if (state_task_waiting(j) &&
		    (!j->array_late || j->id >= st->next_task_id ||
		     (!st->params.ids_wrap &&
		      j->array_job_id >= st->next_job_id) ||
		     j->array_job_id == 0 ||
		     j->array_job_id >= STATE_TASK_ID_BASE))
			return false;
	}
	return true;
}

/* The sections after the jobs, in the order they are written, each with
 * the format that brought it. A snapshot holds every section of its
 * format and of the formats before, and its format is the highest one
 * whose section has something to hold (see the top).
 * Most sections hold a record for each job that has something to say
 * there (job_has): the count, then each record, which starts with the
 * job's id; section_pack() and section_restore() do that part. The
 * others (count, pack, restore) write and read the whole section. */
struct snap_section {
	uint32_t format;
	bool (*job_has)(const struct job *j);
	void (*pack_job)(buf_t *b, const struct job *j);
	int (*restore_job)(struct job *j, buf_t *b);
	uint32_t (*count)(const struct state *st);
	void (*pack)(buf_t *b, const struct state *st, uint32_t n);
	int (*restore)(struct state *st, buf_t *b);
};

static const struct snap_section sections[] = {
	{ .format = SNAPSHOT_V5, .job_has = job_has_alloc,
	  .pack_job = pack_alloc, .restore_job = restore_alloc },
	{ .format = SNAPSHOT_V6, .job_has = job_has_extras,
	  .pack_job = pack_extras, .restore_job = restore_extras },
	/* the remembered request outcomes (CMD_ONCE), oldest first */
	{ .format = SNAPSHOT_V7, .count = state_once_count,
	  .pack = state_once_pack, .restore = state_once_restore },
	{ .format = SNAPSHOT_V8, .job_has = job_has_deps,
	  .pack_job = pack_deps, .restore_job = restore_deps },
	/* the jobs' steps (step.c) */
	{ .format = SNAPSHOT_V9, .count = state_count_step_jobs,
	  .pack = state_pack_steps, .restore = state_restore_steps },
	{ .format = SNAPSHOT_V10, .job_has = job_has_array,
	  .pack_job = pack_array_task, .restore_job = restore_array_task },
	{ .format = SNAPSHOT_V11, .job_has = job_has_shape,
	  .pack_job = pack_shape, .restore_job = restore_shape },
	{ .format = SNAPSHOT_V12, .count = count_resources,
	  .pack = pack_resources, .restore = restore_resources },
	{ .format = SNAPSHOT_V12, .job_has = job_has_req,
	  .pack_job = pack_req, .restore_job = restore_req },
	{ .format = SNAPSHOT_V13, .count = count_array_deps,
	  .pack = pack_array_deps, .restore = restore_array_deps },
	{ .format = SNAPSHOT_V16, .count = count_cores,
	  .pack = pack_cores, .restore = restore_cores },
	{ .format = SNAPSHOT_V17, .job_has = job_has_node_cpus,
	  .pack_job = pack_node_cpus, .restore_job = restore_node_cpus },
	/* the GPUs each step holds (step.c) */
	{ .format = SNAPSHOT_V22, .count = state_count_step_gpus,
	  .pack = state_pack_step_gpus, .restore = state_restore_step_gpus },
	{ .format = SNAPSHOT_V23, .count = count_node_texts,
	  .pack = pack_node_texts, .restore = restore_node_texts },
	{ .format = SNAPSHOT_V24, .count = count_node_reboots,
	  .pack = pack_node_reboots, .restore = restore_node_reboots },
	{ .format = SNAPSHOT_V25, .job_has = job_has_late,
	  .pack_job = pack_nothing, .restore_job = restore_late },
	{ .format = SNAPSHOT_V25, .count = count_task_id,
	  .pack = pack_task_id, .restore = restore_task_id },
	{ .format = SNAPSHOT_VERSION, .job_has = job_has_configuring,
	  .pack_job = pack_nothing, .restore_job = restore_configuring },
};

#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))

static uint32_t section_count(const struct snap_section *s,
			      const struct state *st)
{
	return s->job_has ? count_jobs(st, s->job_has) : s->count(st);
}

static void section_pack(const struct snap_section *s, buf_t *b,
			 const struct state *st, uint32_t n)
{
	if (!s->job_has) {
		s->pack(b, st, n);
		return;
	}
	pack32(b, n);
	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *j = st->jobs[i];

		if (!s->job_has(j))
			continue;
		pack32(b, j->id);
		s->pack_job(b, j);
	}
}

static int section_restore(const struct snap_section *s, struct state *st,
			   buf_t *b)
{
	uint32_t n = 0;

	if (!s->job_has)
		return s->restore(st, b);
	if (unpack32(b, &n) < 0 || n > st->njobs)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t id = 0;
		struct job *j;

		if (unpack32(b, &id) < 0 || !(j = state_job(st, id)) ||
		    s->restore_job(j, b) < 0 || b->failed)
			return -1;
	}
	return 0;
}

/* Whether a job asks for GPUs per task, which only format 15 holds. */
static bool has_task_gpus(const struct state *st)
{
	for (uint32_t i = 0; i < st->njobs; i++)
		if (st->jobs[i]->gpus_per_task || st->jobs[i]->tres_per_task)
			return true;
	return false;
}

/* Whether a job's -N named its node count, which only format 18 holds. */
static bool has_nodes_given(const struct state *st)
{
	for (uint32_t i = 0; i < st->njobs; i++)
		if (st->jobs[i]->max_nodes_given)
			return true;
	return false;
}

/* Whether a job asks for --cpus-per-gpu, which only format 19 holds. */
static bool has_cpus_per_gpu(const struct state *st)
{
	for (uint32_t i = 0; i < st->njobs; i++)
		if (st->jobs[i]->cpus_per_gpu)
			return true;
	return false;
}

/* Whether a job's -c was raised to fit MaxMemPerCPU (what it asked is
 * kept) or it holds a default memory, which only format 20 holds. */
static bool has_cpus_asked(const struct state *st)
{
	for (uint32_t i = 0; i < st->njobs; i++)
		if (st->jobs[i]->cpus_per_task_asked ||
		    st->jobs[i]->mem_default)
			return true;
	return false;
}

/* Whether a job holds what only scontrol update gives (Shared=0,
 * MailUser, MailType, Reboot), which only format 21 holds. */
static bool has_update_members(const struct state *st)
{
	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *j = st->jobs[i];

		if (j->no_share || j->mail_user || j->mail_type || j->reboot)
			return true;
	}
	return false;
}

/* Whether a job holds the NumCPUs scontrol update gave it (request
 * member 34), which a reader of format 21 refuses. */
static bool has_min_cpus(const struct state *st)
{
	for (uint32_t i = 0; i < st->njobs; i++)
		if (st->jobs[i]->min_cpus)
			return true;
	return false;
}

/* Whether a job's priority was given directly (request member 36),
 * which a reader of format 24 refuses. */
static bool has_prio_set(const struct state *st)
{
	for (uint32_t i = 0; i < st->njobs; i++)
		if (st->jobs[i]->prio_set)
			return true;
	return false;
}

buf_t *state_snapshot(const struct state *st)
{
	buf_t *b = buf_new(4096 + (size_t)st->njobs * 256);
	uint32_t count[NSECTIONS];
	uint32_t version = SNAPSHOT_V4;

	/* the lowest format that holds the model, see the top */
	for (size_t i = 0; i < NSECTIONS; i++) {
		count[i] = section_count(&sections[i], st);
		if (count[i] && sections[i].format > version)
			version = sections[i].format;
	}
	/* format 15 adds no section: only request members 13 refuses */
	if (has_task_gpus(st) && version < SNAPSHOT_V15)
		version = SNAPSHOT_V15;
	/* nor does format 18: only request member 26, which 17 refuses */
	if (has_nodes_given(st) && version < SNAPSHOT_V18)
		version = SNAPSHOT_V18;
	/* nor format 19: only request member 27, which 18 refuses */
	if (has_cpus_per_gpu(st) && version < SNAPSHOT_V19)
		version = SNAPSHOT_V19;
	/* nor format 20: only request members 28 and 29, which 19
	 * refuses */
	if (has_cpus_asked(st) && version < SNAPSHOT_V20)
		version = SNAPSHOT_V20;
	/* nor format 21: only request members 30 to 33, which 20
	 * refuses */
	if (has_update_members(st) && version < SNAPSHOT_V21)
		version = SNAPSHOT_V21;
	/* member 34 came before format 22: its readers know it */
	if (has_min_cpus(st) && version < SNAPSHOT_V22)
		version = SNAPSHOT_V22;
	/* format 26 adds no section: only request member 36 */
	if (has_prio_set(st) && version < SNAPSHOT_V26)
		version = SNAPSHOT_V26;
	/* a node rebooting for a job that has ended: format 28 all the
	 * same */
	if (has_job_reboots(st) && version < SNAPSHOT_VERSION)
		version = SNAPSHOT_VERSION;
	pack32(b, SNAPSHOT_MAGIC);
	pack32(b, version);
	pack32(b, st->params.min_job_age);
	pack32(b, st->params.kill_wait);
	pack32(b, st->params.slurmd_timeout);
	pack32(b, st->params.return_to_service);
	pack32(b, st->params.first_job_id);
	pack32(b, (st->params.max_job_id & ~STATE_IDS_WRAP) |
	       (st->params.ids_wrap ? STATE_IDS_WRAP : 0));
	pack64(b, st->config_hash);
	pack32(b, st->config_version);
	pack32(b, st->next_job_id);
	pack32(b, st->next_prio);
	pack64(b, st->jobs_submitted);
	pack64(b, st->jobs_started);
	pack64(b, st->jobs_completed);
	pack64(b, st->jobs_failed);
	pack64(b, st->jobs_cancelled);
	pack64(b, st->jobs_timeout);
	pack64(b, st->jobs_node_fail);
	pack64(b, st->last_update);
	pack_time(b, st->now);

	pack32(b, st->nnodes);
	for (uint32_t i = 0; i < st->nnodes; i++) {
		const struct node *n = &st->nodes[i];

		pack_str(b, n->name);
		pack_str(b, n->addr);
		pack32(b, n->cpus);
		pack32(b, n->sockets);
		pack32(b, n->cores);
		pack32(b, n->threads);
		pack64(b, n->memory_mb);
		pack_str(b, n->features);
		pack_str(b, n->gres);
		pack32(b, n->weight);
		pack32(b, n->conf_state);
		pack32(b, n->base);
		pack32(b, n->flags);
		pack_str(b, n->reason);
		pack_time(b, n->reason_time);
		pack32(b, n->reason_uid);
		pack_time(b, n->boot_time);
		pack32(b, n->rep_cpus);
		pack64(b, n->rep_memory_mb);
	}
	pack32(b, st->nparts);
	for (uint32_t i = 0; i < st->nparts; i++) {
		const struct partition *p = &st->parts[i];

		pack_str(b, p->name);
		pack_str(b, p->nodes);
		pack_bitstr(b, p->node_bits);
		pack_bool(b, p->is_default);
		pack32(b, p->max_time);
		pack32(b, p->default_time);
		pack32(b, p->state);
		pack32(b, p->priority_tier);
		pack32(b, p->max_nodes);
		pack32(b, p->min_nodes);
		pack_str(b, p->allow_groups);
		pack_bool(b, p->hidden);
	}
	pack_jobs(b, st);
	for (size_t i = 0; i < NSECTIONS; i++)
		if (sections[i].format <= version)
			section_pack(&sections[i], b, st, count[i]);
	return b;
}

/* Empty ST in place: it becomes what state_new() returns. */
static void state_clear(struct state *st)
{
	struct state *fresh = state_new();
	struct state old = *st;

	*st = *fresh;
	*fresh = old;
	/* the observer belongs to the caller, not to the content */
	st->job_hook = old.job_hook;
	st->job_hook_arg = old.job_hook_arg;
	st->mem_not_counted = old.mem_not_counted;
	/* the limits move over; FRESH must not free them */
	st->max_mem = old.max_mem;
	st->part_policy = old.part_policy;
	st->npart_policy = old.npart_policy;
	fresh->part_policy = NULL;
	fresh->npart_policy = 0;
	state_free(fresh);
}

/* Format 2's tables of distinct scripts and environments, as read. */
struct blobs {
	char **scripts;
	uint32_t nscripts;
	char ***envs;
	uint32_t *env_counts;
	uint32_t nenvs;
	uint32_t *script_refs, *env_refs;  /* jobs using each entry */
};

static void blobs_free(struct blobs *t)
{
	for (uint32_t i = 0; t->scripts && i < t->nscripts; i++)
		free(t->scripts[i]);
	for (uint32_t i = 0; t->envs && i < t->nenvs; i++)
		str_array_free(t->envs[i]);
	free(t->scripts);
	free(t->envs);
	free(t->env_counts);
	free(t->script_refs);
	free(t->env_refs);
	memset(t, 0, sizeof(*t));
}

static int unpack_blobs(buf_t *b, struct blobs *t)
{
	uint32_t n = 0;

	/* every entry takes at least its 4-byte length */
	if (unpack32(b, &n) < 0 || n > buf_remaining(b) / 4)
		return -1;
	t->scripts = xcalloc(n + 1, sizeof(*t->scripts));
	t->script_refs = xcalloc(n + 1, sizeof(*t->script_refs));
	t->nscripts = n;
	for (uint32_t i = 0; i < n; i++)
		if (unpack_str(b, &t->scripts[i]) < 0 || !t->scripts[i])
			return -1;
	if (unpack32(b, &n) < 0 || n > buf_remaining(b) / 4)
		return -1;
	t->envs = xcalloc(n + 1, sizeof(*t->envs));
	t->env_counts = xcalloc(n + 1, sizeof(*t->env_counts));
	t->env_refs = xcalloc(n + 1, sizeof(*t->env_refs));
	t->nenvs = n;
	for (uint32_t i = 0; i < n; i++)
		if (unpack_str_array(b, &t->envs[i], &t->env_counts[i]) < 0 ||
		    !t->envs[i])
			return -1;
	return 0;
}

/* The jobs, and in format 2 the tables before them. Each table entry
 * becomes one shared copy holding as many references as jobs use it. */
static int restore_jobs(struct state *st, buf_t *b, uint32_t version)
{
	struct blobs t;
	struct job **jobs = NULL;
	uint32_t *idx = NULL, n = 0;
	int rc = -1;

	memset(&t, 0, sizeof(t));
	if (version != SNAPSHOT_V1 && unpack_blobs(b, &t) < 0)
		goto out;
	if (unpack32(b, &n) < 0 || n > buf_remaining(b) / 8)
		goto out;
	jobs = xcalloc((size_t)n + 1, sizeof(*jobs));
	idx = xcalloc((size_t)n * 2 + 1, sizeof(*idx));
	for (uint32_t i = 0; i < n; i++) {
		uint32_t si, ei;
		struct job *j = unpack_job(st, b, version, &si, &ei);

		if (!j)
			goto out;
		/* a pending job holds no nodes (unless requeued and still
		 * completing): apply never counted them,
		 * so later commands would take them from other jobs' counts
		 * and the model would no longer snapshot to itself */
		/* ids are unique: lookups by id would find one of two and
		 * the model would no longer snapshot to itself; and, where
		 * ids do not wrap around, below the next one to give (it
		 * must not skip ids that an older release gave) */
		if (state_job(st, j->id) ||
		    (j->id >= st->next_job_id && !state_task_waiting(j) &&
		     !st->params.ids_wrap) ||
		    (j->node_bits && bit_size(j->node_bits) != st->nnodes) ||
		    (j->node_bits && j->state == JOB_ST_PENDING &&
		     !j->completing) ||
		    (si != BLOB_NONE && si >= t.nscripts) ||
		    (ei != BLOB_NONE && ei >= t.nenvs)) {
			job_free(st, j);
			goto out;
		}
		state_job_insert(st, j);
		jobs[i] = j;
		idx[2 * i] = si;
		idx[2 * i + 1] = ei;
		if (si != BLOB_NONE)
			t.script_refs[si]++;
		if (ei != BLOB_NONE)
			t.env_refs[ei]++;
	}
	/* Hand each used entry to the intern table; it may return an equal
	 * copy it already holds, so jobs take whatever it gives back. */
	for (uint32_t k = 0; k < t.nscripts; k++)
		if (t.script_refs[k])
			t.scripts[k] = intern_str_refs(st->intern, t.scripts[k],
						       t.script_refs[k]);
	for (uint32_t k = 0; k < t.nenvs; k++)
		if (t.env_refs[k])
			t.envs[k] = intern_vec_refs(st->intern, t.envs[k],
						    t.env_counts[k], t.env_refs[k]);
	for (uint32_t i = 0; i < n; i++) {
		if (idx[2 * i] != BLOB_NONE)
			jobs[i]->script = t.scripts[idx[2 * i]];
		if (idx[2 * i + 1] != BLOB_NONE) {
			jobs[i]->env = t.envs[idx[2 * i + 1]];
			jobs[i]->env_count = t.env_counts[idx[2 * i + 1]];
		}
	}
	/* the interned entries now belong to the jobs */
	for (uint32_t k = 0; k < t.nscripts; k++)
		if (t.script_refs[k])
			t.scripts[k] = NULL;
	for (uint32_t k = 0; k < t.nenvs; k++)
		if (t.env_refs[k])
			t.envs[k] = NULL;
	rc = 0;
out:
	blobs_free(&t);
	free(jobs);
	free(idx);
	return rc;
}

int state_restore(struct state *st, const void *data, size_t len)
{
	buf_t b;
	uint32_t magic = 0, version = 0, n = 0;

	state_clear(st);
	buf_init_view(&b, data, len);
	unpack32(&b, &magic);
	unpack32(&b, &version);
	if (b.failed || magic != SNAPSHOT_MAGIC) {
		err_set("snapshot: not a FLURM state snapshot");
		return -1;
	}
	if (version < SNAPSHOT_V1 || version > SNAPSHOT_VERSION ||
	    (version > SNAPSHOT_V13 && version < SNAPSHOT_V15) ||
	    version == SNAPSHOT_V26 + 1) {
		err_set("snapshot: format %u is not one this version reads "
			"(%u to %u)", version, SNAPSHOT_V1, SNAPSHOT_VERSION);
		return -1;
	}
	unpack32(&b, &st->params.min_job_age);
	unpack32(&b, &st->params.kill_wait);
	unpack32(&b, &st->params.slurmd_timeout);
	unpack32(&b, &st->params.return_to_service);
	unpack32(&b, &st->params.first_job_id);
	unpack32(&b, &st->params.max_job_id);
	st->params.ids_wrap = (st->params.max_job_id & STATE_IDS_WRAP) != 0;
	st->params.max_job_id &= ~STATE_IDS_WRAP;
	unpack64(&b, &st->config_hash);
	unpack32(&b, &st->config_version);
	unpack32(&b, &st->next_job_id);
	unpack32(&b, &st->next_prio);
	unpack64(&b, &st->jobs_submitted);
	unpack64(&b, &st->jobs_started);
	unpack64(&b, &st->jobs_completed);
	unpack64(&b, &st->jobs_failed);
	unpack64(&b, &st->jobs_cancelled);
	unpack64(&b, &st->jobs_timeout);
	unpack64(&b, &st->jobs_node_fail);
	unpack64(&b, &st->last_update);
	unpack_time(&b, &st->now);

	if (unpack32(&b, &n) < 0 || n > buf_remaining(&b) / 8)
		goto bad;
	st->nodes = xcalloc(n ? n : 1, sizeof(*st->nodes));
	for (uint32_t i = 0; i < n; i++) {
		struct node *nd = &st->nodes[i];
		uint32_t base = 0;

		st->nnodes = i + 1;
		unpack_str(&b, &nd->name);
		unpack_str(&b, &nd->addr);
		unpack32(&b, &nd->cpus);
		unpack32(&b, &nd->sockets);
		unpack32(&b, &nd->cores);
		unpack32(&b, &nd->threads);
		unpack64(&b, &nd->memory_mb);
		unpack_str(&b, &nd->features);
		unpack_str(&b, &nd->gres);
		unpack32(&b, &nd->weight);
		unpack32(&b, &nd->conf_state);
		unpack32(&b, &base);
		unpack32(&b, &nd->flags);
		unpack_str(&b, &nd->reason);
		unpack_time(&b, &nd->reason_time);
		unpack32(&b, &nd->reason_uid);
		unpack_time(&b, &nd->boot_time);
		unpack32(&b, &nd->rep_cpus);
		unpack64(&b, &nd->rep_memory_mb);
		nd->base = (enum node_base)base;
		if (b.failed || !nd->name || base > NODE_ST_FUTURE)
			goto bad;
		/* no node was pending removal before format 3, nor added
		 * by an operator before format 4 */
		if (version < SNAPSHOT_V3)
			nd->flags &= ~NODE_FLAG_REMOVING;
		if (version < SNAPSHOT_V4)
			nd->flags &= ~NODE_FLAG_DYNAMIC;
	}
	if (unpack32(&b, &n) < 0 || n > buf_remaining(&b) / 8)
		goto bad;
	st->parts = xcalloc(n ? n : 1, sizeof(*st->parts));
	for (uint32_t i = 0; i < n; i++) {
		struct partition *p = &st->parts[i];
		uint8_t def = 0;

		st->nparts = i + 1;
		unpack_str(&b, &p->name);
		unpack_str(&b, &p->nodes);
		unpack_bitstr(&b, &p->node_bits);
		unpack8(&b, &def);
		unpack32(&b, &p->max_time);
		unpack32(&b, &p->default_time);
		unpack32(&b, &p->state);
		unpack32(&b, &p->priority_tier);
		unpack32(&b, &p->max_nodes);
		unpack32(&b, &p->min_nodes);
		unpack_str(&b, &p->allow_groups);
		if (version != SNAPSHOT_V1) {
			uint8_t hid = 0;

			unpack8(&b, &hid);
			p->hidden = hid != 0;
		}
		p->is_default = def != 0;
		if (b.failed || !p->name || !p->node_bits ||
		    bit_size(p->node_bits) != st->nnodes)
			goto bad;
	}
	if (restore_jobs(st, &b, version) < 0)
		goto bad;
	for (size_t i = 0; i < NSECTIONS; i++)
		if (sections[i].format <= version &&
		    section_restore(&sections[i], st, &b) < 0)
			goto bad;
	if (buf_remaining(&b) != 0 || !waiting_ids_sane(st))
		goto bad;
	for (uint32_t i = 0; i < st->nnodes; i++)
		node_gres_update(&st->nodes[i]);
	for (uint32_t i = 0; i < st->njobs; i++)
		job_cpus_by_task_restore(st->jobs[i]);
	state_late_below_update(st);
	state_recount_nodes(st);
	state_cores_fill(st);
	return 0;
bad:
	err_set("snapshot: truncated or corrupt state snapshot");
	state_clear(st);
	return -1;
}
