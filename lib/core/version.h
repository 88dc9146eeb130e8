/* version.h - the FLURM release, shown by every program's -V. */
#ifndef FLURM_VERSION_H
#define FLURM_VERSION_H
#define FLURM_VERSION "0.1.0"
#endif
