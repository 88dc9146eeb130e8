/* groups.c - who may submit to a partition with AllowGroups, as slurmctld
 * decides it: root and SlurmUser always; anyone else only when a member of
 * one of the named groups in the group database (listed members, or the
 * group is the user's primary group). Member lists are cached per group
 * name and dropped on SIGHUP or when /etc/group or /etc/passwd changes;
 * the partition's group list itself comes from the replicated model.
 * User names of submitters are cached under the same rules: a submission
 * then reads no passwd file. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "ctld.h"

/* How often the database files are checked for changes. A change made
 * through a directory service (sssd, LDAP) shows no file change and is
 * picked up on SIGHUP, as with slurmctld's GroupUpdateForce. */
#define GROUPS_CHECK_SECS 5

struct group_entry {
	char *name;
	bool found;                /* the group exists */
	gid_t gid;
	uid_t *uids;               /* its listed members that resolve */
	size_t nuids;
};

/* Users remembered at most; beyond, names are looked up every time. */
#define USERS_MAX 4096

struct user_entry {
	uid_t uid;
	char *name;                /* NULL: not in the user database */
};

static struct {
	struct group_entry *v;
	size_t n, cap;
	struct user_entry *users;
	size_t nusers, users_cap;
	time_t checked;            /* last look at the database files */
	struct timespec group_mtime, passwd_mtime;
} cache;

void groups_flush(void)
{
	for (size_t i = 0; i < cache.n; i++) {
		free(cache.v[i].name);
		free(cache.v[i].uids);
	}
	free(cache.v);
	for (size_t i = 0; i < cache.nusers; i++)
		free(cache.users[i].name);
	free(cache.users);
	memset(&cache, 0, sizeof(cache));
}

static struct timespec mtime_of(const char *path)
{
	struct stat sb;
	struct timespec none = { 0, 0 };

	return stat(path, &sb) == 0 ? sb.st_mtim : none;
}

static bool ts_equal(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

/* Drop the cache when the local database files changed since it was
 * filled; looked at no more than every GROUPS_CHECK_SECS. */
static void check_files(void)
{
	time_t now = time(NULL);
	struct timespec g, p;

	if (cache.checked && now >= cache.checked &&
	    now - cache.checked < GROUPS_CHECK_SECS)
		return;
	g = mtime_of("/etc/group");
	p = mtime_of("/etc/passwd");
	if (!ts_equal(g, cache.group_mtime) || !ts_equal(p, cache.passwd_mtime)) {
		if (cache.n)
			log_debug("groups: group database changed, "
				  "dropping cached members");
		groups_flush();
		cache.group_mtime = g;
		cache.passwd_mtime = p;
	}
	cache.checked = now;
}

/* getgrnam_r with a buffer that grows until the entry fits. */
static struct group *grnam(const char *name, struct group *gr, char **buf)
{
	size_t len = 1024;
	struct group *res = NULL;
	int rc;

	for (;;) {
		*buf = xrealloc(*buf, len);
		rc = getgrnam_r(name, gr, *buf, len, &res);
		if (rc != ERANGE || len >= (64u << 20))
			break;
		len *= 2;
	}
	return rc == 0 ? res : NULL;
}

static struct passwd *pw_lookup(const char *name, uid_t uid, struct passwd *pw,
				char **buf)
{
	size_t len = 1024;
	struct passwd *res = NULL;
	int rc;

	for (;;) {
		*buf = xrealloc(*buf, len);
		rc = name ? getpwnam_r(name, pw, *buf, len, &res) :
			getpwuid_r(uid, pw, *buf, len, &res);
		if (rc != ERANGE || len >= (64u << 20))
			break;
		len *= 2;
	}
	return rc == 0 ? res : NULL;
}

static void resolve(struct group_entry *e)
{
	struct group gr;
	struct passwd pw;
	char *gbuf = NULL, *pbuf = NULL;
	size_t cap = 0;

	if (!grnam(e->name, &gr, &gbuf)) {
		log_warn("AllowGroups: group '%s' not found in the group "
			 "database", e->name);
		goto out;
	}
	e->found = true;
	e->gid = gr.gr_gid;
	for (char **m = gr.gr_mem; m && *m; m++) {
		if (!pw_lookup(*m, 0, &pw, &pbuf))
			continue;   /* a member without a login */
		xgrow((void **)&e->uids, &cap, e->nuids + 1, sizeof(*e->uids));
		e->uids[e->nuids++] = pw.pw_uid;
	}
	log_debug("AllowGroups: group '%s' (gid %u) has %zu listed members",
		  e->name, (unsigned)e->gid, e->nuids);
out:
	free(gbuf);
	free(pbuf);
}

static const struct group_entry *lookup(const char *name, size_t len)
{
	struct group_entry *e;

	for (size_t i = 0; i < cache.n; i++)
		if (strlen(cache.v[i].name) == len &&
		    !strncmp(cache.v[i].name, name, len))
			return &cache.v[i];
	xgrow((void **)&cache.v, &cache.cap, cache.n + 1, sizeof(*cache.v));
	e = &cache.v[cache.n++];
	memset(e, 0, sizeof(*e));
	e->name = xstrndup(name, len);
	resolve(e);
	return e;
}

/* The user's primary group, or (gid_t)-1 when the user is unknown. */
static gid_t primary_gid(uid_t uid)
{
	struct passwd pw;
	char *buf = NULL;
	gid_t gid = (gid_t)-1;

	if (pw_lookup(NULL, uid, &pw, &buf))
		gid = pw.pw_gid;
	free(buf);
	return gid;
}

bool groups_allowed(const struct ctld *c, const char *allow_groups, uid_t uid)
{
	const char *p;
	bool have_primary = false;
	gid_t primary = (gid_t)-1;

	if (!allow_groups || !*allow_groups || !strcasecmp(allow_groups, "ALL"))
		return true;
	if (uid == 0 || uid == c->slurm_uid)
		return true;
	check_files();
	p = allow_groups;
	for (size_t len; *p; p += len + (p[len] == ',')) {
		const struct group_entry *e;

		len = strcspn(p, ",");
		if (!len)
			continue;
		e = lookup(p, len);
		if (!e->found)
			continue;
		for (size_t i = 0; i < e->nuids; i++)
			if (e->uids[i] == uid)
				return true;
		/* Directories that do not enumerate never list a user
		 * under their primary group: ask for it. */
		if (!have_primary) {
			primary = primary_gid(uid);
			have_primary = true;
		}
		if (primary != (gid_t)-1 && primary == e->gid)
			return true;
	}
	return false;
}

char *groups_group_name(gid_t gid)
{
	struct group gr, *res = NULL;
	char buf[4096];

	if (getgrgid_r(gid, &gr, buf, sizeof(buf), &res) != 0 || !res)
		return NULL;
	return xstrdup(gr.gr_name);
}

char *groups_user_name(uid_t uid)
{
	struct passwd pw;
	char *buf = NULL, *name;
	struct user_entry *e;

	check_files();
	for (size_t i = 0; i < cache.nusers; i++)
		if (cache.users[i].uid == uid)
			return cache.users[i].name ?
				xstrdup(cache.users[i].name) : NULL;
	name = pw_lookup(NULL, uid, &pw, &buf) ? xstrdup(pw.pw_name) : NULL;
	free(buf);
	if (cache.nusers < USERS_MAX) {
		xgrow((void **)&cache.users, &cache.users_cap, cache.nusers + 1,
		      sizeof(*cache.users));
		e = &cache.users[cache.nusers++];
		e->uid = uid;
		e->name = name ? xstrdup(name) : NULL;
	}
	return name;
}
