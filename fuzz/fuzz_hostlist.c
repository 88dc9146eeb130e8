/* fuzz_hostlist.c - hostlist expressions: parse, sort, uniq, ranged and
 * expanded strings, lookups. What the list prints must parse back to the
 * same hosts, so a ranged string that Slurm clients would misread is
 * caught (abort()) as well as memory errors. Expansion into one string
 * per host is only done for small lists, parsing itself is capped by
 * HOSTLIST_MAX_EXPAND. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hostlist.h"

#include "fuzz/fuzz.h"

/* Larger lists are still parsed, sorted and ranged, not expanded. */
#define EXPAND_MAX 1024

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

static void same_hosts(const char *what, const char *text, size_t count)
{
	hostlist_t *again = hostlist_create(text);

	if (!again) {
		fprintf(stderr, "%s '%s' does not parse\n", what, text);
		abort();
	}
	if (hostlist_count(again) != count) {
		fprintf(stderr, "%s '%s' names %zu hosts, not %zu\n", what,
			text, hostlist_count(again), count);
		abort();
	}
	hostlist_destroy(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *expr = fuzz_strdup(data, size);
	hostlist_t *hl = hostlist_create(expr);
	char *ranged = NULL, *expanded = NULL, *compressed = NULL;
	size_t n;

	if (!hl)
		goto done;
	n = hostlist_count(hl);
	ranged = hostlist_ranged_string(hl);
	same_hosts("ranged string", ranged, n);
	if (n && n <= EXPAND_MAX) {
		const char *first = hostlist_nth(hl, 0);

		if (!first || hostlist_find(hl, first) != 0)
			abort();
		if (hostlist_nth(hl, n) != NULL)
			abort();
		(void)hostlist_nth(hl, n - 1);
		expanded = hostlist_expanded_string(hl, ",");
		same_hosts("expanded string", expanded, n);
	}
	compressed = hostlist_compress(expr);
	if (!compressed)
		abort();
	hostlist_sort(hl);
	hostlist_uniq(hl);
	if (hostlist_count(hl) > n)
		abort();
	free(ranged);
	ranged = hostlist_ranged_string(hl);
	same_hosts("uniq ranged string", ranged, hostlist_count(hl));
	if (hostlist_push(hl, "extra[1-2]") < 0)
		abort();
done:
	free(compressed);
	free(expanded);
	free(ranged);
	hostlist_destroy(hl);
	free(expr);
	return 0;
}
