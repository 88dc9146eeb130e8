/* hostlist.h - Slurm hostlist expressions: "node[1-3,7]", "n[001-128]",
 * "rack[1-2]-n[01-04]", comma lists mixing forms. Parse, expand, dedupe,
 * sort (by prefix, then numerically), and compress back to the shortest
 * ranged string, with Slurm's semantics. */
#ifndef FLURM_HOSTLIST_H
#define FLURM_HOSTLIST_H

#include <stdbool.h>
#include <stddef.h>

typedef struct hostlist hostlist_t;

/* Parse EXPR; NULL or "" gives an empty list. Returns NULL with err_msg()
 * set on a malformed expression ("node[3-1]", unbalanced brackets, ...). */
hostlist_t *hostlist_create(const char *expr);
void hostlist_destroy(hostlist_t *hl);
/* Append the hosts of EXPR; 0 or -1. */
int hostlist_push(hostlist_t *hl, const char *expr);
void hostlist_push_host(hostlist_t *hl, const char *host);
size_t hostlist_count(const hostlist_t *hl);
/* The i-th host (0-based), valid until the list changes; NULL past end. */
const char *hostlist_nth(const hostlist_t *hl, size_t i);
/* Index of HOST, or -1. */
long hostlist_find(const hostlist_t *hl, const char *host);
/* Sort by prefix, then number (keeping zero padding), then suffix. */
void hostlist_sort(hostlist_t *hl);
/* Sort and drop duplicates. */
void hostlist_uniq(hostlist_t *hl);
/* Shortest ranged string ("n[1-3,7],login1"), malloc'd. The list is
 * ranged in its current order, as Slurm's hostlist_ranged_string does;
 * call hostlist_uniq() first for a canonical form. */
char *hostlist_ranged_string(const hostlist_t *hl);
/* Every host separated by SEP, malloc'd. */
char *hostlist_expanded_string(const hostlist_t *hl, const char *sep);

/* One-shot helpers. */
char *hostlist_compress(const char *expr);   /* NULL on error */

#endif
