/* model.h - the four-node cluster model the state benchmarks time their
 * scheduling passes on, and the timing of one pass. */
#ifndef FLURM_BENCH_MODEL_H
#define FLURM_BENCH_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "state/state.h"

#define BENCH_T0 ((time_t)1700000000)

/* Apply command B (freed) to ST; the result code, and in *ID (when not
 * NULL) the job it names. */
int bench_apply(struct state *st, buf_t *b, uint32_t *id);
/* node[1-4] (4 CPUs, 1000 MB, all up) in partition "debug"; exits when
 * the model refuses it. */
struct state *bench_model(void);
/* A one-node, one-task batch job of alice's named NAME: the caller sets
 * what its benchmark needs. */
struct job_spec bench_job(const char *name);
/* Time one scheduling pass over ST and one squeue-like walk of every
 * job's Dependency= text; *SHOWN: the jobs that have one. */
void bench_pass(struct state *st, double *pass_ms, double *show_ms,
		size_t *shown);

#endif
