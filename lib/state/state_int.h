/* state_int.h - helpers shared by the files of lib/state, not for users. */
#ifndef FLURM_STATE_INT_H
#define FLURM_STATE_INT_H

#include "state/state.h"

/* priority/basic as Slurm does it: the first job gets TOP - 1, each later
 * job one less, so FIFO order is also priority order. */
#define STATE_TOP_PRIORITY 0xffff0000u

/* Per-partition flag byte at the end of a CONFIG command. */
#define CMD_PART_HIDDEN 0x01

/* A submit's spec: in the older layout when its request fits it (see
 * job_req_legacy), else in CMD_SUBMIT_REQ's; REQ_LAYOUT says which to
 * read. */
void cmd_pack_spec(buf_t *b, const struct job_spec *s);
int cmd_unpack_spec(buf_t *b, struct job_spec *s, bool req_layout);
void cmd_free_spec(struct job_spec *s);

/* Free a job, dropping its references to shared scripts and envs. */
void job_free(struct state *st, struct job *j);
/* Task J of a late array leaves its array's record (it starts, an
 * update of some of the tasks waiting there names it): it takes
 * the next job id, or the array's own when no other task waits there;
 * moved to its place in st->jobs. Nothing for a task that had left it.
 * state_array_split_ok: false when it would need an id and none is left
 * (STATE_EIDS). */
bool state_array_split_ok(const struct state *st, const struct job *j);
/* state_next_job_id(), taken: the search for the next starts past it;
 * 0 (nothing taken) when every id is held. */
uint32_t state_take_job_id(struct state *st);
/* st->late_below worked out from the jobs. */
void state_late_below_update(struct state *st);
void state_array_split(struct state *st, struct job *j);
/* Waiting task J ends (cancelled, its dependency never satisfied): as
 * slurmctld clears it from its array's record, it keeps its waiting id,
 * which no client sees, unless it is the last there, which ends as the
 * array's record (the array's id). */
void state_array_end_waiting(struct state *st, struct job *j);

/* intern.c: reference-counted shared copies. The intern_* calls take
 * ownership of what they are given and return the shared copy. */
struct intern *intern_new(void);
void intern_free(struct intern *in);
char *intern_str(struct intern *in, char *s);
char **intern_vec(struct intern *in, char **v, uint32_t n);
/* The same, taking REFS references at once (snapshot restore knows how
 * many jobs share each copy). */
char *intern_str_refs(struct intern *in, char *s, uint32_t refs);
char **intern_vec_refs(struct intern *in, char **v, uint32_t n, uint32_t refs);
void intern_release_str(struct intern *in, char *s);
void intern_release_vec(struct intern *in, char **v, uint32_t n);
size_t intern_count(const struct intern *in);
void node_free_fields(struct node *n);
void part_free_fields(struct partition *p);
/* Insert a job keeping st->jobs sorted by id. */
void state_job_insert(struct state *st, struct job *j);
/* Recompute node allocation counters from the jobs holding nodes. */
void state_recount_nodes(struct state *st);
/* Give a job's resources back to its nodes. */
void state_job_release(struct state *st, struct job *j);

/* gres.c: a node's GPUs from its gres (after a CONFIG or restore), and
 * the GPU indexes a starting job takes on each of its nodes (its
 * gpu_masks; -1 when a node has too few free, nothing taken): GIVEN[k]
 * on its k-th node (node order) when the start gave them
 * (START_GPUS_GIVEN), else what its options give. The nodes' gpu_used
 * is the caller's to update. */
void node_gres_update(struct node *n);
int job_gpus_take(struct state *st, struct job *j, bool spread,
		  const uint32_t *given);
/* cores.c: the cores a starting job takes on each of its nodes (the
 * lowest its nodes' core_used leaves free, none of FULL[k] on its k-th
 * node: FULL NULL, or an entry NULL, for none), and the nodes' record of
 * them, kept by the caller as it holds and lets go of nodes. */
void job_cores_take(struct state *st, struct job *j, bitstr_t *const *full);
/* The cores of node I that SHARE or more running jobs of partition PART
 * hold, which a job sharing CPUs there may not take (OverSubscribe:
 * each partition has its own rows of cores). */
bitstr_t *node_cores_full(const struct state *st, uint32_t i,
			  const char *part, uint16_t share);
void job_cores_free(struct job *j);
void node_cores_hold(struct node *n, const bitstr_t *cores);
void node_cores_release(struct node *n, const bitstr_t *cores);
void node_cores_clear(struct node *n);
/* Give the jobs holding nodes without a record of their cores (from an
 * older snapshot) theirs, in job id order. */
void state_cores_fill(struct state *st);
/* Which of st->jobs a snapshot must hold the cores of (malloc'd flags,
 * *COUNT of them set): those holding nodes whose cores state_cores_fill
 * would not give back. */
bool *state_cores_to_record(const struct state *st, uint32_t *count);

/* once.c: CMD_ONCE and the table of request outcomes. */
void apply_once(struct state *st, buf_t *b, struct state_result *res);
uint32_t state_once_cmd_job(const void *cmd, size_t len,
			    const struct state_result *res);
bool state_once_cmd_nodes(const void *cmd, size_t len,
			  const struct state_result *res);
void state_once_remember(struct state *st, uint64_t id,
			 const struct state_result *res);
uint32_t state_once_count(const struct state *st);
void state_once_free(struct state *st);
/* the snapshot's section of outcomes; N is state_once_count(ST) */
void state_once_pack(buf_t *b, const struct state *st, uint32_t n);
int state_once_restore(struct state *st, buf_t *b);

/* step.c: steps as apply and snapshot see them. */
void step_free(struct step *s);
/* Forget a job's steps (requeue, purge). */
void job_steps_clear(struct job *j);
/* The job ended as TO: its running steps end with it (CANCELLED, or
 * TIMEOUT, NODE_FAIL as the job). */
void job_steps_end(struct job *j, enum job_state to, time_t now);
/* Renumber the steps' node bits as remap_job_refs() does the job's. */
void job_steps_remap(struct job *j, const long *map, uint32_t nold,
		     uint32_t nnodes);
void apply_step_create(struct state *st, buf_t *b, time_t now,
		       bool gpus, struct state_result *res);
void apply_step_end(struct state *st, buf_t *b, time_t now,
		    struct state_result *res);
void apply_step_cancel(struct state *st, buf_t *b, time_t now,
		       struct state_result *res);
/* Format 9's section: the jobs that have (or had) steps. */
uint32_t state_count_step_jobs(const struct state *st);
void state_pack_steps(buf_t *b, const struct state *st, uint32_t njobs);
int state_restore_steps(struct state *st, buf_t *b);
/* Snapshot format 22's section: the GPUs of the steps that hold some
 * (after the steps' own section). */
uint32_t state_count_step_gpus(const struct state *st);
void state_pack_step_gpus(buf_t *b, const struct state *st, uint32_t n);
int state_restore_step_gpus(struct state *st, buf_t *b);

/* depend.c: decide (durably) each dependency of job J that can be
 * decided at NOW, so it no longer depends on the other job's record. */
void depend_freeze(const struct state *st, struct job *j, time_t now);
/* ... of every pending job, before finished jobs are purged. */
void depend_freeze_all(struct state *st, time_t now);
/* The singleton index: made by state_new, dropped (to be built again on
 * first use) as a command starts changing the model, freed by
 * state_free. */
struct dep_index *depend_index_new(void);
void depend_index_drop(struct dep_index *ix);
void depend_index_free(struct dep_index *ix);
/* Replace J's dependencies by parsing S (NULL/"" clears) and resolving
 * its ids in ST; -1 if bad. */
int depend_set(const struct state *st, struct job *j, const char *s);

#endif
