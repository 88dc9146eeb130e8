/* evsub.c - hold N subscriptions to flurmctld's admin event stream, read
 * every event, and on SIGTERM/SIGINT (or after -t seconds) print how many
 * change events arrived and their latency from the controller applying
 * the commit to this client reading it (both clocks are this machine's).
 * For bench/admin; it prints figures, not pass or fail. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "admin/admin.h"
#include "core/err.h"
#include "core/xalloc.h"

static volatile sig_atomic_t stop;
static atomic_long ready, failed;

struct sub {
	pthread_t th;
	const char *path, *topics;
	double *lat_ms;
	size_t n, cap;
	long events;
};

static void on_signal(int sig)
{
	stop = 1;
}

static uint64_t now_us(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (uint64_t)tv.tv_sec * 1000000u + (uint64_t)tv.tv_usec;
}

static void *run(void *arg)
{
	struct sub *s = arg;
	struct admin_client *a = admin_connect(s->path, 10000);
	uint64_t epoch = 0, seq = 0;
	bool resumed;

	if (!a || admin_subscribe(a, s->topics, 0, &epoch, &seq, &resumed) < 0) {
		fprintf(stderr, "evsub: %s\n", err_msg());
		atomic_fetch_add(&failed, 1);
		admin_close(a);
		return NULL;
	}
	while (!stop) {
		struct wire_admin_event ev;
		int rc = admin_next_event(a, &ev, 200);

		if (rc == 1)
			continue;
		if (rc < 0) {
			fprintf(stderr, "evsub: %s\n", err_msg());
			atomic_fetch_add(&failed, 1);
			break;
		}
		s->events++;
		if (ev.kind == ADMIN_EV_SYNCED)
			atomic_fetch_add(&ready, 1);    /* snapshot read */
		if (ev.kind == ADMIN_EV_CHANGE) {
			xgrow((void **)&s->lat_ms, &s->cap, s->n + 1, sizeof(double));
			s->lat_ms[s->n++] = (double)(int64_t)(now_us() - ev.time_us) / 1e3;
		}
		wire_admin_event_free(&ev);
	}
	admin_close(a);
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	const char *path = getenv("FLURM_ADMIN_SOCKET"), *topics = "jobs";
	long nsubs = 50, secs = 0, total = 0, events = 0;
	struct sub *subs;
	double *all;
	size_t k = 0;
	int opt;

	while ((opt = getopt(argc, argv, "S:n:T:t:h")) != -1) {
		switch (opt) {
		case 'S': path = optarg; break;
		case 'n': nsubs = atol(optarg); break;
		case 'T': topics = optarg; break;
		case 't': secs = atol(optarg); break;
		default:
			fprintf(opt == 'h' ? stdout : stderr,
				"Usage: evsub [-S ADMIN_SOCKET] [-n SUBSCRIBERS] "
				"[-T TOPICS] [-t SECONDS]\nPrints \"ready\" once "
				"all have read their snapshot; figures on SIGTERM "
				"or after SECONDS.\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	if (!path || nsubs < 1) {
		fprintf(stderr, "evsub: no admin socket (-S or FLURM_ADMIN_SOCKET)\n");
		return 2;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	subs = xcalloc((size_t)nsubs, sizeof(*subs));
	for (long i = 0; i < nsubs; i++) {
		subs[i].path = path;
		subs[i].topics = topics;
		pthread_create(&subs[i].th, NULL, run, &subs[i]);
	}
	while (!stop && atomic_load(&ready) + atomic_load(&failed) < nsubs)
		usleep(10000);
	printf("ready %ld\n", atomic_load(&ready));
	fflush(stdout);
	for (long t = 0; !stop && (!secs || t < secs * 10); t++)
		usleep(100000);
	stop = 1;
	for (long i = 0; i < nsubs; i++) {
		pthread_join(subs[i].th, NULL);
		total += (long)subs[i].n;
		events += subs[i].events;
	}
	all = xcalloc(total ? (size_t)total : 1, sizeof(*all));
	for (long i = 0; i < nsubs; i++) {
		memcpy(all + k, subs[i].lat_ms, subs[i].n * sizeof(double));
		k += subs[i].n;
		free(subs[i].lat_ms);
	}
	qsort(all, k, sizeof(*all), cmp);
	printf("subscribers=%ld events=%ld changes=%ld p50=%.2fms p99=%.2fms "
	       "max=%.2fms failed=%ld\n", nsubs, events, total,
	       k ? all[k / 2] : 0.0, k ? all[(size_t)((double)k * 0.99)] : 0.0,
	       k ? all[k - 1] : 0.0, atomic_load(&failed));
	free(all);
	free(subs);
	return 0;
}
