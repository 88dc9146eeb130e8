/* fuzz_gres_conf.c - gres.conf text through gres_conf_parse(): any input
 * is either refused with a "FILE:LINE: reason" message or parsed into
 * records whose counts and node lookups hold together. The parser reads
 * no file; hostlists in NodeName= and File= are bounded by the fuzz
 * build's HOSTLIST_MAX_EXPAND. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/gres_conf.h"
#include "core/err.h"

#include "fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strdup(data, size);
	struct gres_conf *gc = gres_conf_parse(s, "gres.conf");
	enum gres_autodetect ad;
	uint64_t n, sum = 0;
	bool named = false;

	if (!gc) {
		if (strncmp(err_msg(), "gres.conf:", 10)) {
			fprintf(stderr, "error without file:line: %s\n",
				err_msg());
			abort();
		}
		free(s);
		return 0;
	}
	for (uint32_t i = 0; i < gc->nrecs; i++) {
		const struct gres_conf_rec *r = &gc->recs[i];

		if (r->line < 1 || (r->file && !r->nfiles)) {
			fprintf(stderr, "record %u: line %d, %u files\n", i,
				r->line, r->nfiles);
			abort();
		}
		if (r->name && !strcmp(r->name, "gpu") && !r->node_names)
			sum += r->count;
		if (r->node_names && strchr(r->node_names, '\x01'))
			named = true;
	}
	/* a node no NodeName= names gets the records for every node */
	if (!named && gres_conf_node_gpus(gc, "\x01none", &n, &ad) &&
	    n != sum) {
		fprintf(stderr, "GPUs for an unnamed node: %llu, records "
			"for all say %llu\n", (unsigned long long)n,
			(unsigned long long)sum);
		abort();
	}
	gres_conf_free(gc);
	free(s);
	return 0;
}
