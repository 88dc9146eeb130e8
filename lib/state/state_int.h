/* state_int.h - helpers shared by the files of lib/state, not for users. */
#ifndef FLURM_STATE_INT_H
#define FLURM_STATE_INT_H

#include "state/state.h"

/* priority/basic as Slurm does it: the first job gets TOP - 1, each later
 * job one less, so FIFO order is also priority order. */
#define STATE_TOP_PRIORITY 0xffff0000u

/* Per-partition flag byte at the end of a CONFIG command. */
#define CMD_PART_HIDDEN 0x01

void cmd_pack_spec(buf_t *b, const struct job_spec *s);
int cmd_unpack_spec(buf_t *b, struct job_spec *s);
void cmd_free_spec(struct job_spec *s);

/* Free a job, dropping its references to shared scripts and envs. */
void job_free(struct state *st, struct job *j);

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

/* depend.c: decide (durably) each dependency of job J that can be
 * decided at NOW, so it no longer depends on the other job's record. */
void depend_freeze(const struct state *st, struct job *j, time_t now);
/* ... of every pending job, before finished jobs are purged. */
void depend_freeze_all(struct state *st, time_t now);
/* Replace J's dependencies by parsing S (NULL/"" clears); -1 if bad. */
int depend_set(struct job *j, const char *s);

#endif
