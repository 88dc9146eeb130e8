/* hostlist.h - Slurm hostlist expressions: "node[1-3,7]", "n[001-128]",
 * "rack[1-2]-n[01-04]", comma lists mixing forms. Parse, expand, dedupe,
 * sort (by prefix, then numerically), and compress back to the shortest
 * ranged string, with Slurm's semantics.
 *
 * Syntax: hosts are separated by commas or whitespace; a host may hold
 * any number of bracket groups "[1-3,7]" of decimal numbers and ranges,
 * whose digit count sets the zero padding ("[01-10]" -> 01..10). The last
 * group is the host's number; earlier groups are expanded into prefixes,
 * in Slurm's order ("a[1-2]b[3-4]" -> a1b3,a1b4,a2b3,a2b4). Text after the
 * last group ("n[1-2].ib") is accepted as Slurm 23.02 does (Slurm 22.05
 * rejects it); such hosts are kept whole and never put back in brackets,
 * so ranged strings stay readable by Slurm 22.05 clients. Malformed
 * input ("n[3-1]", "n[1-", "n]", "n[a]", "n[]", nested or unbalanced
 * brackets) is an error, as is one expression naming more than
 * HOSTLIST_MAX_EXPAND hosts. */
#ifndef FLURM_HOSTLIST_H
#define FLURM_HOSTLIST_H

#include <stdbool.h>
#include <stddef.h>

/* Most hosts one expression (one create or push call) may name. The
 * fuzz build lowers it so the limit is reached in milliseconds. */
#ifndef HOSTLIST_MAX_EXPAND
#define HOSTLIST_MAX_EXPAND 1048576
#endif

typedef struct hostlist hostlist_t;

/* Parse EXPR; NULL or "" gives an empty list. Returns NULL with err_msg()
 * set on a malformed expression ("node[3-1]", unbalanced brackets, ...). */
hostlist_t *hostlist_create(const char *expr);
void hostlist_destroy(hostlist_t *hl);
/* Append the hosts of EXPR; 0 or -1 (then HL is unchanged). */
int hostlist_push(hostlist_t *hl, const char *expr);
/* Append one host name taken literally (no brackets are parsed). */
void hostlist_push_host(hostlist_t *hl, const char *host);
size_t hostlist_count(const hostlist_t *hl);
/* The i-th host (0-based), valid until the list changes; NULL past end. */
const char *hostlist_nth(const hostlist_t *hl, size_t i);
/* Index of the first host named HOST, or -1. */
long hostlist_find(const hostlist_t *hl, const char *host);
/* Sort by prefix, then number (keeping zero padding), then suffix.
 * Duplicates stay, as with Slurm's hostlist_sort ("scontrol show
 * hostlistsorted": tux2,tux1,tux2 -> tux[1-2,2]). */
void hostlist_sort(hostlist_t *hl);
/* Sort and drop duplicates. */
void hostlist_uniq(hostlist_t *hl);
/* Shortest ranged string ("n[1-3,7],login1"), malloc'd. The list is
 * ranged in its current order, as Slurm's hostlist_ranged_string does;
 * call hostlist_uniq() first for a canonical form. */
char *hostlist_ranged_string(const hostlist_t *hl);
/* Every host separated by SEP (NULL means ","), malloc'd. */
char *hostlist_expanded_string(const hostlist_t *hl, const char *sep);

/* One-shot helpers. */
/* EXPR ranged in its given order, like "scontrol show hostlist". */
char *hostlist_compress(const char *expr);   /* NULL on error */

#endif
