/* cmd-watch.c - `watch jobs|nodes|events|metrics`: print the controller's
 * event stream as it comes, one line per event (one JSON object per line
 * with --json), until Ctrl-C or --count events. A lost connection is
 * opened again and resumes where it left off (lib/admin's watch). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin/admin.h"
#include "core/err.h"
#include "cmd.h"

static volatile sig_atomic_t watch_stop;

static void on_sigint(int sig)
{
	watch_stop = 1;
}

struct watch_run {
	struct shell *sh;
	long count;                /* changes still to print; -1: no limit */
};

static const char *str(const struct admin_rec *r, const char *key)
{
	const struct admin_field *f = wire_admin_rec_get(r, key);

	return f && f->kind == ADMIN_F_STR && f->s ? f->s : "-";
}

static long long num(const struct admin_rec *r, const char *key)
{
	const struct admin_field *f = wire_admin_rec_get(r, key);

	return f && f->kind != ADMIN_F_STR ? (long long)f->i : 0;
}

static void print_text(const struct wire_admin_event *ev)
{
	const struct admin_rec *r = &ev->rec;
	char when[16];
	time_t t = (time_t)(ev->time_us / 1000000u);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	printf("%-8llu %s %-10s %-8s %s", (unsigned long long)ev->seq, when,
	       wire_admin_topic_name(ev->topic),
	       wire_admin_ev_kind_name(ev->kind), ev->key ? ev->key : "");
	if (ev->kind == ADMIN_EV_REMOVE || ev->kind == ADMIN_EV_SYNCED) {
		putchar('\n');
		return;
	}
	switch (ev->topic) {
	case ADMIN_TOPIC_JOBS:
		printf(" %s %s user=%s part=%s nodes=%s name=%s",
		       str(r, "state"), str(r, "reason"), str(r, "user"),
		       str(r, "partition"), str(r, "nodes"), str(r, "name"));
		break;
	case ADMIN_TOPIC_NODES: {
		/* a reboot as `nodes` and sinfo show it */
		char state[64];

		printf(" %s cpus=%lld/%lld jobs=%lld reason=%s",
		       admin_node_state(r, "-", state, sizeof(state)),
		       num(r, "alloc_cpus"), num(r, "cpus"), num(r, "jobs"),
		       str(r, "reason"));
		break;
	}
	case ADMIN_TOPIC_PARTITIONS:
		printf(" %s nodes=%s", str(r, "state"), str(r, "nodes"));
		break;
	default:
		for (uint32_t i = 0; i < r->n; i++) {
			char *v = out_field_text(&r->f[i]);

			printf(" %s=%s", r->f[i].key, v ? v : "-");
			free(v);
		}
	}
	putchar('\n');
}

static void print_json(const struct wire_admin_event *ev)
{
	printf("{\"seq\": %llu, \"time_us\": %llu, \"topic\": \"%s\", "
	       "\"kind\": \"%s\", \"key\": ", (unsigned long long)ev->seq,
	       (unsigned long long)ev->time_us, wire_admin_topic_name(ev->topic),
	       wire_admin_ev_kind_name(ev->kind));
	out_json_str(stdout, ev->key);
	printf(", \"fields\": ");
	out_json_rec(&ev->rec);
	printf("}\n");
}

static int on_event(void *arg, const struct wire_admin_event *ev)
{
	struct watch_run *run = arg;

	if (run->sh->json)
		print_json(ev);
	else
		print_text(ev);
	fflush(stdout);
	if (run->count > 0 && (ev->kind == ADMIN_EV_CHANGE ||
			       ev->kind == ADMIN_EV_REMOVE ||
			       ev->kind == ADMIN_EV_METRICS))
		run->count--;
	return run->count == 0;
}

static void on_subscribe(void *arg, const struct admin_watch *w)
{
	struct watch_run *run = arg;

	if (run->sh->json)
		printf("{\"subscribed\": true, \"epoch\": %llu, \"seq\": %llu, "
		       "\"resumed\": %s, \"since\": \"%llu:%llu\"}\n",
		       (unsigned long long)w->epoch, (unsigned long long)w->seq,
		       w->resumed ? "true" : "false",
		       (unsigned long long)w->epoch, (unsigned long long)w->seq);
	else
		fprintf(stderr, "%s at %llu:%llu (Ctrl-C stops)\n",
			w->resumed ? "resumed" : "watching",
			(unsigned long long)w->epoch, (unsigned long long)w->seq);
	fflush(stdout);
}

static int parse_since(const char *s, uint64_t *epoch, uint64_t *seq)
{
	char *end;

	*epoch = strtoull(s, &end, 10);
	if (end == s || *end != ':' || !*epoch)
		return -1;
	*seq = strtoull(end + 1, &end, 10);
	return *end ? -1 : 0;
}

static int cmd_watch_exec(struct shell *sh, int argc, char **argv)
{
	const struct cmd_entry *e = &cmd_watch_entry;
	struct admin_watch w;
	struct watch_run run = { .sh = sh, .count = -1 };
	struct sigaction sa, old;
	const char *what = argv[1];
	char *end;
	int rc;

	memset(&w, 0, sizeof(w));
	if (!strcmp(what, "jobs"))
		w.topics = "jobs";
	else if (!strcmp(what, "nodes"))
		w.topics = "nodes";
	else if (!strcmp(what, "events"))
		w.topics = "jobs,nodes,partitions,config,leadership";
	else if (!strcmp(what, "metrics"))
		w.topics = "metrics";
	else
		return cmd_usage_error(sh, e, "cannot watch '%s' (jobs, nodes, "
				       "events or metrics)", what);
	for (int i = 2; i < argc; i++) {
		const char *opt = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!val)
			return cmd_usage_error(sh, e, "%s needs a value", opt);
		if (!strcmp(opt, "--since")) {
			if (parse_since(val, &w.epoch, &w.seq) < 0)
				return cmd_usage_error(sh, e, "--since takes "
						       "EPOCH:SEQ, not '%s'", val);
		} else if (!strcmp(opt, "--count")) {
			run.count = strtol(val, &end, 10);
			if (*end || run.count < 1)
				return cmd_usage_error(sh, e, "--count takes a "
						       "positive number");
		} else if (!strcmp(opt, "--interval")) {
			long v = strtol(val, &end, 10);

			if (*end || v < 1 || v > 3600)
				return cmd_usage_error(sh, e, "--interval takes "
						       "seconds from 1 to 3600");
			w.metrics_secs = (uint32_t)v;
		} else {
			return cmd_usage_error(sh, e, "unknown option '%s'", opt);
		}
		i++;
	}
	if (!strcmp(what, "metrics") && !w.metrics_secs)
		w.metrics_secs = 5;
	w.reconnect = true;
	w.stop = &watch_stop;
	w.on_subscribe = on_subscribe;
	/* the first subscription must work; later losses reconnect */
	{
		struct admin_client *probe = admin_connect(sh->socket_path, 0);

		if (!probe) {
			fprintf(stderr, "flurmsh: watch: %s\n", err_msg());
			return SH_NOCTLD;
		}
		admin_close(probe);
	}
	watch_stop = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);      /* no SA_RESTART: polls end */
	rc = admin_watch_run(sh->socket_path, &w, on_event, &run);
	sigaction(SIGINT, &old, NULL);
	if (rc < 0) {
		fprintf(stderr, "flurmsh: watch: %s\n", err_msg());
		return SH_FAILED;
	}
	if (!sh->json && watch_stop)
		fprintf(stderr, "\nwatch stopped at %llu:%llu\n",
			(unsigned long long)w.epoch, (unsigned long long)w.seq);
	return SH_OK;
}

static const char *const watch_subs[] = {
	"jobs", "nodes", "events", "metrics", NULL,
};

const struct cmd_entry cmd_watch_entry = {
	.name = "watch",
	.args = "jobs|nodes|events|metrics [--since EPOCH:SEQ] [--count N] "
		"[--interval SECS]",
	.help = "follow changes live from the event stream until Ctrl-C",
	.more = "Prints a snapshot, then one line per change (--json: one JSON\n"
		"object per line), each with its sequence number. `events` is\n"
		"jobs, nodes, partitions, configuration and leadership;\n"
		"`metrics` prints counts every --interval seconds (5).\n"
		"--since EPOCH:SEQ resumes after the last event seen (printed\n"
		"when the watch starts and stops) without a new snapshot, if\n"
		"the controller still holds the events since. --count N stops\n"
		"after N changes. A lost connection is opened again and resumes.",
	.min_args = 1,
	.max_args = -1,
	.complete = { CMD_ARG_SUB, CMD_ARG_NONE },
	.subs = watch_subs,
	.exec = cmd_watch_exec,
};
