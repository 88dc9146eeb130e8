/* tui.h - flurmtop's shared parts: the model kept from the event stream
 * (model.c), the output used by both the full screen and batch mode
 * (out.c), and the view interface: each screen is one view-*.c file with
 * a const struct tui_view, listed once in flurmtop.c's view table. */
#ifndef FLURM_TUI_H
#define FLURM_TUI_H

#include <stdbool.h>
#include <stdint.h>

#include "wire/admin.h"

/* ---- model ------------------------------------------------------------ */

struct tui_obj {
	char *key;
	struct admin_rec rec;      /* a copy of the object's last fields */
};

struct tui_set {
	struct tui_obj *v;
	size_t n, cap;
	/* open addressing over the keys: slot value is index + 1, 0 empty,
	 * SIZE_MAX a removed entry; so 10,000 jobs cost no scan per event */
	size_t *slots;
	size_t nslots, used;        /* used: entries and removed ones */
};

#define TUI_EVENTS 64
#define TUI_HIST 60                 /* metrics samples kept for sparklines */

struct tui_model {
	struct tui_set jobs, nodes, parts;
	char *cluster;
	bool leader;
	int64_t term;
	int64_t config_version;
	bool synced;                /* the snapshot is complete */
	/* metrics: the last two samples, for rates */
	struct admin_rec metrics, metrics_prev;
	uint64_t metrics_us, metrics_prev_us;
	/* recent events, newest last */
	char *events[TUI_EVENTS];
	unsigned nevents;
	/* per metrics sample, oldest first: submissions per second and
	 * running jobs, for the overview's sparklines */
	double hist_submit[TUI_HIST], hist_running[TUI_HIST];
	unsigned nhist;
};

void model_reset(struct tui_model *m);       /* before a new snapshot */
void model_free(struct tui_model *m);
void model_apply(struct tui_model *m, const struct wire_admin_event *ev);
void model_note(struct tui_model *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Jobs that ended since NOW - WINDOW seconds: COMPLETED ones, and those
 * that failed, were cancelled, timed out or lost their node. */
void model_recent_ends(const struct tui_model *m, int64_t now, int64_t window,
		       int64_t *completed, int64_t *failed);
/* The last WIDTH values of V (N of them, oldest first) as a line of
 * " .:-=+*#" characters scaled to their maximum, in BUF. */
void model_sparkline(const double *v, unsigned n, unsigned width, char *buf,
		     size_t len);
/* Is job R in STATE (or any, when empty) and PARTITION (or any)? */
bool model_job_shown(const struct admin_rec *r, const char *state,
		     const char *partition);
/* The key of S that follows CUR in sorted order ("" after the last and
 * for an empty set), in BUF: cycles a selector through the values. */
const char *model_next_key(const struct tui_set *s, const char *cur,
			   char *buf, size_t len);
/* Job R's standard output file as a path (%j %u %x %N %% expanded,
 * relative to its working directory), malloc'd; NULL if it has none. */
char *model_job_output(const struct admin_rec *r);
/* GPUs in a node's GRES ("gpu:2", "gpu:a100:4,nic:1"); 0 if none. */
int64_t model_gres_gpus(const char *gres);
/* What node R carries beyond its row, in scontrol show node's words:
 * "ActiveFeatures=a Comment=new disk Extra=rack=4 NextState=RESUME",
 * ActiveFeatures only
 * when it differs from the available features; malloc'd, NULL when
 * there is none of them. */
char *model_node_notes(const struct admin_rec *r);
/* What node R becomes once back from its reboot, as scontrol show node
 * names it (NextState=RESUME or DOWN); NULL when nothing is set. */
const char *model_node_next_state(const struct admin_rec *r);

/* A set of names the operator marked (nodes). */
struct tui_marks {
	char **v;
	size_t n, cap;
};
bool marks_has(const struct tui_marks *mk, const char *name);
void marks_toggle(struct tui_marks *mk, const char *name);
void marks_clear(struct tui_marks *mk);
/* "a,b,c" (malloc'd), a hostlist the controller takes. */
char *marks_join(const struct tui_marks *mk);

const char *rec_str(const struct admin_rec *r, const char *key);  /* "" */
int64_t rec_int(const struct admin_rec *r, const char *key);      /* 0 */
void rec_copy(struct admin_rec *dst, const struct admin_rec *src);

/* ---- output ----------------------------------------------------------- */

enum tui_attr {
	TA_NORMAL = 0,
	TA_HEADER,                 /* column headings */
	TA_SELECTED,               /* the cursor row */
	TA_GOOD,                   /* idle, running */
	TA_WARN,                   /* pending, draining, mixed */
	TA_BAD,                    /* down, failed, drained */
	TA_TITLE,
};

/* Lines drawn by a view: on the screen from row TOP (ROWS lines, COLS
 * wide), or printed to stdout in batch mode (no limit). */
struct tui_out {
	bool batch;
	int top, rows, cols;
	int used;                  /* lines written so far */
};
void out_line(struct tui_out *o, enum tui_attr a, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A bar of WIDTH cells filled for PART of WHOLE, with a label. */
void out_bar(struct tui_out *o, const char *label, int64_t part,
	     int64_t whole, const char *unit);
/* Attribute for a job or node state word. */
enum tui_attr out_state_attr(const char *state);
/* "1-02:03:04" style duration from SECS; "-" for negative. */
void out_duration(char *buf, size_t len, int64_t secs);

/* ---- views ------------------------------------------------------------ */

struct tui;

/* A list view's cursor, kept per view. */
struct tui_list {
	int sel, top;               /* selected row, first row shown */
	int count;                  /* rows after the filter */
	int sort_col;
	bool sort_desc;
	char filter[64];
	int row0;                   /* screen line of row TOP (mouse) */
};

struct tui_view {
	const char *name;           /* "jobs": for -s and the tab line */
	int key;                    /* '2' */
	void (*draw)(struct tui *t, struct tui_out *o);
	/* a key this view handles; 1 when handled */
	int (*key_fn)(struct tui *t, int ch);
	const char *const *help;    /* its own keys, "KEY  text" lines */
};

struct tui {
	struct tui_model m;
	const char *socket_path;
	struct tui_list lists[8];   /* indexed by view number */
	int view;                   /* index in tui_views */
	bool connected;
	char status[256];           /* the status line's message */
	/* the key, and the selected object's key, for actions */
	char selected[128];
	/* a question being asked in the status line */
	enum { ASK_NONE, ASK_CONFIRM, ASK_TEXT } ask;
	char ask_prompt[160];
	char ask_buf[128];
	void (*ask_done)(struct tui *t, const char *answer);
	char ask_arg[4096];
	/* jobs screen: the job shown whole (Enter), "" for the list; the
	 * state and partition selectors ("" for all) */
	char detail[128];
	char job_state[16], job_part[64];
	/* nodes screen: the node shown whole (Enter), "" for the list */
	char node_detail[128];
	/* nodes screen: the nodes Space marked, for d and r */
	struct tui_marks marks;
};

extern const struct tui_view view_overview, view_jobs, view_nodes,
	view_partitions, view_controllers, view_metrics;

/* flurmtop.c: actions through the admin socket; on failure the
 * controller's message goes to the status line. 0 or -1. */
int tui_request(struct tui *t, uint16_t cmd, char *const *args,
		uint32_t nargs, const char *done);
/* The same, keeping the reply for the caller (free it) when 0. */
int tui_call(struct tui *t, uint16_t cmd, char *const *args, uint32_t nargs,
	     struct wire_admin_reply *rep);
void tui_ask(struct tui *t, int kind, const char *prompt, const char *arg,
	     void (*done)(struct tui *t, const char *answer));
void tui_status(struct tui *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* list helpers shared by the list views (list.c) */
struct tui_list *tui_list_of(struct tui *t);
/* Move the cursor for navigation keys; 1 when CH was one. */
int list_nav_key(struct tui_list *l, int ch, int page);
/* Keep the cursor inside COUNT rows and visible in ROWS. */
void list_clamp(struct tui_list *l, int count, int rows);
/* Does the record's text match the filter (substring in any field)? */
bool list_match(const struct tui_list *l, const struct admin_rec *r,
		const char *key);

#endif
