/* jobreq.h - the shape of a job request: what a job asks for (nodes,
 * tasks, CPUs, memory, time, features, nodes wanted or refused, licenses,
 * GPUs, scratch disk...). One struct shared by the submit spec, the job
 * in the model, the replicated commands, the snapshot and the node
 * protocol, with one table-driven pack/unpack and one place for the
 * defaults. Translating Slurm's job description into it is the
 * controller's; deciding where a job fits is the scheduler's.
 *
 * Adding an option: a member in JOB_REQ_FIELDS, a row with a new tag in
 * jobreq.c's table, the translation from Slurm's job description, and
 * whatever shows or uses it. */
#ifndef FLURM_JOBREQ_H
#define FLURM_JOBREQ_H

#include <stdbool.h>
#include <stdint.h>

#include "core/pack.h"

/* The members, also spelled out anonymously inside struct job and
 * struct job_spec (see JOB_REQ_MEMBERS), so j->min_nodes and
 * j->req.min_nodes name the same field. Strings are owned by whoever
 * owns the request (a job, an unpacked spec), borrowed in a spec being
 * built by the controller. */
#define JOB_REQ_FIELDS \
	uint32_t min_nodes, max_nodes;  /* -N MIN[-MAX] */ \
	uint32_t num_tasks;             /* -n */ \
	uint32_t cpus_per_task;         /* -c */ \
	uint32_t ntasks_per_node;       /* 0 = not given */ \
	uint32_t pn_min_cpus;           /* --mincpus, MinCPUsNode=, or \
					 * what it showed before a new -c; \
					 * 0 = not given */ \
	uint64_t mem_mb;                /* per node (or per CPU), 0 = none */ \
	bool mem_per_cpu;               /* mem_mb is per allocated CPU */ \
	uint32_t time_limit;            /* minutes; STATE_INFINITE; in a \
					 * spec STATE_NO_VAL = partition's */ \
	uint32_t time_min;              /* --time-min minutes, 0 = none */ \
	bool exclusive;                 /* --exclusive */ \
	bool contiguous;                /* --contiguous */ \
	uint8_t open_mode;              /* --open-mode: 0, JOB_OPEN_* */ \
	char *features;                 /* --constraint, "a&b" or "a,b" */ \
	char *req_nodes, *exc_nodes;    /* -w, -x hostlists */ \
	char *licenses;                 /* -L, "name:count,..." checked */ \
	char *tres_per_node;            /* --gres/--gpus-per-node as Slurm \
					 * shows it, "gres:gpu[:type]:N" */ \
	char *tres_per_job;             /* --gpus, "gres:gpu[:type]:N" */ \
	uint32_t gpus_per_node;         /* GPUs it needs on each node (with \
					 * gpus_per_task: set at each start, \
					 * for the nodes it got) */ \
	char *gpu_type;                 /* GPU type asked for, NULL = any */ \
	uint32_t tmp_mb;                /* --tmp: TmpDisk per node, MB */ \
	bool oversubscribe;             /* --oversubscribe (-s) */ \
	char *tres_per_task;            /* --gpus-per-task as Slurm shows \
					 * it, "gres:gpu[:type]:N" */ \
	uint32_t gpus_per_task;         /* N of --gpus-per-task, 0 = none */ \
	bool max_nodes_given;           /* -N named the count (MIN or \
					 * MIN-MAX), not derived from -n: \
					 * a waiting job shows MIN-MAX */ \
	uint32_t cpus_per_gpu;          /* --cpus-per-gpu: each node holds \
					 * at least this many CPUs for each \
					 * GPU it gives, 0 = none */ \
	uint32_t cpus_per_task_asked;   /* -c before MaxMemPerCPU raised \
					 * it (slurmctld's \
					 * orig_cpus_per_task), which a \
					 * waiting job's CPUs show; 0 = \
					 * not raised */ \
	bool mem_default;               /* it asked no memory and holds \
					 * the default of DefMemPerCPU or \
					 * DefMemPerNode, which an update \
					 * of the waiting job takes anew */ \
	bool no_share;                  /* scontrol update Shared=0: \
					 * shown OverSubscribe=NO (FLURM \
					 * never shares CPUs anyway) */ \
	char *mail_user;                /* MailUser= */ \
	uint32_t mail_type;             /* MailType=, Slurm's MAIL_* bits */ \
	bool reboot;                    /* --reboot, Reboot=yes: its \
					 * nodes reboot when it starts \
					 * (with a RebootProgram) */ \
	uint32_t min_cpus;              /* the CPUs a waiting job asks in \
					 * all when scontrol update made \
					 * them other than its tasks x -c \
					 * (NumCPUs=, MinCPUsNode=, a new \
					 * -n or -c: slurmctld's min_cpus, \
					 * shown and judged against the \
					 * partition); 0 = tasks x -c */ \
	uint32_t prio_skip;             /* in a submit: the priorities \
					 * slurmctld would have given since \
					 * the last job given one (to \
					 * submissions it made and then \
					 * refused, sbatch --test-only): \
					 * the job's is that much lower; \
					 * not kept; in older logs only \
					 * (CMD_PRIO_SKIP since) */ \
	bool prio_set;                  /* its priority was given directly \
					 * (sbatch --priority, an operator's \
					 * Priority=, a hold), slurmctld's \
					 * direct_set_prio: Nice= leaves it \
					 * and its nice as they are; a \
					 * release clears it */

struct job_req {
	JOB_REQ_FIELDS
};

/* Inside a struct: the request as a whole (.req) and each member by
 * its own name. */
#define JOB_REQ_MEMBERS \
	union { \
		struct job_req req; \
		struct { JOB_REQ_FIELDS }; \
	}

/* job_req.open_mode, with Slurm's values */
#define JOB_OPEN_APPEND   1
#define JOB_OPEN_TRUNCATE 2

/* Members named in a mask (job_req_take, scontrol update): bit N is
 * the member of number N in jobreq.c's table. */
#define JOB_REQ_BIT(num)        (1ull << (num))
#define JOB_REQ_PN_MIN_CPUS     JOB_REQ_BIT(6)
#define JOB_REQ_TIME_MIN        JOB_REQ_BIT(10)
#define JOB_REQ_EXCLUSIVE       JOB_REQ_BIT(11)
#define JOB_REQ_CONTIGUOUS      JOB_REQ_BIT(12)
#define JOB_REQ_REQ_NODES       JOB_REQ_BIT(15)
#define JOB_REQ_EXC_NODES       JOB_REQ_BIT(16)
#define JOB_REQ_LICENSES        JOB_REQ_BIT(17)
#define JOB_REQ_TRES_PER_NODE   JOB_REQ_BIT(18)
#define JOB_REQ_GPUS_PER_NODE   JOB_REQ_BIT(20)
#define JOB_REQ_GPU_TYPE        JOB_REQ_BIT(21)
#define JOB_REQ_TMP_MB          JOB_REQ_BIT(22)
#define JOB_REQ_OVERSUBSCRIBE   JOB_REQ_BIT(23)
#define JOB_REQ_NO_SHARE        JOB_REQ_BIT(30)
#define JOB_REQ_MAIL_USER       JOB_REQ_BIT(31)
#define JOB_REQ_MAIL_TYPE       JOB_REQ_BIT(32)
#define JOB_REQ_REBOOT          JOB_REQ_BIT(33)
#define JOB_REQ_MIN_CPUS        JOB_REQ_BIT(34)
#define JOB_REQ_PRIO_SET        JOB_REQ_BIT(36)

/* Pack the members that are not zero (NULL), each behind its tag. */
void job_req_pack(buf_t *b, const struct job_req *r);
/* Read what job_req_pack wrote into R (zeroed first; free with
 * job_req_free even on failure). STRICT refuses a tag this version does
 * not know (the replicated model must not drop a field); otherwise it
 * is skipped (a node daemon needs only some). 0 or -1 with err_set(). */
int job_req_unpack(buf_t *b, struct job_req *r, bool strict);
void job_req_free(struct job_req *r);
/* DST becomes a deep copy of SRC. */
void job_req_copy(struct job_req *dst, const struct job_req *src);
/* Whether MASK names members of the table only. */
bool job_req_mask_known(uint64_t mask);
/* The members MASK names move from SRC to DST (what DST held there is
 * freed; SRC's strings become DST's and are NULL in SRC). */
void job_req_take(struct job_req *dst, struct job_req *src, uint64_t mask);
/* Whether every member that came after snapshot format 11 and the
 * original submit command is zero: such a request is written in those
 * older layouts, which older controllers read. */
bool job_req_legacy(const struct job_req *r);
/* The defaults a stored request keeps, in one place: at least one node,
 * task and CPU a task, max_nodes not below min_nodes, a known open
 * mode. */
void job_req_normalize(struct job_req *r);

#endif
