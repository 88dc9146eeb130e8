/* metrics_http.c - the controller's HTTP endpoint (metrics_port, 9090):
 * GET /metrics in Prometheus text format and GET /health as JSON. Gauges
 * are read off the model at scrape time; counters that the model already
 * keeps (jobs submitted, ...) are copied from it, so they survive restarts
 * and failover. The rendering itself is lib/metrics'. */
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "net/listener.h"
#include "metrics/metrics.h"
#include "slurm/msg_types.h"

static const double sched_buckets[] = {
	0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000,
};

#define NB(a) (sizeof(a) / sizeof(*(a)))

/* Slurm requests: a read answers in well under a millisecond, a change
 * waits for its commit (a disk write on a majority), a large listing
 * may take seconds. */
static const double request_buckets[] = {
	0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500,
	5000, 10000,
};

/* Job wait (submit to start) and run (start to end) times, seconds. */
static const double wait_buckets[] = {
	1, 5, 10, 30, 60, 300, 600, 1800, 3600, 7200, 21600, 86400,
};
static const double run_buckets[] = {
	1, 10, 60, 300, 600, 1800, 3600, 7200, 14400, 43200, 86400, 259200,
	604800,
};

static struct metrics *registry(struct ctld *c)
{
	if (!c->metrics) {
		c->metrics = metrics_new();
		metrics_histogram(c->metrics, "flurm_scheduler_duration_ms",
				  "Time one scheduling cycle took, in milliseconds.",
				  sched_buckets,
				  sizeof(sched_buckets) / sizeof(*sched_buckets));
		metrics_counter_l(c->metrics, "flurm_rpc_requests_total",
				  "Slurm protocol messages received, by type.",
				  "type");
		metrics_counter_l(c->metrics, "flurm_rpc_replies_total",
				  "Slurm protocol replies sent, by type.",
				  "type");
		metrics_counter_l(c->metrics, "flurm_admin_requests_total",
				  "Admin socket requests (flurmsh, flurmtop), by command.",
				  "command");
		metrics_counter_l(c->metrics, "flurm_requests_total",
				  "Slurm protocol requests received, by message type.",
				  "type");
		metrics_histogram_l(c->metrics, "flurm_request_duration_ms",
				    "Time from a Slurm request's last byte to its reply "
				    "queued, commit wait included, in milliseconds.",
				    "type", request_buckets, NB(request_buckets));
		metrics_histogram(c->metrics, "flurm_job_wait_time_seconds",
				  "Time jobs waited from submit to start, observed "
				  "as they start.", wait_buckets, NB(wait_buckets));
		metrics_histogram(c->metrics, "flurm_job_run_time_seconds",
				  "Time jobs ran from start to end, observed as they "
				  "end.", run_buckets, NB(run_buckets));
	}
	return c->metrics;
}

void metrics_observe_sched(struct ctld *c, double ms)
{
	metric_observe(metrics_histogram(registry(c), "flurm_scheduler_duration_ms",
					 NULL, sched_buckets,
					 sizeof(sched_buckets) / sizeof(*sched_buckets)),
		       ms);
}

void metrics_count_rpc(struct ctld *c, uint16_t msg_type)
{
	struct metric *fam = metrics_counter_l(registry(c), "flurm_rpc_requests_total",
					       NULL, "type");

	metric_inc(metric_label(fam, slurm_msg_type_name(msg_type)));
	/* the name operators' dashboards use; the one above is kept */
	fam = metrics_counter_l(registry(c), "flurm_requests_total", NULL, "type");
	metric_inc(metric_label(fam, slurm_msg_type_name(msg_type)));
}

void metrics_observe_request(struct ctld *c, uint16_t msg_type, double ms)
{
	struct metric *fam = metrics_histogram_l(registry(c),
						 "flurm_request_duration_ms", NULL,
						 "type", request_buckets,
						 NB(request_buckets));

	metric_observe(metric_label(fam, slurm_msg_type_name(msg_type)),
		       ms < 0 ? 0 : ms);
}

void metrics_job_hook(void *arg, const struct job *j, enum job_event ev,
		      time_t now)
{
	struct ctld *c = arg;
	bool started = ev == JOB_EVENT_START;

	if (ev == JOB_EVENT_REQUEUE)
		return;

	/* times come from the commands (the proposer's clock), so every
	 * controller observes the same values; a clock step back counts 0 */
	if (started) {
		double wait = j->start_time > j->submit_time ?
			      (double)(j->start_time - j->submit_time) : 0;

		metric_observe(metrics_histogram(registry(c),
						 "flurm_job_wait_time_seconds", NULL,
						 wait_buckets, NB(wait_buckets)),
			       wait);
	} else if (j->start_time) {
		double run = j->end_time > j->start_time ?
			     (double)(j->end_time - j->start_time) : 0;

		metric_observe(metrics_histogram(registry(c),
						 "flurm_job_run_time_seconds", NULL,
						 run_buckets, NB(run_buckets)),
			       run);
	}
}

void metrics_count_reply(struct ctld *c, uint16_t msg_type)
{
	struct metric *fam = metrics_counter_l(registry(c), "flurm_rpc_replies_total",
					       NULL, "type");

	/* RESPONSE_SLURM_RC carries errors and plain "done" alike; the
	 * request counts beside it say what was asked */
	metric_inc(metric_label(fam, slurm_msg_type_name(msg_type)));
}

void metrics_count_admin(struct ctld *c, const char *command)
{
	struct metric *fam = metrics_counter_l(registry(c), "flurm_admin_requests_total",
					       NULL, "command");

	metric_inc(metric_label(fam, command));
}

static void set_counter(struct metrics *m, const char *name, const char *help,
			double v)
{
	struct metric *k = metrics_counter(m, name, help);

	metric_add(k, v - metric_value(k));
}

static void set_gauge(struct metrics *m, const char *name, const char *help,
		      double v)
{
	metric_set(metrics_gauge(m, name, help), v);
}

char *http_metrics_text(struct ctld *c)
{
	struct metrics *m = registry(c);
	const struct state *st = c->st;
	uint32_t pending = 0, running = 0, completing = 0, held = 0;
	uint32_t up = 0, down = 0, drained = 0, cpus = 0, alloc = 0, idle = 0;
	uint32_t reboot_req = 0, reboot_issued = 0;
	uint64_t mem = 0, mem_alloc = 0;

	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *j = st->jobs[i];

		if (j->state == JOB_ST_PENDING) {
			pending++;
			if (j->priority == 0)
				held++;
		} else if (j->state == JOB_ST_RUNNING)
			running++;
		if (j->completing)
			completing++;
	}
	for (uint32_t i = 0; i < st->nnodes; i++) {
		const struct node *n = &st->nodes[i];
		uint32_t used = node_cpus_held(n);

		cpus += n->cpus;
		alloc += used;
		mem += n->memory_mb;
		mem_alloc += n->alloc_mem_mb;
		/* as sinfo's CPUS(A/I/O/T): idle CPUs are those a job could
		 * get now, on nodes up and not drained */
		if ((n->base == NODE_ST_IDLE || n->base == NODE_ST_ALLOCATED) &&
		    !(n->flags & NODE_FLAG_DRAIN) && n->cpus > used)
			idle += n->cpus - used;
		if (n->base == NODE_ST_IDLE || n->base == NODE_ST_ALLOCATED)
			up++;
		if (n->base == NODE_ST_DOWN)
			down++;
		if (n->flags & NODE_FLAG_DRAIN)
			drained++;
		reboot_req += n->reboot == NODE_REBOOT_REQUESTED;
		/* a node rebooting for a job (sbatch --reboot) too */
		reboot_issued += n->reboot == NODE_REBOOT_ISSUED ||
			n->reboot == NODE_REBOOT_JOB;
	}
	set_counter(m, "flurm_jobs_submitted_total", "Jobs accepted.", (double)st->jobs_submitted);
	set_counter(m, "flurm_jobs_started_total", "Jobs started on nodes.", (double)st->jobs_started);
	set_counter(m, "flurm_jobs_completed_total", "Jobs that ended with exit code 0.", (double)st->jobs_completed);
	set_counter(m, "flurm_jobs_failed_total", "Jobs that ended with a non-zero exit code.", (double)st->jobs_failed);
	set_counter(m, "flurm_jobs_cancelled_total", "Jobs cancelled.", (double)st->jobs_cancelled);
	set_counter(m, "flurm_jobs_timeout_total", "Jobs stopped at their time limit.", (double)st->jobs_timeout);
	set_counter(m, "flurm_jobs_node_fail_total", "Jobs ended by a node failure.", (double)st->jobs_node_fail);
	set_gauge(m, "flurm_jobs_pending", "Jobs waiting to start.", pending);
	set_gauge(m, "flurm_jobs_held", "Pending jobs that are held.", held);
	set_gauge(m, "flurm_jobs_running", "Jobs running.", running);
	set_gauge(m, "flurm_jobs_completing", "Jobs ended whose nodes are not yet released.", completing);
	set_gauge(m, "flurm_jobs", "Jobs known to the controller, finished ones included.", st->njobs);
	set_gauge(m, "flurm_nodes_total", "Nodes configured.", st->nnodes);
	set_gauge(m, "flurm_nodes_up", "Nodes up (idle, mixed or allocated).", up);
	set_gauge(m, "flurm_nodes_down", "Nodes down.", down);
	set_gauge(m, "flurm_nodes_drained", "Nodes draining or drained.", drained);
	set_gauge(m, "flurm_nodes_drain", "Nodes draining or drained (the same as "
		  "flurm_nodes_drained).", drained);
	set_gauge(m, "flurm_nodes_reboot_requested", "Nodes waiting for their "
		  "jobs to end to reboot (scontrol reboot).", reboot_req);
	set_gauge(m, "flurm_nodes_reboot_issued", "Nodes told to reboot and "
		  "not back yet.", reboot_issued);
	set_gauge(m, "flurm_cpus_total", "CPUs configured.", cpus);
	set_gauge(m, "flurm_cpus_allocated", "CPUs allocated to jobs.", alloc);
	set_gauge(m, "flurm_cpus_idle", "CPUs free on nodes up and not drained.", idle);
	set_gauge(m, "flurm_memory_total_mb", "Memory configured, in MB.", (double)mem);
	set_gauge(m, "flurm_memory_allocated_mb", "Memory allocated to jobs, in MB.",
		  (double)mem_alloc);
	set_counter(m, "flurm_scheduler_cycles_total", "Scheduling cycles run.", (double)c->sched_cycles);
	set_gauge(m, "flurm_admin_connections", "Open admin socket connections.", c->naconns);
	set_gauge(m, "flurm_raft_leader", "1 if this controller is the Raft leader.", c->leader);
	set_gauge(m, "flurm_raft_term", "Current Raft term.", (double)c->term);
	set_gauge(m, "flurm_raft_last_applied", "Index of the last applied Raft entry.",
		  c->raft ? (double)rnode_last_applied(c->raft) : 0);
	if (c->lpool) {
		struct climit_stats cs;
		uint64_t refused, evicted, timed_out;

		lpool_stats(c->lpool, &cs, &refused, &evicted, &timed_out);
		set_gauge(m, "flurm_connections", "Connections open on the Slurm and node ports.", cs.conns);
		set_gauge(m, "flurm_connections_unauth_bytes",
			  "Bytes held for connections whose sender is not yet known.",
			  (double)cs.unauth_bytes);
		set_counter(m, "flurm_connections_refused_total",
			    "Connections closed at accept: a limit reached with none idle, or no descriptors.",
			    (double)refused);
		set_counter(m, "flurm_connections_dropped_total",
			    "Idle connections closed to make room (connection, byte or descriptor limits).",
			    (double)evicted);
		set_counter(m, "flurm_connections_timed_out_total",
			    "Connections closed for not delivering a whole request in request_timeout.",
			    (double)timed_out);
	}
	if (c->raft) {
		struct rnode_disk d;

		rnode_disk(c->raft, &d);
		set_gauge(m, "flurm_state_disk_free_bytes",
			  "Free space of the state directory, in bytes.",
			  (double)d.free_bytes);
		set_gauge(m, "flurm_state_disk_reserve_bytes",
			  "Free space the state directory keeps (state_min_free_mb), in bytes.",
			  (double)d.reserve_bytes);
		set_gauge(m, "flurm_state_writable",
			  "1 if the state directory has room for writes, 0 while they are refused.",
			  d.writable);
		set_counter(m, "flurm_state_writes_refused_total",
			    "Commands refused because the state directory was under its reserve.",
			    (double)d.refused);
	}
	return metrics_render(m);
}

/* Minimal JSON string escaping for the reason texts we make ourselves. */
static char *json_str(const char *s)
{
	char *out = NULL;

	xstrfmtcat(&out, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			xstrfmtcat(&out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			xstrfmtcat(&out, "\\u%04x", (unsigned char)*s);
		else
			xstrfmtcat(&out, "%c", *s);
	}
	xstrfmtcat(&out, "\"");
	return out;
}

/*
 * healthy (200); degraded (503: reads are served, writes refused because
 * the state directory is under its reserve); unavailable (503: not
 * started, stopping, or a leader without a committed slurm.conf). The
 * reason is there whenever the status is not healthy.
 */
char *http_health_json(struct ctld *c, int *status)
{
	const char *state = "healthy", *not_ready;
	char *reason = NULL, *quoted, *out;
	struct rnode_disk d;

	memset(&d, 0, sizeof(d));
	d.writable = true;
	if (c->raft)
		rnode_disk(c->raft, &d);
	if (!c->raft || c->stopping) {
		state = "unavailable";
		reason = xstrdup(c->stopping ? "shutting down" : "raft is not running");
	} else if ((not_ready = ctld_not_ready(c))) {
		state = "unavailable";
		reason = d.writable ? xstrdup(not_ready) :
			xasprintf("slurm.conf not committed: %s", d.reason);
	} else if (!d.writable) {
		state = "degraded";
		reason = xstrdup(d.reason);
	}
	*status = reason ? 503 : 200;
	if (!reason)
		return xasprintf("{\"status\":\"%s\",\"leader\":%s,\"term\":%llu}\n",
				 state, c->leader ? "true" : "false",
				 (unsigned long long)c->term);
	quoted = json_str(reason);
	out = xasprintf("{\"status\":\"%s\",\"leader\":%s,\"term\":%llu,"
			"\"reason\":%s}\n", state, c->leader ? "true" : "false",
			(unsigned long long)c->term, quoted);
	free(quoted);
	free(reason);
	return out;
}

static void on_metrics(struct evhttp_request *req, void *arg)
{
	struct ctld *c = arg;
	char *text = http_metrics_text(c);
	struct evbuffer *out = evbuffer_new();

	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
			  "text/plain; version=0.0.4; charset=utf-8");
	evbuffer_add(out, text, strlen(text));
	evhttp_send_reply(req, HTTP_OK, "OK", out);
	evbuffer_free(out);
	free(text);
}

static void on_health(struct evhttp_request *req, void *arg)
{
	struct ctld *c = arg;
	int status;
	char *json = http_health_json(c, &status);
	struct evbuffer *out = evbuffer_new();

	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
			  "application/json");
	evbuffer_add(out, json, strlen(json));
	evhttp_send_reply(req, status, status == 200 ? "OK" : "Service Unavailable",
			  out);
	evbuffer_free(out);
	free(json);
}

int http_listen(struct ctld *c)
{
	if (!c->conf->metrics_port)
		return 0;
	c->http = evhttp_new(c->base);
	if (!c->http) {
		err_set("cannot create the HTTP server");
		return -1;
	}
	evhttp_set_allowed_methods(c->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD);
	evhttp_set_timeout(c->http, 10);
	evhttp_set_cb(c->http, "/metrics", on_metrics, c);
	evhttp_set_cb(c->http, "/health", on_health, c);
	if (!evhttp_bind_socket_with_handle(c->http, c->conf->metrics_addr,
					    c->conf->metrics_port)) {
		err_set_errno("cannot listen on %s:%u (metrics_port)",
			      c->conf->metrics_addr, c->conf->metrics_port);
		return -1;
	}
	return 0;
}

void http_close(struct ctld *c)
{
	if (c->http)
		evhttp_free(c->http);
	c->http = NULL;
}
