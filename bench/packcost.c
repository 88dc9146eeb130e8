/* packcost.c - pack N records of one Slurm reply kind at one protocol
 * version, to weigh what the version tables cost the 22.05 hot path.
 * Run it under callgrind and compare instruction counts between commits
 * (wall time is printed too, but is noisy on a shared machine):
 *   valgrind --tool=callgrind build/bench/packcost node 0x2600 10000
 * Kinds: node part job desc alloc stats conf. Prints figures, not pass or
 * fail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/pack.h"
#include "slurm/msg_alloc.h"
#include "slurm/msg_config.h"
#include "slurm/msg_job.h"
#include "slurm/msg_node.h"
#include "slurm/msg_part.h"
#include "slurm/msg_stats.h"

static const char *const kinds[] = {
	"node", "part", "job", "desc", "alloc", "stats", "conf",
};

int main(int argc, char **argv)
{
	static struct slurm_node_info n;
	static struct slurm_part_info p;
	static struct slurm_job_info j;
	static struct slurm_job_desc d;
	static struct slurm_alloc_response a;
	static struct slurm_stats s;
	static struct slurm_ctl_conf c;
	uint16_t ver = argc > 2 ? (uint16_t)strtoul(argv[2], NULL, 16) : 0;
	long count = argc > 3 ? strtol(argv[3], NULL, 10) : 10000;
	struct timespec t0, t1;
	size_t bytes = 0;
	int kind = -1;

	for (size_t k = 0; argc > 1 && k < sizeof(kinds) / sizeof(*kinds); k++)
		if (!strcmp(argv[1], kinds[k]))
			kind = (int)k;
	if (kind < 0 || count <= 0) {
		fprintf(stderr, "usage: packcost node|part|job|desc|alloc|"
			"stats|conf [VERSION_HEX] [COUNT]\n");
		return 2;
	}
	slurm_node_info_init(&n);
	slurm_part_info_init(&p);
	slurm_job_info_init(&j);
	slurm_job_desc_init(&d);
	slurm_alloc_response_init(&a);
	slurm_ctl_conf_init(&c);
	n.name = "n001";
	n.os = "Linux";
	n.tres_fmt_str = "cpu=8,mem=16000M,billing=8";
	p.name = "debug";
	p.nodes = "n[001-128]";
	j.name = "job";
	d.name = "job";
	a.node_list = "n1";
	s.parts_packed = 1;
	c.cluster_name = "cluster";
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < count; i++) {
		buf_t *b = buf_new(4096);

		b->proto = ver;
		switch (kind) {
		case 0: slurm_node_info_pack(b, &n); break;
		case 1: slurm_part_info_pack(b, &p); break;
		case 2: slurm_job_info_pack(b, &j); break;
		case 3: slurm_job_desc_pack(b, &d); break;
		case 4: slurm_alloc_response_pack(b, &a); break;
		case 5: slurm_stats_pack(b, &s); break;
		case 6: slurm_ctl_conf_pack(b, &c); break;
		}
		bytes = buf_len(b);
		buf_free(b);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("packcost %s at 0x%04x: %ld records of %zu bytes, %.1f ns each\n",
	       kinds[kind], ver ? ver : 0x2600, count, bytes,
	       ((double)(t1.tv_sec - t0.tv_sec) * 1e9 +
		(double)(t1.tv_nsec - t0.tv_nsec)) / (double)count);
	return 0;
}
