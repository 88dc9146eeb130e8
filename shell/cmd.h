/* cmd.h - flurmsh's commands. Each command is one file, cmd-<name>.c,
 * defining one struct cmd_entry; cmd_table[] in cmd.c lists them all.
 * Dispatch, `help` and tab completion all read that table, so a new
 * command is one new file and one line in the table. */
#ifndef FLURMSH_CMD_H
#define FLURMSH_CMD_H

#include <stdbool.h>
#include <stdio.h>

/* The session the commands run in. */
struct shell {
	const char *socket_path;	/* flurmctld's admin socket */
	bool quit;			/* set by `quit`: read no more commands */
};

/* What a command's first argument completes to on <Tab>. */
enum cmd_arg {
	CMD_ARG_NONE,
	CMD_ARG_COMMAND,		/* a command name */
};

struct cmd_entry {
	const char *name;
	const char *alias;		/* a second name, or NULL */
	const char *args;		/* synopsis of the arguments, "" for none */
	const char *help;		/* one line for `help` */
	int min_args, max_args;		/* argument count, not counting the name */
	enum cmd_arg complete;
	/* argv[0] is the name typed; returns the exit status, 0 or 1 */
	int (*exec)(struct shell *sh, int argc, char **argv);
};

extern const struct cmd_entry cmd_help_entry;
extern const struct cmd_entry cmd_quit_entry;
extern const struct cmd_entry cmd_version_entry;

/* Every command, sorted by name, NULL-terminated. */
extern const struct cmd_entry *const cmd_table[];

/* The command called NAME (or with that alias), or NULL. */
const struct cmd_entry *cmd_find(const char *name);
/* "usage: NAME ARGS" on FP. */
void cmd_usage(const struct cmd_entry *e, FILE *fp);
/* Run one command given as words; returns its exit status. */
int cmd_exec(struct shell *sh, int argc, char **argv);
/* Split LINE into commands at ';' and into words at blanks ('single' and
 * "double" quotes, backslash escapes, '#' starts a comment) and run them in
 * order, stopping after the first that fails or quits. Returns the status
 * of the last command run; a syntax error runs nothing and returns 1. */
int cmd_run_line(struct shell *sh, const char *line);

#endif
