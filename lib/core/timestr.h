/* timestr.h - Slurm time-limit strings: "30", "5:00", "1:00:00", "2-12",
 * "2-12:30", "2-12:30:15", "UNLIMITED". Parse them to seconds or minutes,
 * and format durations the way squeue and scontrol print them. */
#ifndef FLURM_TIMESTR_H
#define FLURM_TIMESTR_H

#include <stddef.h>
#include <stdint.h>

/* "UNLIMITED"/"INFINITE"/"-1"; the same value as Slurm's INFINITE, so it
 * can go on the wire unchanged. */
#define TIMESTR_INFINITE 0xffffffffu
/* "not set", Slurm's NO_VAL (e.g. a partition without DefaultTime). */
#define TIMESTR_NO_VAL   0xfffffffeu
/* Enough for every string the formatters below produce. */
#define TIMESTR_BUFSZ    32

/* Parse a time limit into seconds. Accepted forms, as Slurm's
 * time_str2secs: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS, and
 * UNLIMITED, INFINITE or -1 (any case) for TIMESTR_INFINITE. Fields are not
 * range-checked ("90" is 90 minutes, "0:90" 90 seconds), as in Slurm.
 * Returns 0, or -1 with err_msg() set on garbage, an empty field or a value
 * too large to store. */
int timestr_parse_secs(const char *s, uint32_t *secs);
/* As timestr_parse_secs, in minutes rounded up ("0:30" is 1 minute). */
int timestr_parse_mins(const char *s, uint32_t *mins);

/* SECS as squeue's TIME and TIME_LIMIT columns show it: "M:SS", "H:MM:SS",
 * "D-HH:MM:SS"; "UNLIMITED" for TIMESTR_INFINITE; "INVALID" when negative
 * or longer than a year. Writes into BUF (TIMESTR_BUFSZ bytes suffice)
 * and returns it. */
char *timestr_fmt_secs(long long secs, char *buf, size_t size);
/* SECS as scontrol shows it (RunTime=, TimeLimit=): "HH:MM:SS" or
 * "D-HH:MM:SS"; "UNLIMITED" for TIMESTR_INFINITE; "INVALID" when negative. */
char *timestr_fmt_secs_long(long long secs, char *buf, size_t size);
/* A limit in minutes as scontrol shows it (MaxTime=): "UNLIMITED",
 * "NONE" for TIMESTR_NO_VAL, else as timestr_fmt_secs_long. */
char *timestr_fmt_mins(uint32_t mins, char *buf, size_t size);

#endif
