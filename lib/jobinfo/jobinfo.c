/* jobinfo.c - a job's Slurm 22.05 record from the model (the translation
 * squeue and scontrol show job see), and the cache that keeps each packed
 * record until its job changes, so that listing 10,000 jobs copies bytes
 * instead of building and packing 10,000 records. What changed is the
 * controller's to say (jobinfo_cache_changed); which jobs a request wants
 * and who may see them are the controller's too. */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "core/bitstr.h"
#include "core/hostlist.h"
#include "core/xalloc.h"
#include "jobinfo/jobinfo.h"
#include "slurm/msg_job.h"
#include "slurm/slurm_defs.h"
#include "slurm/version.h"

/* ---- model -> Slurm records ----------------------------------------- */

static uint16_t slurm_reason(enum job_reason r)
{
	switch (r) {
	case JOB_REASON_PRIORITY: return WAIT_PRIORITY;
	case JOB_REASON_RESOURCES: return WAIT_RESOURCES;
	case JOB_REASON_HELD_USER: return WAIT_HELD_USER;
	case JOB_REASON_HELD_ADMIN: return WAIT_HELD;
	case JOB_REASON_PART_DOWN: return WAIT_PART_DOWN;
	case JOB_REASON_PART_INACTIVE: return WAIT_PART_INACTIVE;
	case JOB_REASON_PART_NODE_LIMIT: return WAIT_PART_NODE_LIMIT;
	case JOB_REASON_PART_TIME_LIMIT: return WAIT_PART_TIME_LIMIT;
	case JOB_REASON_BAD_CONSTRAINTS: return FAIL_BAD_CONSTRAINTS;
	case JOB_REASON_BEGIN_TIME: return WAIT_TIME;
	case JOB_REASON_NODE_DOWN: return FAIL_DOWN_NODE;
	case JOB_REASON_PROLOG_FAIL:
	case JOB_REASON_LAUNCH_FAIL: return FAIL_LAUNCH;
	case JOB_REASON_NODE_NOT_AVAIL: return WAIT_NODE_NOT_AVAIL;
	case JOB_REASON_DEPENDENCY: return WAIT_DEPENDENCY;
	case JOB_REASON_DEP_INVALID: return WAIT_DEP_INVALID;
	case JOB_REASON_DEADLINE: return FAIL_DEADLINE;
	case JOB_REASON_ARRAY_LIMIT: return WAIT_ARRAY_TASK_LIMIT;
	case JOB_REASON_LICENSES: return WAIT_LICENSES;
	case JOB_REASON_PART_CONFIG: return WAIT_PART_CONFIG;
	case JOB_REASON_PN_MEM_LIMIT: return WAIT_PN_MEM_LIMIT;
	default: return WAIT_NO_REASON;
	}
}

/* The reason squeue and scontrol show: a finished job without one of its
 * own says why it ended, as slurmctld's do. */
static uint16_t job_reason_slurm(const struct job *j)
{
	uint16_t r = slurm_reason(job_reason_shown(j));

	if (r != WAIT_NO_REASON)
		return r;
	switch (j->state) {
	case JOB_ST_TIMEOUT: return FAIL_TIMEOUT;
	case JOB_ST_NODE_FAIL: return FAIL_DOWN_NODE;
	/* as slurmctld's job_complete(): a script ended by a signal (or a
	 * launch that failed with a Slurm code in the status, such as
	 * ESLURMD_IO_ERROR) is JobLaunchFailure */
	case JOB_ST_FAILED:
		return WIFSIGNALED(j->exit_status) ? FAIL_LAUNCH :
						     FAIL_EXIT_CODE;
	default: return WAIT_NO_REASON;
	}
}

static uint32_t slurm_job_state(const struct job *j)
{
	static const uint32_t map[] = {
		[JOB_ST_PENDING] = JOB_PENDING,
		[JOB_ST_RUNNING] = JOB_RUNNING,
		[JOB_ST_SUSPENDED] = JOB_SUSPENDED,
		[JOB_ST_COMPLETE] = JOB_COMPLETE,
		[JOB_ST_CANCELLED] = JOB_CANCELLED,
		[JOB_ST_FAILED] = JOB_FAILED,
		[JOB_ST_TIMEOUT] = JOB_TIMEOUT,
		[JOB_ST_NODE_FAIL] = JOB_NODE_FAIL,
		[JOB_ST_DEADLINE] = JOB_DEADLINE,
	};

	/* sbatch --reboot: waiting for its nodes' reboot (squeue CF) */
	return map[j->state] | (j->completing ? JOB_COMPLETING : 0) |
		(j->configuring && j->state == JOB_ST_RUNNING ?
		 JOB_CONFIGURING : 0);
}


/* An array task not started yet (folded into its array's record). */
bool jobinfo_array_pending(const struct job *j)
{
	return j->array_job_id && j->state == JOB_ST_PENDING && !j->completing;
}

/* Whether pending task O shows as part of its array's record led by
 * REP: what squeue and scontrol show of them is the same. A task
 * updated on its own (a hold, a time limit) shows alone, as slurmctld
 * splits it off its array's record. */
static bool array_alike(const struct job *rep, const struct job *o)
{
	return o->time_limit == rep->time_limit &&
	       (o->priority == 0) == (rep->priority == 0) &&
	       o->reason == rep->reason &&
	       o->nice == rep->nice && o->min_nodes == rep->min_nodes &&
	       o->max_nodes == rep->max_nodes &&
	       o->num_tasks == rep->num_tasks &&
	       o->cpus_per_task == rep->cpus_per_task &&
	       o->mem_mb == rep->mem_mb && o->ndeps == rep->ndeps &&
	       o->restarts == rep->restarts &&
	       !strcmp(o->partition, rep->partition) &&
	       xstrsame(o->name, rep->name) &&
	       xstrsame(o->comment, rep->comment) &&
	       /* what scontrol update changes of a task on its own */
	       o->no_requeue == rep->no_requeue &&
	       o->tmp_mb == rep->tmp_mb && o->pn_min_cpus == rep->pn_min_cpus &&
	       o->time_min == rep->time_min &&
	       o->contiguous == rep->contiguous &&
	       o->oversubscribe == rep->oversubscribe &&
	       o->exclusive == rep->exclusive &&
	       o->no_share == rep->no_share && o->reboot == rep->reboot &&
	       o->mail_type == rep->mail_type &&
	       o->gpus_per_node == rep->gpus_per_node &&
	       xstrsame(o->mail_user, rep->mail_user) &&
	       xstrsame(o->req_nodes, rep->req_nodes) &&
	       xstrsame(o->exc_nodes, rep->exc_nodes) &&
	       xstrsame(o->licenses, rep->licenses) &&
	       xstrsame(o->tres_per_node, rep->tres_per_node) &&
	       xstrsame(o->work_dir, rep->work_dir) &&
	       xstrsame(o->std_out, rep->std_out);
}

/* Whether pending task O may stand for its array's record: of a late
 * array only those waiting in it (the others left it with ids of their
 * own, and show alone, as slurmctld's split tasks). */
static bool array_record_task(const struct job *o)
{
	return jobinfo_array_pending(o) &&
	       (!o->array_late || state_task_waiting(o));
}

/* The lowest-numbered pending task of J's array: only the tasks before
 * J are looked at. */
const struct job *jobinfo_array_rep(const struct state *st,
				    const struct job *j)
{
	struct array_iter it;

	if (!array_record_task(j))
		return j;
	for (const struct job *o = state_array_first(st, j->array_job_id, &it);
	     o && o != j; o = state_array_next(st, &it))
		if (array_record_task(o))
			return o;
	return j;
}

bool jobinfo_hidden(const struct job *j)
{
	return state_task_waiting(j) && j->state != JOB_ST_PENDING;
}

/* Whether pending task J is shown by its array's record, not its own. */
bool jobinfo_array_folded(const struct state *st, const struct job *j)
{
	const struct job *rep;

	if (!jobinfo_array_pending(j))
		return false;
	rep = jobinfo_array_rep(st, j);
	return rep != j && array_alike(rep, j);
}

/* The pending tasks REP's record stands for, as the "0x..." mask Slurm
 * sends in array_task_str (the client prints it as "5-99%10"). */
static char *array_pending_hex(const struct state *st, const struct job *rep)
{
	bitstr_t *bits = bit_alloc(rep->array_max + 1);
	struct array_iter it;
	char *hex;

	/* REP is the first pending task: those before it are not */
	for (const struct job *o = state_array_first(st, rep->array_job_id, &it);
	     o; o = state_array_next(st, &it))
		if (array_record_task(o) &&
		    o->array_task_id <= rep->array_max && array_alike(rep, o))
			bit_set(bits, o->array_task_id);
	hex = bit_fmt_hex(bits);
	bit_free(bits);
	return hex;
}

/* slurmctld's words for a job waiting as ReqNodeNotAvail, which squeue
 * shows for its reason: the nodes of its partition (of those it named
 * with -w) that are down or drained; not those not in service yet
 * (FUTURE), which slurmctld leaves out. */
static char *unavail_desc(const struct state *st, const struct job *j)
{
	const struct partition *p = state_part_nth(st, j->partition, 0);
	hostlist_t *req = j->req_nodes ? hostlist_create(j->req_nodes) : NULL;
	hostlist_t *hl = hostlist_create(NULL);
	char *names, *s;

	for (uint32_t i = 0; p && hl && i < st->nnodes; i++) {
		const struct node *n = &st->nodes[i];

		if (!bit_test(p->node_bits, i) || n->base == NODE_ST_FUTURE ||
		    (req && hostlist_find(req, n->name) < 0))
			continue;
		if ((n->base == NODE_ST_IDLE || n->base == NODE_ST_ALLOCATED) &&
		    !(n->flags & NODE_FLAG_DRAIN))
			continue;
		hostlist_push_host(hl, n->name);
	}
	names = hl && hostlist_count(hl) ? hostlist_ranged_string(hl) : NULL;
	s = names ? xasprintf("ReqNodeNotAvail, UnavailableNodes:%s", names) :
		xstrdup("ReqNodeNotAvail, May be reserved for other job");
	free(names);
	hostlist_destroy(hl);
	hostlist_destroy(req);
	return s;
}

/* The most CPUs (GPUS false; at least 1) or GPUs a node of J's
 * partition has (of all nodes when the partition is a list or unknown),
 * as slurmctld's max_cpu_cnt. */
static uint32_t part_node_most(const struct state *st, const struct job *j,
			       bool gpus)
{
	const struct partition *p = state_part(st, j->partition);
	uint32_t most = 0;

	for (uint32_t i = 0; i < st->nnodes; i++) {
		uint32_t v = gpus ? st->nodes[i].gpus : st->nodes[i].cpus;

		if ((!p || !p->node_bits || bit_test(p->node_bits, i)) &&
		    v > most)
			most = v;
	}
	return most || gpus ? most : 1;
}

/* The node count a pending job shows (scontrol's NumNodes, squeue %D),
 * as slurmctld guesses it before the job has nodes: its tasks at
 * --ntasks-per-node (rounded down: -n7 --ntasks-per-node=3 2), else at as many tasks of -c CPUs as
 * the largest node holds, else its tasks over the largest node's CPUs;
 * never below -N. --mincpus does not enter it (-n3 --mincpus=2 on 2-CPU
 * nodes: 2). */
static uint32_t pending_nodes_tasks(const struct state *st,
				   const struct job *j)
{
	uint32_t most = part_node_most(st, j, false), tasks = j->num_tasks, n;

	if (j->ntasks_per_node) {
		uint32_t need = (tasks + j->ntasks_per_node - 1) /
			j->ntasks_per_node;

		n = tasks / j->ntasks_per_node;
		/* the count the submission derived from it is not -N */
		if (j->min_nodes == need && j->max_nodes == need)
			return n ? n : 1;
		return n > j->min_nodes ? n : j->min_nodes;
	}
	if (j->cpus_per_task > 1) {
		uint32_t per = most / j->cpus_per_task;

		if (!per)
			per = 1;
		n = tasks / per + (tasks % per ? 1 : 0);
		return n > j->min_nodes ? n : j->min_nodes;
	}
	n = (tasks + most - 1) / most;
	return n > j->min_nodes ? n : j->min_nodes;
}

/* As pending_nodes_tasks; a job-wide --gpus that the scheduler may look
 * at (not held, no dependency) at least the nodes its GPUs need at the
 * most a node has, as slurmctld shows it once it tried (--gpus=3 on
 * 2-GPU nodes: 2; held, 1). */
static uint32_t pending_nodes(const struct state *st, const struct job *j)
{
	uint32_t n = pending_nodes_tasks(st, j), total = job_gpus_per_job(j);
	uint32_t most;

	if (total && j->priority && !j->ndeps &&
	    (most = part_node_most(st, j, true))) {
		uint32_t need = (total + most - 1) / most;

		if (j->max_nodes && j->max_nodes != STATE_INFINITE &&
		    need > j->max_nodes)
			need = j->max_nodes;
		if (need > n)
			n = need;
	}
	return n;
}

/* The upper node count a pending job shows: -N's (2-2 for -N2, 1-3 for
 * -N1-3) or that of scontrol update NumNodes=MIN-MAX; none for -n
 * without -N (the submission derived it from the task count, slurmctld
 * keeps none, also after NumNodes=MIN) or for a job-wide --gpus without
 * either; for a job from before the model kept whether -N gave it, the
 * -N range's when it is one. */
static uint32_t pending_max_nodes(const struct job *j)
{
	/* a job-wide --gpus without -N or -n: as many as it takes */
	if (j->max_nodes == STATE_INFINITE)
		return 0;
	if (j->max_nodes_given)
		return j->max_nodes;
	if (j->max_nodes == j->min_nodes || j->max_nodes == j->num_tasks)
		return 0;
	return j->max_nodes;
}

/* Whether job J holds (or, not STARTED, asks) whole nodes: --exclusive,
 * or started in a partition slurm.conf makes OverSubscribe=EXCLUSIVE. */
static bool whole_nodes(const struct state *st, const struct job *j,
			bool started)
{
	return j->exclusive ||
	       (started && state_part_exclusive(st, j->partition));
}

/* Whether the first of partitions LIST is OverSubscribe=FORCE:N, N > 1:
 * each of its jobs shares CPUs. */
static bool part_forces_share(const struct state *st, const char *list)
{
	const struct partition *p = state_part_nth(st, list, 0);
	struct job probe;

	memset(&probe, 0, sizeof(probe));
	return p && state_job_share(st, &probe, p->name) > 1;
}

/* Fill a job record; strings are borrowed from the model, TRES and DEP
 * from the caller. */
static void job_record(const struct jobinfo_ctx *x, const struct job *j,
		       struct slurm_job_info *r, char *tres, char *dep)
{
	bool started = j->start_time != 0;
	uint32_t nodes = started ? (j->node_bits ? bit_count(j->node_bits) : 0) :
		pending_nodes(x->st, j);
	uint32_t cpus = started && j->alloc_cpus ? j->alloc_cpus :
		job_pending_cpus(j);

	slurm_job_info_init(r);
	r->job_id = state_job_shown_id(j);
	if (j->array_job_id) {
		r->array_job_id = j->array_job_id;
		r->array_task_id = j->array_task_id;
		r->array_max_tasks = j->array_throttle;
	}
	r->user_id = j->uid;
	r->group_id = j->gid;
	r->job_state = slurm_job_state(j);
	r->batch_flag = j->interactive ? 0 : 1;   /* BatchFlag, salloc: 0 */
	r->state_reason = job_reason_slurm(j);
	/* what its dependencies say before a scheduling pass has (on a
	 * follower, or just after the submit), as slurmctld decides it at
	 * submit time */
	if (j->state == JOB_ST_PENDING && j->ndeps && j->priority &&
	    r->state_reason == WAIT_NO_REASON) {
		switch (depend_test(x->st, j, x->now)) {
		case DEP_PENDING: r->state_reason = WAIT_DEPENDENCY; break;
		case DEP_NEVER: r->state_reason = WAIT_DEP_INVALID; break;
		case DEP_NONE: break;
		}
	}
	r->restart_cnt = (uint16_t)j->restarts;
	r->alloc_node = j->alloc_node;
	r->alloc_sid = j->alloc_sid;
	r->requeue = j->no_requeue ? 0 : 1;
	if (j->state == JOB_ST_PENDING && j->reason == JOB_REASON_REQUEUE_HELD)
		r->state_desc = (char *)job_reason_name(j->reason);
	r->time_limit = j->time_limit;
	r->submit_time = j->submit_time;
	/* a held job, one whose --begin is ahead or one that waits for its
	 * dependencies is not eligible yet: slurmctld shows Unknown */
	if ((j->state != JOB_ST_PENDING && (started || j->priority != 0)) ||
	    (j->state == JOB_ST_PENDING && j->priority != 0 &&
	     j->begin_time <= x->st->now &&
	     depend_test(x->st, j, x->now) == DEP_NONE)) {
		r->eligible_time = j->eligible_time;
		r->accrue_time = j->eligible_time;
	} else if (j->state == JOB_ST_PENDING && j->begin_time) {
		/* a held job given a begin (scontrol update EligibleTime=)
		 * shows it, as slurmctld shows its begin time */
		r->eligible_time = j->begin_time;
	}
	r->start_time = j->start_time;
	r->end_time = j->end_time;
	/* ended before it started (cancelled while pending): slurmctld
	 * starts it when it ends, so its RunTime is 0; and one cancelled
	 * while held never was eligible (above) */
	if (!started && j->end_time && j->state != JOB_ST_PENDING)
		r->start_time = j->end_time;
	/* --begin ahead: slurmctld shows it as the earliest start (and its
	 * begin time as EligibleTime), the end a time limit later */
	if (j->state == JOB_ST_PENDING && j->begin_time > x->now) {
		r->eligible_time = j->begin_time;
		/* slurmctld's accrue time is its begin time (no accounting
		 * limits enforced), from its first scheduling pass on */
		if (j->priority != 0)
			r->accrue_time = j->begin_time;
		r->start_time = j->begin_time;
		if (j->time_limit != STATE_INFINITE)
			r->end_time = j->begin_time + (time_t)j->time_limit * 60;
	}
	r->nice = NICE_OFFSET + (uint32_t)j->nice;
	r->deadline = j->deadline;
	r->time_min = j->time_min;
	/* the scheduler's estimate, as slurmctld's backfill sets it; only
	 * the leader schedules, and a former leader's would be stale; never
	 * before its --begin */
	if (j->state == JOB_ST_PENDING && j->est_start && x->leader &&
	    j->est_start >= r->start_time) {
		r->start_time = j->est_start;
		r->sched_nodes = j->est_nodes;
	}
	if (started && !j->end_time && j->time_limit != STATE_INFINITE)
		r->end_time = job_deadline(j);
	/* slurmctld gives a job without a limit an end a year after its
	 * start, which squeue %e and scontrol's EndTime show */
	else if (started && !j->end_time)
		r->end_time = j->start_time + 365 * 24 * 60 * 60;
	/* scontrol's RunTime: pre_sus_time while suspended, and that plus
	 * the time since suspend_time once resumed */
	r->suspend_time = j->suspend_time;
	if (j->suspend_time && started)
		r->pre_sus_time = job_run_secs(j, j->suspend_time);
	r->priority = j->priority;
	r->cluster = (char *)x->cluster;
	r->nodes = j->nodes;
	r->partition = j->partition;
	r->account = j->account;
	r->comment = j->comment;
	r->batch_host = started && j->node_bits && j->batch_node < x->st->nnodes ?
		x->st->nodes[j->batch_node].name : NULL;
	r->exit_code = (uint32_t)j->exit_status;
	r->name = j->name;
	r->user_name = j->user;
	r->node_inx = j->node_bits;
	r->features = j->features;
	r->work_dir = j->work_dir;
	r->command = j->argc ? j->argv[0] : NULL;
	r->num_cpus = cpus;
	r->max_cpus = 0;   /* no CPU range: scontrol would show "NumCPUs=1-1" */
	r->num_nodes = nodes;
	r->max_nodes = started ? 0 : pending_max_nodes(j);
	/* a task for each node it asks at least, as slurmctld counts a
	 * waiting job's (--gpus=4 --gpus-per-node=2 without -n:
	 * NumTasks=2; a job-wide --gpus=3 that needs two nodes: 1) */
	r->num_tasks = !started && j->num_tasks < j->min_nodes ?
		j->min_nodes : j->num_tasks;
	/* a job that gave no task count shows a task a node it holds, as
	 * slurmctld (its node TRES): fewer once shrunk (NumNodes=) */
	if (started && nodes && nodes < r->num_tasks && !job_ntasks_given(j))
		r->num_tasks = nodes;
	r->ntasks_per_node = (uint16_t)j->ntasks_per_node;
	r->cpus_per_task = (uint16_t)j->cpus_per_task;
	/* as slurmctld records an sbatch without socket or core options:
	 * ReqB:S:C:T=0:0:*:*, Socks/Node=*, NtasksPerN:B:S:C=0:0:*:* */
	r->mc.present = true;
	r->mc.sockets_per_node = NO_VAL16;
	r->mc.cores_per_socket = NO_VAL16;
	r->mc.threads_per_core = NO_VAL16;
	r->mc.ntasks_per_socket = NO_VAL16;
	r->mc.ntasks_per_core = NO_VAL16;
	r->mc.plane_size = NO_VAL16;
	r->pn_min_cpus = (uint16_t)job_min_cpus_node(j, started);
	r->contiguous = j->contiguous;
	/* scheduled when submitted, and when started */
	r->last_sched_eval = started ? j->start_time : j->submit_time;
	r->pn_min_memory = j->mem_mb | (j->mem_per_cpu ? MEM_PER_CPU : 0);
	/* OverSubscribe= NO (--exclusive, or started in an
	 * OverSubscribe=EXCLUSIVE partition), YES (--oversubscribe, or a
	 * job of an OverSubscribe=FORCE:N partition, N > 1, once started
	 * even an --exclusive one, as slurmctld reports it), else OK */
	r->shared = whole_nodes(x->st, j, started) ? JOB_SHARED_NONE :
		j->oversubscribe ? JOB_SHARED_OK : NO_VAL16;
	if (j->no_share && r->shared != JOB_SHARED_NONE)
		r->shared = JOB_SHARED_NONE;
	if (part_forces_share(x->st, j->partition) &&
	    (started || (!j->exclusive && !j->no_share)))
		r->shared = JOB_SHARED_OK;
	/* none given: the owner, as slurmctld */
	r->mail_user = j->mail_user ? j->mail_user : j->user;
	r->mail_type = (uint16_t)j->mail_type;
	r->reboot = j->reboot;
	r->pn_min_tmp_disk = j->tmp_mb;
	r->licenses = j->licenses;
	r->tres_per_node = j->tres_per_node;
	r->tres_per_job = j->tres_per_job;
	r->tres_per_task = j->tres_per_task;
	r->req_nodes = j->req_nodes;
	r->exc_nodes = j->exc_nodes;
	r->std_err = j->std_err;
	r->std_in = j->std_in;
	r->std_out = j->std_out;
	r->tres_req_str = tres;
	r->tres_alloc_str = started ? tres : NULL;
	r->dependency = dep;
	if (started)
		r->billable_tres = cpus;
}


/* "cpu=1,mem=100M,node=1,billing=1", as slurmctld's TRES for a job:
 * memory when it asked for some (once started, when it holds some), for
 * all its nodes; its GPUs
 * (gres/gpu=N over all its nodes) when GPUS says they are tracked. A job
 * that never had nodes and asked no memory shows, as slurmctld's, the
 * memory of its partition's first node for each node it asks. */
char *jobinfo_tres(const struct state *st, const struct job *j, bool gpus)
{
	uint32_t cpus = j->alloc_cpus ? j->alloc_cpus :
		j->num_tasks * j->cpus_per_task;
	uint32_t nodes = j->node_bits ? (uint32_t)bit_count(j->node_bits) :
		j->min_nodes;
	uint32_t cpn = j->alloc_cpus && nodes ? j->alloc_cpus / nodes :
		(cpus + nodes - 1) / (nodes ? nodes : 1);
	/* before it has nodes, a per-CPU amount counts for each CPU it
	 * asks (-N2 -n3 --mem-per-cpu=100: 300M, as slurmctld), not for
	 * its CPUs a node rounded up */
	uint64_t mem = !j->node_bits && j->mem_per_cpu ? j->mem_mb * cpus :
		job_mem_per_node(j, cpn) * nodes;
	/* before it starts, the CPUs scontrol update gave it, or a -c
	 * raised to fit MaxMemPerCPU as asked, count for cpu=
	 * (slurmctld's TRES of the request), its memory for all the CPUs
	 * it will hold */
	uint32_t shown = j->node_bits ? cpus : j->min_cpus ? j->min_cpus :
		j->cpus_per_task_asked ?
		j->num_tasks * j->cpus_per_task_asked : cpus;

	/* once started, what it holds: none where memory is not counted
	 * (CR_Core), and a --gpus-per-task job's nodes may hold
	 * different memory */
	if (j->node_bits && !j->alloc_mem_mb)
		mem = 0;
	else if (j->cpus_by_task && j->node_bits) {
		mem = 0;
		for (uint32_t k = 0; k < nodes; k++)
			mem += job_mem_at(j, k);
	}

	char *s;

	/* as an update slurmctld answered "Requested partition
	 * configuration not available now" left it */
	if (j->tres_kept && !j->node_bits)
		return xstrdup(j->tres_kept);
	if (!mem && !j->node_bits) {
		const struct partition *p = state_part_nth(st, j->partition, 0);
		int64_t first = p && p->node_bits ?
			bit_next_set(p->node_bits, 0) : -1;

		if (first >= 0 && (uint32_t)first < st->nnodes)
			mem = st->nodes[first].memory_mb * nodes;
	}
	if (!mem)
		s = xasprintf("cpu=%u,node=%u,billing=%u", shown, nodes, shown);
	else
		s = xasprintf("cpu=%u,mem=%lluM,node=%u,billing=%u", shown,
			      (unsigned long long)mem, nodes, shown);
	/* once started, what it holds (a --gpus-per-task job's nodes may
	 * hold different counts) */
	if (gpus && j->gpu_masks && j->node_bits)
		xstrfmtcat(&s, ",gres/gpu=%u", job_gpus_held(j));
	else if (gpus && (j->gpus_per_node || job_gpus_per_job(j)))
		xstrfmtcat(&s, ",gres/gpu=%u", j->gpus_per_node ?
			   j->gpus_per_node * nodes : job_gpus_per_job(j));
	return s;
}


/* ---- scontrol show job -d ------------------------------------------ */

/* Cores (of threads-wide CPUs) J holds on node N, its K-th. */
static uint32_t job_cores_on(const struct job *j, const struct node *n,
			     uint32_t k)
{
	uint32_t t = n->threads ? n->threads : 1;

	return (job_cpus_at(j, k) + t - 1) / t;
}

/* Where node IDX, which J holds, comes among J's nodes. */
static uint32_t job_node_rank(const struct job *j, uint32_t idx)
{
	uint32_t k = 0;

	for (int64_t i = bit_next_set(j->node_bits, 0);
	     i >= 0 && (uint32_t)i < idx;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1))
		k++;
	return k;
}

/* For each job of the model (by its place in st->jobs) holding nodes,
 * where its cores start on each of them, in node order. */
struct jobinfo_cores {
	bool filled;
	uint32_t njobs;
	uint32_t **base;
};

struct jobinfo_cores *jobinfo_cores_new(void)
{
	return xcalloc(1, sizeof(struct jobinfo_cores));
}

void jobinfo_cores_free(struct jobinfo_cores *c)
{
	if (!c)
		return;
	for (uint32_t i = 0; i < c->njobs; i++)
		free(c->base[i]);
	free(c->base);
	free(c);
}

/* One pass over the jobs in id order, each node's next free core kept. */
static void cores_fill(struct jobinfo_cores *c, const struct state *st)
{
	uint32_t *next = xcalloc(st->nnodes ? st->nnodes : 1, sizeof(*next));

	c->filled = true;
	c->njobs = st->njobs;
	c->base = xcalloc(st->njobs ? st->njobs : 1, sizeof(*c->base));
	for (uint32_t p = 0; p < st->njobs; p++) {
		const struct job *o = st->jobs[p];
		uint32_t k = 0;

		if (!job_on_nodes(o) || !o->node_bits)
			continue;
		c->base[p] = xcalloc((size_t)bit_count(o->node_bits) + 1,
				     sizeof(uint32_t));
		for (int64_t i = bit_next_set(o->node_bits, 0);
		     i >= 0 && (uint32_t)i < st->nnodes;
		     i = bit_next_set(o->node_bits, (uint32_t)i + 1), k++) {
			c->base[p][k] = next[i];
			next[i] += job_cores_on(o, &st->nodes[i], k);
		}
	}
	free(next);
}

/* J's place in st->jobs (sorted by id), or -1. */
static long job_place(const struct state *st, const struct job *j)
{
	uint32_t lo = 0, hi = st->njobs;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (st->jobs[mid]->id < j->id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < st->njobs && st->jobs[lo] == j ? (long)lo : -1;
}

/* The first core of J's on node IDX, its K-th. FLURM counts CPUs rather
 * than pinning them, so a node's cores are numbered to its jobs in job
 * id order: the same answer on every controller, and no two jobs
 * overlap. */
static uint32_t job_core_base(const struct jobinfo_ctx *x,
			      const struct job *j, uint32_t idx, uint32_t k)
{
	const struct state *st = x->st;
	uint32_t base = 0;

	if (x->cores) {
		long p;

		if (!x->cores->filled)
			cores_fill(x->cores, st);
		p = job_place(st, j);
		if (p >= 0 && (uint32_t)p < x->cores->njobs &&
		    x->cores->base[p])
			return x->cores->base[p][k];
	}

	for (uint32_t i = 0; i < st->njobs && st->jobs[i]->id < j->id; i++) {
		const struct job *o = st->jobs[i];

		if (job_on_nodes(o) && o->node_bits &&
		    idx < bit_size(o->node_bits) && bit_test(o->node_bits, idx))
			base += job_cores_on(o, &st->nodes[idx],
					     job_node_rank(o, idx));
	}
	return base;
}

/* "gpu:2(IDX:0-1)" or "gpu:tesla:2(IDX:0-1)", as slurmctld's
 * gres_detail_str for one node. */
static char *gpu_detail(const struct job *j, uint64_t mask)
{
	bitstr_t *bits = bit_alloc(64);
	char *list, *s;

	for (uint32_t i = 0; i < 64; i++)
		if (mask & (1ull << i))
			bit_set(bits, i);
	list = bit_fmt_list(bits);
	s = xasprintf("gpu%s%s:%u(IDX:%s)", j->gpu_type ? ":" : "",
		      j->gpu_type ? j->gpu_type : "", gpu_popcount(mask), list);
	free(list);
	bit_free(bits);
	return s;
}

/* What started job J holds on each node, as slurmctld's job_resources,
 * and its GPUs there while it runs (R->gres_detail_str). */
static struct slurm_job_resources *job_detail(const struct jobinfo_ctx *x,
					      const struct job *j,
					      struct slurm_job_info *r)
{
	const struct state *st = x->st;
	struct slurm_job_resources *jr;
	uint32_t n = 0, k = 0, bits = 0;
	bool gres = j->gpu_masks &&
		(j->state == JOB_ST_RUNNING || j->state == JOB_ST_SUSPENDED);

	/* its nodes in the node table (all of them, unless the table
	 * shrank under it) */
	for (int64_t i = bit_next_set(j->node_bits, 0);
	     i >= 0 && (uint32_t)i < st->nnodes;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1))
		n++;
	if (!n)
		return NULL;
	jr = xcalloc(1, sizeof(*jr));
	jr->nhosts = n;
	jr->ncpus = j->alloc_cpus;
	jr->node_req = whole_nodes(st, j, true) ? NODE_CR_RESERVED :
		j->oversubscribe ? NODE_CR_ONE_ROW : NODE_CR_AVAILABLE;
	jr->nodes = xstrdup(j->nodes ? j->nodes : "");
	jr->whole_node = whole_nodes(st, j, true) ? 1 : 0;
	jr->cr_type = 0x0014;   /* CR_CORE | CR_MEMORY */
	jr->cpus = xcalloc(n, sizeof(*jr->cpus));
	jr->cpus_used = xcalloc(n, sizeof(*jr->cpus_used));
	jr->memory_allocated = xcalloc(n, sizeof(*jr->memory_allocated));
	jr->memory_used = xcalloc(n, sizeof(*jr->memory_used));
	jr->cpu_array_reps = xcalloc(n, sizeof(*jr->cpu_array_reps));
	jr->cpu_array_value = xcalloc(n, sizeof(*jr->cpu_array_value));
	jr->sockets_per_node = xcalloc(n, sizeof(*jr->sockets_per_node));
	jr->cores_per_socket = xcalloc(n, sizeof(*jr->cores_per_socket));
	jr->sock_core_rep_count = xcalloc(n, sizeof(*jr->sock_core_rep_count));
	if (gres) {
		r->gres_detail_str = xcalloc(n + 1, sizeof(char *));
		r->gres_detail_cnt = n;
	}
	/* first pass: sizes, run-length coded as slurmctld does */
	for (int64_t i = bit_next_set(j->node_bits, 0);
	     i >= 0 && (uint32_t)i < st->nnodes;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1), k++) {
		const struct node *nd = &st->nodes[i];
		uint16_t socks = (uint16_t)(nd->sockets ? nd->sockets : 1);
		uint16_t cores = (uint16_t)(nd->cores ? nd->cores :
					    nd->cpus ? nd->cpus : 1);
		uint32_t c = jr->cpu_array_cnt, sc = jr->sock_cnt;

		if (!k)
			jr->threads_per_core = (uint16_t)(nd->threads ?
							  nd->threads : 1);
		jr->cpus[k] = (uint16_t)job_cpus_at(j, k);
		jr->memory_allocated[k] = job_mem_at(j, k);
		if (c && jr->cpu_array_value[c - 1] == jr->cpus[k]) {
			jr->cpu_array_reps[c - 1]++;
		} else {
			jr->cpu_array_value[c] = jr->cpus[k];
			jr->cpu_array_reps[c] = 1;
			jr->cpu_array_cnt++;
		}
		if (sc && jr->sockets_per_node[sc - 1] == socks &&
		    jr->cores_per_socket[sc - 1] == cores) {
			jr->sock_core_rep_count[sc - 1]++;
		} else {
			jr->sockets_per_node[sc] = socks;
			jr->cores_per_socket[sc] = cores;
			jr->sock_core_rep_count[sc] = 1;
			jr->sock_cnt++;
		}
		bits += (uint32_t)socks * cores;
		if (gres)
			r->gres_detail_str[k] = gpu_detail(j,
							   j->gpu_masks[k]);
	}
	/* second pass: the cores it holds on each node */
	jr->core_bitmap = bit_alloc(bits);
	jr->core_bitmap_used = bit_alloc(bits);
	bits = 0;
	k = 0;
	for (int64_t i = bit_next_set(j->node_bits, 0);
	     i >= 0 && (uint32_t)i < st->nnodes;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1), k++) {
		const struct node *nd = &st->nodes[i];
		uint32_t total = (uint32_t)(nd->sockets ? nd->sockets : 1) *
			(nd->cores ? nd->cores : nd->cpus ? nd->cpus : 1);
		uint32_t base, want;

		/* the cores it took when it started */
		if (j->core_bits && k < j->ncore_bits && j->core_bits[k] &&
		    job_on_nodes(j)) {
			const bitstr_t *cb = j->core_bits[k];

			for (int64_t c = bit_next_set(cb, 0);
			     c >= 0 && (uint32_t)c < total;
			     c = bit_next_set(cb, (uint32_t)c + 1))
				bit_set(jr->core_bitmap, bits + (uint32_t)c);
			bits += total;
			continue;
		}
		/* an ended job (a restored controller has no record of
		 * its cores) or one without: numbered in job id order */
		base = job_core_base(x, j, (uint32_t)i, k);
		want = job_cores_on(j, nd, k);
		if (want > total)
			want = total;
		if (base + want > total)   /* more jobs than cores */
			base = total - want;
		for (uint32_t c = 0; c < want; c++)
			bit_set(jr->core_bitmap, bits + base + c);
		bits += total;
	}
	jr->node_bitmap = bit_copy(j->node_bits);
	return jr;
}

/* Whether J's record with SHOW_FLAGS carries its per-node detail. */
static bool has_detail(const struct job *j, uint16_t show_flags)
{
	return (show_flags & SHOW_DETAIL) && j->start_time && j->node_bits &&
	       bit_count(j->node_bits);
}

/* JOB_GRES=: the GPUs J holds over all its nodes ("gpu:4"), NULL for
 * none, as slurmctld's gres_used of a job. */
static char *job_gres_total(const struct job *j)
{
	if (!j->gpu_masks || !j->node_bits)
		return NULL;
	return xasprintf("gpu%s%s:%u", j->gpu_type ? ":" : "",
			 j->gpu_type ? j->gpu_type : "", job_gpus_held(j));
}

/* Pack J's record into B; *FLAGS_AT gets where its show_flags went. */
static void pack_at(const struct jobinfo_ctx *x, const struct job *j,
		    uint16_t show_flags, buf_t *b, size_t *flags_at)
{
	struct slurm_job_info r;
	char *tres = jobinfo_tres(x->st, j, x->gpus);
	char *dep = depend_string(x->st, j, x->now);
	char *desc = NULL;

	job_record(x, j, &r, tres, dep);
	if (j->state == JOB_ST_PENDING && r.state_reason == WAIT_NODE_NOT_AVAIL)
		r.state_desc = desc = unavail_desc(x->st, j);
	/* an array's pending tasks are one record, its first, as
	 * slurmctld's meta record: squeue shows ID_[5-99%10] */
	if (array_record_task(j) && jobinfo_array_rep(x->st, j) == j) {
		r.array_task_str = array_pending_hex(x->st, j);
		r.array_task_id = NO_VAL;
	}
	r.show_flags = show_flags;
	r.gres_total = job_gres_total(j);
	/* --cpus-per-gpu, as sbatch sent it and slurmctld shows it */
	if (j->cpus_per_gpu)
		r.cpus_per_tres = xasprintf("gres:gpu:%u", j->cpus_per_gpu);
	if (has_detail(j, show_flags))
		r.job_resrcs = job_detail(x, j, &r);
	slurm_job_info_pack_at(b, &r, flags_at);
	free(r.gres_total);
	free(r.cpus_per_tres);
	slurm_job_resources_free(r.job_resrcs);
	str_array_free(r.gres_detail_str);
	free(r.array_task_str);
	free(desc);
	free(tres);
	free(dep);
}

void jobinfo_pack(const struct jobinfo_ctx *x, const struct job *j,
		  uint16_t show_flags, buf_t *b)
{
	size_t at;

	pack_at(x, j, show_flags, b, &at);
}

/* ---- what changed when ----------------------------------------------- */

/* Note T in jobinfo_clock_changes()' scan. */
static void clock_point(time_t t, time_t since, time_t now, time_t *next,
			time_t *last)
{
	if (t > now) {
		if (!*next || t < *next)
			*next = t;
	} else if (t > since && t > *last) {
		*last = t;
	}
}

time_t jobinfo_clock_changes(const struct state *st, time_t since, time_t now,
			     time_t *next)
{
	time_t last = 0;

	*next = 0;
	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *j = st->jobs[i];

		if (j->state != JOB_ST_PENDING)
			continue;
		if (j->begin_time)
			clock_point(j->begin_time, since, now, next, &last);
		for (uint32_t k = 0; k < j->ndeps; k++) {
			const struct job_dep *d = &j->deps[k];
			const struct job *o;
			time_t t0;

			/* as depend.c decides after:ID+MIN */
			if (d->type != DEP_AFTER || !d->minutes ||
			    d->state != DEP_WAIT ||
			    !(o = state_job(st, d->job_id)) ||
			    o->state == JOB_ST_PENDING)
				continue;
			t0 = o->start_time ? o->start_time : o->end_time;
			if (t0)
				clock_point(t0 + (time_t)d->minutes * 60, since,
					    now, next, &last);
		}
	}
	return last;
}

bool jobinfo_unchanged(time_t last_update, time_t last_change)
{
	/* slurmctld's _slurm_rpc_dump_jobs: last_update - 1 >= the last
	 * change; a change in the second the list was made is a change */
	return last_update > 0 && last_update - 1 >= last_change;
}

/* ---- the cache ------------------------------------------------------ */

/* One packed record and what it was packed with that no command says. */
struct jc_entry {
	struct jc_entry *next;     /* in its bucket */
	uint32_t id;
	/* the scheduler's soft fields and the controller's role */
	enum job_reason sched_reason;
	time_t est_start;
	char *est_nodes;
	bool leader;
	uint16_t ver;              /* protocol version BYTES are in: part of
				    * the key, a record's layout differs */
	size_t flags_at;           /* show_flags within BYTES */
	size_t len;
	uint8_t bytes[];
};

struct jobinfo_cache {
	struct jc_entry **tab;     /* chained buckets, a power of 2 */
	uint32_t ntab, count;
	size_t bytes;
	char *cluster;             /* the ClusterName records show */
	uint64_t hits, misses;
};

#define JC_MIN_BUCKETS 1024u

static uint32_t jc_slot(const struct jobinfo_cache *jc, uint32_t id)
{
	return (id * 2654435761u) & (jc->ntab - 1);
}

static void jc_entry_free(struct jc_entry *e)
{
	free(e->est_nodes);
	free(e);
}

struct jobinfo_cache *jobinfo_cache_new(void)
{
	struct jobinfo_cache *jc = xcalloc(1, sizeof(*jc));

	jc->ntab = JC_MIN_BUCKETS;
	jc->tab = xcalloc(jc->ntab, sizeof(*jc->tab));
	return jc;
}

static void jc_clear(struct jobinfo_cache *jc)
{
	for (uint32_t i = 0; i < jc->ntab; i++) {
		struct jc_entry *e = jc->tab[i], *next;

		for (; e; e = next) {
			next = e->next;
			jc_entry_free(e);
		}
		jc->tab[i] = NULL;
	}
	jc->count = 0;
	jc->bytes = 0;
}

void jobinfo_cache_free(struct jobinfo_cache *jc)
{
	if (!jc)
		return;
	jc_clear(jc);
	free(jc->tab);
	free(jc->cluster);
	free(jc);
}

/* Unlink and free the entry *PP points at. */
static void jc_unlink(struct jobinfo_cache *jc, struct jc_entry **pp)
{
	struct jc_entry *e = *pp;

	*pp = e->next;
	jc->count--;
	jc->bytes -= e->len;
	jc_entry_free(e);
}

void jobinfo_cache_changed(struct jobinfo_cache *jc, uint32_t id)
{
	struct jc_entry **pp;

	if (!jc)
		return;
	if (!id) {
		jc_clear(jc);
		return;
	}
	for (pp = &jc->tab[jc_slot(jc, id)]; *pp; pp = &(*pp)->next)
		if ((*pp)->id == id) {
			jc_unlink(jc, pp);
			return;
		}
}

void jobinfo_cache_prune(struct jobinfo_cache *jc, const struct state *st)
{
	if (!jc)
		return;
	for (uint32_t i = 0; i < jc->ntab; i++) {
		struct jc_entry **pp = &jc->tab[i];

		while (*pp) {
			if (!state_job(st, (*pp)->id))
				jc_unlink(jc, pp);
			else
				pp = &(*pp)->next;
		}
	}
}

/* Twice the buckets once there are more records than buckets. */
static void jc_grow(struct jobinfo_cache *jc)
{
	uint32_t old = jc->ntab;
	struct jc_entry **tab = jc->tab;

	jc->ntab = old * 2;
	jc->tab = xcalloc(jc->ntab, sizeof(*jc->tab));
	for (uint32_t i = 0; i < old; i++) {
		struct jc_entry *e = tab[i], *next;

		for (; e; e = next) {
			uint32_t k = jc_slot(jc, e->id);

			next = e->next;
			e->next = jc->tab[k];
			jc->tab[k] = e;
		}
	}
	free(tab);
}

/* Whether J's record may be kept: it follows only J and what the cache
 * compares. A pending job's --begin ahead (by either clock), its
 * dependencies (their text and its reason follow other jobs and the
 * clock) and an array's pending tasks (one record for many) do not. */
static bool jc_keepable(const struct jobinfo_ctx *x, const struct job *j)
{
	if (j->ndeps)
		return false;
	if (j->state != JOB_ST_PENDING)
		return true;
	return !j->array_job_id && j->begin_time <= x->now &&
	       j->begin_time <= x->st->now;
}

/* Whether A and B are the same string, NULL apart from "". */
static bool str_same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Whether E was packed with what J and X show now. */
static bool jc_current(const struct jc_entry *e, const struct jobinfo_ctx *x,
		       const struct job *j, const buf_t *b)
{
	return e->ver == slurm_ver(b) && e->sched_reason == j->sched_reason &&
	       e->est_start == j->est_start && e->leader == x->leader &&
	       str_same(e->est_nodes, j->est_nodes);
}

/* Copy E's record to B with SHOW_FLAGS in it. */
static void jc_copy(const struct jc_entry *e, uint16_t show_flags, buf_t *b)
{
	pack_raw(b, e->bytes, e->flags_at);
	pack16(b, show_flags);
	pack_raw(b, e->bytes + e->flags_at + 2, e->len - e->flags_at - 2);
}

void jobinfo_cache_pack(struct jobinfo_cache *jc, const struct jobinfo_ctx *x,
			const struct job *j, uint16_t show_flags, buf_t *b)
{
	struct jc_entry **pp, *e;
	size_t start, at;

	/* per-node detail (scontrol show job -d) follows other jobs'
	 * cores: packed afresh, the plain listing stays cached */
	if (has_detail(j, show_flags)) {
		jobinfo_pack(x, j, show_flags, b);
		return;
	}
	if (!jc_keepable(x, j)) {
		jc->misses++;
		jobinfo_cache_changed(jc, j->id);
		jobinfo_pack(x, j, show_flags, b);
		return;
	}
	/* every record names the cluster */
	if (!str_same(jc->cluster, x->cluster)) {
		jc_clear(jc);
		free(jc->cluster);
		jc->cluster = x->cluster ? xstrdup(x->cluster) : NULL;
	}
	for (pp = &jc->tab[jc_slot(jc, j->id)]; *pp; pp = &(*pp)->next)
		if ((*pp)->id == j->id)
			break;
	if (*pp && jc_current(*pp, x, j, b)) {
		jc->hits++;
		jc_copy(*pp, show_flags, b);
		return;
	}
	if (*pp)
		jc_unlink(jc, pp);
	jc->misses++;
	start = buf_len(b);
	pack_at(x, j, show_flags, b, &at);
	e = xmalloc(sizeof(*e) + (buf_len(b) - start));
	e->id = j->id;
	e->sched_reason = j->sched_reason;
	e->est_start = j->est_start;
	e->est_nodes = j->est_nodes ? xstrdup(j->est_nodes) : NULL;
	e->leader = x->leader;
	e->ver = slurm_ver(b);
	e->flags_at = at - start;
	e->len = buf_len(b) - start;
	memcpy(e->bytes, b->data + start, e->len);
	if (jc->count >= jc->ntab)
		jc_grow(jc);
	pp = &jc->tab[jc_slot(jc, j->id)];
	e->next = *pp;
	*pp = e;
	jc->count++;
	jc->bytes += e->len;
}

void jobinfo_cache_stats(const struct jobinfo_cache *jc,
			 struct jobinfo_cache_stats *s)
{
	memset(s, 0, sizeof(*s));
	if (!jc)
		return;
	s->hits = jc->hits;
	s->misses = jc->misses;
	s->records = jc->count;
	s->bytes = jc->bytes;
}
