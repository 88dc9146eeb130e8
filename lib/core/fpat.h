/* fpat.h - Slurm's file name patterns ("slurm-%j.out", "out.%A_%3a"):
 * walk a pattern and let the caller fill in the letters it knows. Which
 * letters mean what is the caller's (the controller fills in the array
 * ones, the node daemon the rest). */
#ifndef FLURM_FPAT_H
#define FLURM_FPAT_H

#include <stdbool.h>

/* Append to *OUT what "%[WIDTH]LETTER" stands for and return true, or
 * return false to keep that text as written. WIDTH is 0 when none was
 * given, at most 10 (Slurm's own cap). */
typedef bool (*fpat_fn)(char **out, char letter, int width, void *arg);

/* PATTERN with each "%[width]letter" given to FN; a '%' that ends the
 * pattern stays. Returns a malloc'd string. */
char *fpat_expand(const char *pattern, fpat_fn fn, void *arg);

#endif
