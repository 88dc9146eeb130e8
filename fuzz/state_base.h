/* state_base.h - the small cluster model the state fuzz targets start
 * from, the commands that exercise a model, and the snapshot check. */
#ifndef FLURM_FUZZ_STATE_BASE_H
#define FLURM_FUZZ_STATE_BASE_H

#include <time.h>

#include "state/state.h"

#define FUZZ_T0 ((time_t)1700000000)

/* node[1-4] (4 CPUs, 1000 MB) in partition "debug", all up; job 1
 * running on node1, job 2 pending, job 3 finished. Aborts on a refusal. */
struct state *fuzz_state_base(void);
/* Apply a fixed sequence of ordinary commands (start, end, cancel,
 * node down and update, purge, submit, hold) to ST, whatever it holds:
 * a model, however it was reached, must take them without crashing. */
void fuzz_state_exercise(struct state *st);
/* A snapshot of ST must restore to a model whose snapshot is the same
 * bytes; abort() otherwise. */
void fuzz_state_check_snapshot(const struct state *st);

#endif
