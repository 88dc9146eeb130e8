/* cmd.h - flurmsh's commands. Each command is one file, cmd-<name>.c,
 * defining one struct cmd_entry; cmd_table[] in cmd.c lists them all.
 * Dispatch, `help`, tab completion and the man page's command list all
 * follow that table, so a new command is one new file and one line in the
 * table. Talking to the controller (shell_call) and printing replies as
 * tables, key/value lists or JSON (output.c) are shared by all commands. */
#ifndef FLURMSH_CMD_H
#define FLURMSH_CMD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "wire/admin.h"

/* Exit statuses of flurmsh and of each command (flurmsh(1)). */
#define SH_OK        0   /* done */
#define SH_FAILED    1   /* the controller refused or the command failed */
#define SH_USAGE     2   /* unknown command, wrong arguments */
#define SH_NOCTLD    3   /* the controller could not be reached */

struct admin_client;

/* The session the commands run in. */
struct shell {
	const char *socket_path;	/* flurmctld's admin socket */
	struct admin_client *admin;	/* opened on first use */
	bool json;			/* --json: machine-readable output */
	bool quit;			/* set by `quit`: read no more commands */
	bool keep_going;		/* -k: run on after a failing command */
	int timeout_ms;			/* bound of the next requests; 0: 30 s */
};

/* What an argument completes to on <Tab>. */
enum cmd_arg {
	CMD_ARG_NONE,
	CMD_ARG_COMMAND,		/* a command name */
	CMD_ARG_SUB,			/* one of the entry's subcommands */
	CMD_ARG_NODES,			/* node names, comma-separated */
	CMD_ARG_SUB_NODES,		/* a subcommand or node names */
	CMD_ARG_JOB,			/* a job id */
	CMD_ARG_PART,			/* a partition name */
	CMD_ARG_CONFIG_KEY,		/* a configuration key */
	CMD_ARG_JOB_STATE,		/* pending, running, ... */
};

#define CMD_MAX_COMPLETE 3

struct cmd_entry {
	const char *name;
	const char *alias;		/* a second name, or NULL */
	const char *args;		/* synopsis of the arguments, "" for none */
	const char *help;		/* one line for `help` */
	const char *more;		/* more lines for `help NAME`, or NULL */
	int min_args, max_args;		/* argument count, not counting the
					 * name; max -1: any */
	/* what arguments 1, 2, 3 complete to (the last repeats) */
	enum cmd_arg complete[CMD_MAX_COMPLETE];
	const char *const *subs;	/* subcommands, NULL-terminated */
	/* what the word after WORD completes to, or CMD_ARG_NONE to use
	 * complete[]: options taking a value (jobs -p PART) */
	enum cmd_arg (*complete_after)(const char *word);
	/* argv[0] is the name typed; returns an SH_* status */
	int (*exec)(struct shell *sh, int argc, char **argv);
};

extern const struct cmd_entry cmd_cancel_entry;
extern const struct cmd_entry cmd_cluster_entry;
extern const struct cmd_entry cmd_config_entry;
extern const struct cmd_entry cmd_down_entry;
extern const struct cmd_entry cmd_drain_entry;
extern const struct cmd_entry cmd_help_entry;
extern const struct cmd_entry cmd_hold_entry;
extern const struct cmd_entry cmd_job_entry;
extern const struct cmd_entry cmd_jobs_entry;
extern const struct cmd_entry cmd_log_entry;
extern const struct cmd_entry cmd_metrics_entry;
extern const struct cmd_entry cmd_node_entry;
extern const struct cmd_entry cmd_nodes_entry;
extern const struct cmd_entry cmd_partition_entry;
extern const struct cmd_entry cmd_partitions_entry;
extern const struct cmd_entry cmd_ping_entry;
extern const struct cmd_entry cmd_quit_entry;
extern const struct cmd_entry cmd_release_entry;
extern const struct cmd_entry cmd_reload_entry;
extern const struct cmd_entry cmd_resume_entry;
extern const struct cmd_entry cmd_sched_entry;
extern const struct cmd_entry cmd_shutdown_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_version_entry;
extern const struct cmd_entry cmd_watch_entry;

/* Every command, sorted by name, NULL-terminated. */
extern const struct cmd_entry *const cmd_table[];

/* The command called NAME (or with that alias), or NULL. */
const struct cmd_entry *cmd_find(const char *name);
/* "usage: NAME ARGS" on FP. */
void cmd_usage(const struct cmd_entry *e, FILE *fp);
/* A usage error of E: "flurmsh: NAME: WHY", the usage line; SH_USAGE. */
int cmd_usage_error(struct shell *sh, const struct cmd_entry *e,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* SH_OK when EXPR is a well-formed hostlist, else a usage error of E. */
int cmd_check_hostlist(const struct cmd_entry *e, struct shell *sh,
		       const char *expr);
/* Run one command given as words ("--json" anywhere among them asks for
 * JSON); returns its SH_* status. */
int cmd_exec(struct shell *sh, int argc, char **argv);
/* Split LINE into commands at ';' and into words at blanks ('single' and
 * "double" quotes, backslash escapes, '#' starts a comment) and run them in
 * order, stopping after the first that fails (unless sh->keep_going) or
 * quits. Returns the status of the first command that failed, else 0; a
 * syntax error runs nothing and returns SH_USAGE. */
int cmd_run_line(struct shell *sh, const char *line);

/* shell.c: the controller. Send CMD with ARGS; on success *REP holds the
 * reply (free with wire_admin_reply_free) and SH_OK is returned. Else the
 * error is printed (as JSON with --json), REP is empty and the status is
 * SH_FAILED (the controller refused) or SH_NOCTLD (unreachable). NAME
 * prefixes the message. */
int shell_call(struct shell *sh, const char *name, uint16_t cmd,
	       char *const *args, uint32_t nargs, struct wire_admin_reply *rep);
/* The same, printing nothing: for completion, the prompt and commands
 * that report per item. REP holds the refusal on SH_FAILED (err_msg()
 * says why on SH_NOCTLD); free it whatever the status. */
int shell_call_quiet(struct shell *sh, uint16_t cmd, char *const *args,
		     uint32_t nargs, struct wire_admin_reply *rep);
void shell_close(struct shell *sh);

/* output.c: printing records. */
struct out_col {
	const char *key;		/* record field */
	const char *header;		/* column title */
};
/* A table with a header line; missing or unset fields print "-". */
void out_table(const struct wire_admin_reply *rep, const struct out_col *cols,
	       size_t ncols);
/* "key: value" lines of one record, keys aligned. */
void out_record(const struct admin_rec *r);
/* {"NAME": [records]} (or the first record alone when SINGLE). */
void out_json(const struct wire_admin_reply *rep, const char *name, bool single);
/* One record as a JSON object (no newline). */
void out_json_rec(const struct admin_rec *r);
/* One field as text (times as local dates); caller frees. */
char *out_field_text(const struct admin_field *f);
/* A JSON string literal of S (NULL: null) on FP. */
void out_json_str(FILE *fp, const char *s);

#endif
