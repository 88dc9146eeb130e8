/* sched.h - scheduling policy over the cluster model. It reads the model
 * and returns decisions (which job to start on which nodes); the controller
 * turns them into CMD_START commands. No I/O, no clock of its own. */
#ifndef FLURM_SCHED_H
#define FLURM_SCHED_H

#include <stdint.h>
#include <time.h>

#include "state/state.h"

struct sched_decision {
	uint32_t job_id;
	uint32_t *node_idx;        /* count entries, ascending */
	uint32_t count;
	uint32_t cpus_per_node;    /* with cpus_by_task: the first node's */
	uint64_t mem_per_node;
	bool cpus_by_task;         /* each node's CPUs follow its tasks
				    * (cmd_start_spread): --gpus-per-task,
				    * or tasks that share out unevenly */
	uint32_t *node_cpus;       /* count entries, node order: the CPUs
				    * it takes on each as slurmctld fills
				    * them from what is free (cmd_start_cpus);
				    * NULL when its shares say it */
	uint32_t *node_gpus;       /* count entries, node order: the GPUs
				    * of a job-wide --gpus dealt over them,
				    * or all of an --exclusive job's nodes
				    * (cmd_start_given); NULL otherwise */
	bool tasks_from_nodes;     /* --ntasks-per-node times its nodes
				    * differs from its -n: the start makes
				    * that its task count, as slurmctld */
	uint16_t share;            /* OverSubscribe: up to this many jobs
				    * on each of its CPUs (START_SHARED),
				    * 0 for none */
	bitstr_t **cores;          /* count entries where a partition shares
				    * CPUs: the cores the scheduler counted
				    * it to take on each (for its estimates),
				    * else NULL */
};

/* The command that starts D: CMD_START_SPREAD when each node's CPUs (or
 * GPUs) follow its tasks, its task count follows its nodes or it shares
 * CPUs, else CMD_START. */
buf_t *sched_start_cmd(const struct state *st,
		       const struct sched_decision *d, time_t now);
/* Free what D holds (not D). */
void sched_decision_free(struct sched_decision *d);

struct sched_result {
	struct sched_decision *starts;
	uint32_t nstarts;
	uint32_t considered;       /* pending jobs looked at */
	/* pending jobs whose dependency can never be satisfied (reason
	 * DependencyNeverSatisfied): kill_invalid_depend cancels them */
	uint32_t *dep_never;
	uint32_t ndep_never;
	/* pending jobs that can no longer run their time-min (else time
	 * limit) before their --deadline: cmd_deadline ends them */
	uint32_t *deadline_late;
	uint32_t ndeadline_late;
};

/* One cycle: FIFO by priority within each partition (partitions by
 * PriorityTier). Sets the soft sched_reason of jobs left pending, which
 * is why ST is not const. At most MAX_STARTS decisions (0 = no limit). */
void sched_cycle(struct state *st, time_t now, uint32_t max_starts,
		 struct sched_result *out);
void sched_result_free(struct sched_result *r);

/* Could this job ever run in its partition (on an empty, healthy
 * cluster)? 0 if yes, else -1 with a reason in err_msg(). Used to refuse
 * impossible submissions as Slurm does. */
int sched_job_possible(const struct state *st, const struct job *j);
/* What stops J in partition P whatever frees up, as slurmctld's
 * partition check sees it: more CPUs (tasks times -c or those scontrol
 * update gave it, at least one a node) than P has in all,
 * JOB_REASON_PART_CONFIG; else more nodes than it has,
 * JOB_REASON_PART_NODE_LIMIT; else JOB_REASON_NONE. slurmctld
 * (EnforcePartLimits=NO, its default) takes such a job and leaves it
 * waiting for that reason without holding up the jobs behind it;
 * sched_cycle does the same. */
enum job_reason sched_part_limit(const struct state *st, const struct job *j,
				 const struct partition *p);
/* slurmctld's test of the memory R asks against the MaxMemPerCPU or
 * MaxMemPerNode of partition P (state_max_mem): JOB_REASON_PN_MEM_LIMIT
 * when over it, else JOB_REASON_NONE. Under a per-CPU limit R is made to
 * fit as slurmctld does: a larger --mem-per-cpu multiplies -c by the
 * ratio and divides the memory a CPU by it (rounded up); a --mem takes
 * the CPUs a node needs for it (--mincpus, and -c with
 * --ntasks-per-node). A job that asks no memory counts the first node's
 * of P. */
enum job_reason sched_mem_limit(const struct state *st, struct job_req *r,
				const struct partition *p);
/* Whether sched_part_limit stops J in every partition it names (at
 * least one); a node count counts only with BY_NODES (one the user gave
 * with -N: slurmctld refuses a node count it worked out itself, from
 * --ntasks-per-node, that the partition cannot give). */
bool sched_job_over_partitions(const struct state *st, const struct job *j,
			       bool by_nodes);

/* Where and when would J start (sbatch --test-only, Slurm's will-run)?
 * As slurmctld's will-run test: on what is free now, else as the running
 * jobs end at their time limits; waiting jobs are not counted. With a
 * partition list, the one that starts it first. 0 and START, NODES
 * (ranged, to free), CPUS and PART (borrowed), or -1 when it could not
 * start with the nodes that are up. */
int sched_will_run(const struct state *st, const struct job *j, time_t now,
		   time_t *start, char **nodes, uint32_t *cpus,
		   const char **part);

#endif
