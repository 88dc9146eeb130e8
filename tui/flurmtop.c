/* flurmtop.c - the FLURM live monitor: command line, the subscription to
 * flurmctld's event stream (resumed after a lost connection), the main
 * loop with the one key table that also drives the help screen, the
 * mouse, actions on a second admin connection (and R, the reload every
 * screen has), and batch mode with its bound on waiting. What each
 * screen shows is its view-*.c file's. */
#include <curses.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admin/admin.h"
#include "core/err.h"
#include "core/version.h"
#include "core/xalloc.h"
#include "tui.h"

#define DEFAULT_SOCKET "/run/flurm/flurmctld.sock"
#define TOPICS "jobs,nodes,partitions,config,leadership,metrics"

static const struct tui_view *const views[] = {
	&view_overview, &view_jobs, &view_nodes, &view_partitions,
	&view_controllers, &view_metrics,
};
#define NVIEWS ((int)(sizeof(views) / sizeof(*views)))

/* The keys every screen has; the help screen is drawn from this table
 * and the views' own lines. */
static const struct {
	const char *keys, *what;
} global_keys[] = {
	{ "1-6", "switch screen: 1 overview, 2 jobs, 3 nodes, 4 partitions, "
		 "5 controllers, 6 metrics" },
	{ "Tab", "next screen (Shift-Tab: previous)" },
	{ "j k Up Down", "move the cursor" },
	{ "g G", "first / last row" },
	{ "PgUp PgDn", "a page up / down" },
	{ "/", "filter the jobs or nodes by text (empty: no filter)" },
	{ "Mouse", "click selects a row, the wheel scrolls" },
	{ "R", "reload slurm.conf (operators; asks y/n, shows what changed "
	       "or the error)" },
	{ "?", "this help; any key closes it" },
	{ "q", "quit" },
};

struct conn {
	struct admin_client *ev;   /* subscribed: carries only events */
	struct admin_client *ctl;  /* requests: actions, status */
	uint64_t epoch, seq;
	time_t next_try;
	uint32_t metrics_secs;
};

static struct tui top;
static struct conn conn;
static char conn_err[256];         /* why the last connection failed */
static bool show_help;
static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

struct tui_list *tui_list_of(struct tui *t)
{
	return &t->lists[t->view];
}

void tui_status(struct tui *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->status, sizeof(t->status), fmt, ap);
	va_end(ap);
}

void tui_ask(struct tui *t, int kind, const char *prompt, const char *arg,
	     void (*done)(struct tui *t, const char *answer))
{
	t->ask = kind;
	snprintf(t->ask_prompt, sizeof(t->ask_prompt), "%s", prompt);
	snprintf(t->ask_arg, sizeof(t->ask_arg), "%s", arg ? arg : "");
	t->ask_buf[0] = '\0';
	t->ask_done = done;
}

static struct admin_client *ctl_client(struct tui *t)
{
	if (!conn.ctl)
		conn.ctl = admin_connect(t->socket_path, 5000);
	return conn.ctl;
}

int tui_call(struct tui *t, uint16_t cmd, char *const *args, uint32_t nargs,
	     struct wire_admin_reply *rep)
{
	struct admin_client *a = ctl_client(t);

	memset(rep, 0, sizeof(*rep));
	if (!a) {
		tui_status(t, "%s", err_msg());
		return -1;
	}
	if (admin_call(a, cmd, args, nargs, rep) < 0) {
		tui_status(t, "%s", err_msg());
		admin_close(conn.ctl);
		conn.ctl = NULL;
		return -1;
	}
	if (rep->rc != ADMIN_OK) {
		tui_status(t, "%s: %s", wire_admin_cmd_name(cmd),
			   rep->error ? rep->error : wire_admin_strerror(rep->rc));
		wire_admin_reply_free(rep);
		return -1;
	}
	return 0;
}

int tui_request(struct tui *t, uint16_t cmd, char *const *args,
		uint32_t nargs, const char *done)
{
	struct wire_admin_reply rep;

	if (tui_call(t, cmd, args, nargs, &rep) < 0)
		return -1;
	tui_status(t, "%s", done);
	wire_admin_reply_free(&rep);
	return 0;
}

/* R, on any screen: reload slurm.conf and say what changed, in the
 * status line and the overview's events. */
static void reload_answer(struct tui *t, const char *answer)
{
	struct wire_admin_reply rep;
	char *all = NULL;

	if (strcmp(answer, "y")) {
		tui_status(t, "not reloaded");
		return;
	}
	if (tui_call(t, ADMIN_RELOAD, NULL, 0, &rep) < 0)
		return;     /* the status line has the error, file:line */
	for (uint32_t i = 0; i < rep.nrecs; i++) {
		const char *text = rec_str(&rep.recs[i], "text");

		model_note(&t->m, "reload: %s", text);
		xstrfmtcat(&all, "%s%s", i ? "; " : "", text);
	}
	if (rep.nrecs)
		tui_status(t, "reloaded: %s", all);
	else
		tui_status(t, "reloaded: no changes");
	free(all);
	wire_admin_reply_free(&rep);
}

/* The cluster's name, asked once per connection: the stream does not
 * carry it. */
static void fetch_cluster(struct tui *t)
{
	struct admin_client *a = ctl_client(t);
	struct wire_admin_reply rep;

	if (!a || admin_call(a, ADMIN_STATUS, NULL, 0, &rep) < 0)
		return;
	if (rep.rc == ADMIN_OK && rep.nrecs) {
		free(t->m.cluster);
		t->m.cluster = strdup(rec_str(&rep.recs[0], "cluster"));
	}
	wire_admin_reply_free(&rep);
}

static void conn_lost(struct tui *t, const char *why)
{
	snprintf(conn_err, sizeof(conn_err), "%s", why);
	admin_close(conn.ev);
	conn.ev = NULL;
	admin_close(conn.ctl);
	conn.ctl = NULL;
	if (t->connected)
		model_note(&t->m, "lost the controller: %s", why);
	t->connected = false;
	conn.next_try = time(NULL) + 1;
}

/* Subscribe, resuming after the last event seen. 0 or -1 (err_msg). */
static int conn_open(struct tui *t)
{
	uint64_t epoch = conn.epoch, seq = conn.seq;
	bool resumed = false;

	conn.ev = admin_connect(t->socket_path, 5000);
	if (!conn.ev) {
		snprintf(conn_err, sizeof(conn_err), "%s", err_msg());
		return -1;
	}
	if (admin_subscribe(conn.ev, TOPICS, conn.metrics_secs, &epoch, &seq,
			    &resumed) < 0) {
		snprintf(conn_err, sizeof(conn_err), "%s", err_msg());
		admin_close(conn.ev);
		conn.ev = NULL;
		return -1;
	}
	if (!resumed)
		model_reset(&t->m);   /* a snapshot follows and replaces it */
	if (conn.epoch && !t->connected)
		model_note(&t->m, "controller back, %s", resumed ? "resumed" :
			   "reloaded");
	conn.epoch = epoch;
	conn.seq = seq;
	t->connected = true;
	if (!strncmp(t->status, "reconnecting", 12))
		t->status[0] = '\0';
	fetch_cluster(t);
	return 0;
}

/* Apply the events that have come, waiting up to WAIT_MS for the first.
 * Returns the number applied. */
static int conn_pump(struct tui *t, int wait_ms)
{
	struct wire_admin_event ev;
	int n = 0, rc;

	if (!conn.ev) {
		if (time(NULL) < conn.next_try || conn_open(t) < 0) {
			if (!conn.ev && time(NULL) >= conn.next_try)
				conn.next_try = time(NULL) + 1;
			if (wait_ms > 0)
				usleep((useconds_t)wait_ms * 1000);
			return 0;
		}
	}
	while (n < 20000) {
		rc = admin_next_event(conn.ev, &ev, n ? 0 : wait_ms);
		if (rc == 1)
			break;
		if (rc < 0) {
			conn_lost(t, err_msg());
			break;
		}
		model_apply(&t->m, &ev);
		conn.seq = ev.seq;
		wire_admin_event_free(&ev);
		n++;
	}
	return n;
}

/* ---- full screen ----------------------------------------------------- */

void out_colors_init(void);

static void draw_help(struct tui_out *o)
{
	out_line(o, TA_TITLE, "flurmtop keys (any key closes this help)");
	for (size_t i = 0; i < sizeof(global_keys) / sizeof(*global_keys); i++)
		out_line(o, TA_NORMAL, "%-12s %s", global_keys[i].keys,
			 global_keys[i].what);
	for (int v = 0; v < NVIEWS; v++) {
		if (!views[v]->help[0])
			continue;
		out_line(o, TA_HEADER, "%c %s", views[v]->key, views[v]->name);
		for (int k = 0; views[v]->help[k]; k++)
			out_line(o, TA_NORMAL, "%s", views[v]->help[k]);
	}
}

static void draw_screen(struct tui *t)
{
	struct tui_out o = { .top = 2, .cols = COLS, .rows = LINES - 3 };
	char when[16], tabs[256] = "";
	time_t now = time(NULL);
	struct tm tm;
	size_t len = 0;

	erase();
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	attrset(A_BOLD);
	mvprintw(0, 0, "flurmtop %s  cluster %s  %s term %lld", when,
		 t->m.cluster ? t->m.cluster : "?",
		 !t->connected ? "controller away" : t->m.leader ? "leader" :
		 "not leader", (long long)t->m.term);
	attrset(A_NORMAL);
	for (int v = 0; v < NVIEWS && len < sizeof(tabs) - 32; v++)
		len += (size_t)snprintf(tabs + len, sizeof(tabs) - len, "%s%c %s%s ",
					v == t->view ? "[" : " ", views[v]->key,
					views[v]->name, v == t->view ? "]" : " ");
	mvaddnstr(1, 0, tabs, COLS);
	if (show_help)
		draw_help(&o);
	else
		views[t->view]->draw(t, &o);
	if (t->ask != ASK_NONE) {
		attrset(A_BOLD);
		mvprintw(LINES - 1, 0, "%s%s", t->ask_prompt, t->ask_buf);
	} else if (!t->connected) {
		attrset(A_REVERSE | A_BOLD);
		mvprintw(LINES - 1, 0, "reconnecting to %s ...", t->socket_path);
	} else {
		mvaddnstr(LINES - 1, 0, t->status, COLS);
	}
	attrset(A_NORMAL);
	refresh();
}

static void filter_done(struct tui *t, const char *answer)
{
	struct tui_list *l = tui_list_of(t);

	snprintf(l->filter, sizeof(l->filter), "%s", answer);
	l->sel = l->top = 0;
	tui_status(t, answer[0] ? "filter: %s" : "no filter", answer);
}

/* A key while a question is asked in the status line. */
static void ask_key(struct tui *t, int ch)
{
	size_t len = strlen(t->ask_buf);
	void (*done)(struct tui *, const char *) = t->ask_done;

	if (t->ask == ASK_CONFIRM) {
		t->ask = ASK_NONE;
		done(t, ch == 'y' || ch == 'Y' ? "y" : "n");
		return;
	}
	if (ch == 27) {
		t->ask = ASK_NONE;
		tui_status(t, "cancelled");
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		t->ask = ASK_NONE;
		done(t, t->ask_buf);
	} else if (ch == 21) {              /* Ctrl-U, as in a shell */
		t->ask_buf[0] = '\0';
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (len)
			t->ask_buf[len - 1] = '\0';
	} else if (ch >= 32 && ch < 127 && len < sizeof(t->ask_buf) - 1) {
		t->ask_buf[len] = (char)ch;
		t->ask_buf[len + 1] = '\0';
	}
}

/* A click selects the row under it; the wheel moves three rows. */
static void mouse_key(struct tui *t)
{
	struct tui_list *l = tui_list_of(t);
	MEVENT me;

	if (getmouse(&me) != OK)
		return;
	if (me.bstate & BUTTON4_PRESSED) {
		l->sel -= 3;
	} else if (me.bstate & BUTTON5_PRESSED) {
		l->sel += 3;
	} else if (me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED |
				BUTTON1_RELEASED)) {
		int row = l->top + (me.y - l->row0);

		if (me.y >= l->row0 && row < l->count)
			l->sel = row;
	}
}

/* 1 to quit. */
static int handle_key(struct tui *t, int ch)
{
	if (t->ask != ASK_NONE) {
		ask_key(t, ch);
		return 0;
	}
	if (show_help) {
		show_help = false;
		return ch == 'q';
	}
	for (int v = 0; v < NVIEWS; v++)
		if (ch == views[v]->key) {
			t->view = v;
			return 0;
		}
	switch (ch) {
	case 'q':
		return 1;
	case '?':
		show_help = true;
		return 0;
	case '\t':
		t->view = (t->view + 1) % NVIEWS;
		return 0;
	case KEY_BTAB:
		t->view = (t->view + NVIEWS - 1) % NVIEWS;
		return 0;
	case '/':
		tui_ask(t, ASK_TEXT, "Filter: ", NULL, filter_done);
		snprintf(t->ask_buf, sizeof(t->ask_buf), "%s", tui_list_of(t)->filter);
		return 0;
	case 'R':
		tui_ask(t, ASK_CONFIRM, "Reload slurm.conf? (y/n)", NULL,
			reload_answer);
		return 0;
	case KEY_MOUSE:
		mouse_key(t);
		return 0;
	case KEY_RESIZE:
		return 0;
	}
	if (list_nav_key(tui_list_of(t), ch, LINES - 6))
		return 0;
	if (views[t->view]->key_fn && views[t->view]->key_fn(t, ch))
		return 0;
	tui_status(t, "unknown key; ? shows the keys");
	return 0;
}

static int run_screen(struct tui *t, double delay)
{
	struct timespec last = { 0 }, now;
	bool dirty = true;
	SCREEN *term;

	/* newterm, not initscr: initscr exits on a bad terminal without
	 * saying what to do instead */
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) ||
	    !(term = newterm(NULL, stdout, stdin))) {
		fprintf(stderr, "flurmtop: cannot use this terminal (TERM=%s); "
			"-b prints plain text instead\n",
			getenv("TERM") ? getenv("TERM") : "");
		return 1;
	}
	set_term(term);
	set_escdelay(25);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	out_colors_init();
	/* reported as KEY_MOUSE where the terminal offers a mouse */
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED |
		  BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	timeout(100);
	while (!got_signal) {
		int ch;

		if (conn_pump(t, 0) > 0)
			dirty = true;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (dirty && (now.tv_sec - last.tv_sec) +
		    (now.tv_nsec - last.tv_nsec) / 1e9 >= delay) {
			draw_screen(t);
			last = now;
			dirty = false;
		} else if ((now.tv_sec - last.tv_sec) + (now.tv_nsec - last.tv_nsec) / 1e9 >= delay) {
			dirty = true;   /* elapsed times and the clock move */
		}
		ch = getch();
		if (ch == ERR)
			continue;
		if (handle_key(t, ch))
			break;
		/* keys answer at once, not at the next interval */
		draw_screen(t);
		clock_gettime(CLOCK_MONOTONIC, &last);
		dirty = false;
	}
	endwin();
	delscreen(term);
	return 0;
}

/* ---- batch mode ------------------------------------------------------ */

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Pump events until READY(T) or TIMEOUT seconds pass: 0, or -1 after
 * saying on stderr why flurmtop gives up. A controller that is down or
 * does not answer ends batch mode, not hangs it. */
static int batch_wait(struct tui *t, bool (*ready)(struct tui *t),
		      double timeout, const char *what)
{
	double until = mono_now() + timeout;

	while (!got_signal && !ready(t)) {
		if (mono_now() >= until) {
			fprintf(stderr, "flurmtop: no %s from flurmctld at %s "
				"within %g s%s%s\n", what, t->socket_path, timeout,
				t->connected ? "" : ": ", t->connected ? "" : conn_err);
			return -1;
		}
		conn_pump(t, 100);
	}
	return 0;
}

static bool is_synced(struct tui *t)
{
	return t->connected && t->m.synced;
}

static uint64_t printed_us;

static bool has_new_sample(struct tui *t)
{
	return t->connected && t->m.metrics_us != printed_us;
}

static int run_batch(struct tui *t, int view, long count, double delay,
		     double timeout)
{
	for (long i = 0; i < count && !got_signal; i++) {
		struct tui_out o = { .batch = true };
		char when[32];
		time_t tnow;
		struct tm tm;

		if (i) {
			double until = mono_now() + delay;

			while (!got_signal && mono_now() < until)
				conn_pump(t, 50);
		}
		/* a snapshot is printed whole, never half loaded */
		if (batch_wait(t, is_synced, timeout, "snapshot") < 0)
			return 1;
		/* the metrics screen shows a sample it has not shown yet, so
		 * that from the second snapshot on every rate is known */
		if (views[view] == &view_metrics &&
		    batch_wait(t, has_new_sample, timeout, "metrics sample") < 0)
			return 1;
		printed_us = t->m.metrics_us;
		conn_pump(t, 0);
		tnow = time(NULL);
		localtime_r(&tnow, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		printf("%sflurmtop - %s  cluster %s  %s term %lld  jobs %zu  nodes %zu\n",
		       i ? "\n" : "", when, t->m.cluster ? t->m.cluster : "?",
		       t->m.leader ? "leader" : "not leader", (long long)t->m.term,
		       t->m.jobs.n, t->m.nodes.n);
		views[view]->draw(t, &o);
		fflush(stdout);
	}
	return 0;
}

/* ---- command line ---------------------------------------------------- */

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: flurmtop [-b] [-n COUNT] [-d SECONDS] [-t SECONDS] [-s SCREEN]\n"
		"                [-S SOCKET]\n"
		"The FLURM live monitor: jobs, nodes, partitions and the controller,\n"
		"updated from flurmctld's event stream; act on jobs and nodes with keys\n"
		"(? lists them).\n"
		"\n"
		"Options:\n"
		"  -b, --batch          print plain-text snapshots instead of the full\n"
		"                       screen, as top -b does\n"
		"  -n, --iterations=COUNT  snapshots to print in batch mode (default 1)\n"
		"  -d, --delay=SECONDS  time between redraws or snapshots, 0.1 to 3600\n"
		"                       (default 1)\n"
		"  -t, --timeout=SECONDS  batch mode: give up (exit 1) when flurmctld has\n"
		"                       not answered for this long, 1 to 3600 (default 10)\n"
		"  -s, --screen=NAME    screen to show: overview, jobs, nodes, partitions,\n"
		"                       controllers, metrics (default overview)\n"
		"  -S, --socket=PATH    flurmctld's admin socket (default: $FLURM_ADMIN_SOCKET,\n"
		"                       else %s)\n"
		"  -V, --version        print the version and exit\n"
		"  -h, --help           print this help and exit\n"
		"\n"
		"See flurmtop(1).\n",
		DEFAULT_SOCKET);
}

static int bad_usage(const char *fmt, const char *what)
{
	fputs("flurmtop: ", stderr);
	fprintf(stderr, fmt, what);
	fputs("\n\n", stderr);
	usage(stderr);
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "batch", no_argument, NULL, 'b' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "delay", required_argument, NULL, 'd' },
		{ "screen", required_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' },
		{ "socket", required_argument, NULL, 'S' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *env = getenv("FLURM_ADMIN_SOCKET");
	double delay = 1.0, timeout = 10.0;
	bool batch = false;
	long count = 1;
	int view = 0, c, rc;
	char shortopt[3] = "-?", *end;
	struct sigaction sa;

	setlocale(LC_ALL, "");
	top.socket_path = env && *env ? env : DEFAULT_SOCKET;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:bn:d:s:S:t:Vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			batch = true;
			break;
		case 'n':
			errno = 0;
			count = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || count < 1)
				return bad_usage("-n takes a positive count, got '%s'",
						 optarg);
			break;
		case 'd':
			errno = 0;
			delay = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(delay >= 0.1 && delay <= 3600))
				return bad_usage("delay must be 0.1 to 3600 seconds, "
						 "got '%s'", optarg);
			break;
		case 't':
			errno = 0;
			timeout = strtod(optarg, &end);
			if (errno || end == optarg || *end ||
			    !(timeout >= 1 && timeout <= 3600))
				return bad_usage("timeout must be 1 to 3600 seconds, "
						 "got '%s'", optarg);
			break;
		case 's':
			for (view = 0; view < NVIEWS; view++)
				if (!strcmp(optarg, views[view]->name))
					break;
			if (view == NVIEWS)
				return bad_usage("unknown screen '%s' (overview, jobs, "
						 "nodes, partitions, controllers, "
						 "metrics)", optarg);
			break;
		case 'S':
			top.socket_path = optarg;
			break;
		case 'V':
			printf("flurmtop %s\n", FLURM_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		case ':':
			return bad_usage("option '%s' needs an argument", argv[optind - 1]);
		default:
			if (optopt) {
				shortopt[1] = (char)optopt;
				return bad_usage("unknown option '%s'", shortopt);
			}
			return bad_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return bad_usage("unexpected argument '%s'", argv[optind]);

	/* metrics samples at the redraw interval, whole seconds */
	conn.metrics_secs = delay < 1 ? 1 : (uint32_t)(delay + 0.5);
	if (conn_open(&top) < 0) {
		fprintf(stderr, "flurmtop: cannot connect to flurmctld's admin "
			"socket %s: %s\n"
			"flurmtop: is flurmctld running on this host? -S names "
			"another socket\n", top.socket_path, err_msg());
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	top.view = view;
	rc = batch ? run_batch(&top, view, count, delay, timeout) : run_screen(&top, delay);
	admin_close(conn.ev);
	admin_close(conn.ctl);
	model_free(&top.m);
	return rc;
}
