/* license.c - cluster licenses (slurm.conf Licenses=, sbatch -L): the
 * list syntax as slurmctld 22.05 reads it, and how many of each the jobs
 * holding nodes use. Whether a job may start with them is the
 * scheduler's to decide; refusing an unknown name, the controller's. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "state/state.h"

/* As slurmctld: items split at ',' or ';', each NAME or NAME:COUNT
 * (1 when not given; "NAME:" is 0, as slurmctld's strtol reads an empty
 * count), no blanks; a name given twice adds up; a new name
 * goes in front (slurmctld pushes each onto its list), which is the order
 * its lists print in. */
int license_parse(const char *s, struct license **out, uint32_t *n)
{
	char *copy, *save = NULL;
	struct license *v = NULL;
	uint32_t cnt = 0;

	*out = NULL;
	*n = 0;
	if (!s || !*s)
		return 0;
	copy = xstrdup(s);
	for (char *t = strtok_r(copy, ",;", &save); t;
	     t = strtok_r(NULL, ",;", &save)) {
		char *colon = strchr(t, ':'), *end;
		long num = 1;
		uint32_t k;

		for (char *p = t; *p; p++)
			if (isspace((unsigned char)*p))
				goto bad;
		if (colon) {
			*colon = '\0';
			num = strtol(colon + 1, &end, 10);
			if (*end || num < 0 ||
			    num > (long)INT32_MAX)
				goto bad;
		}
		if (!*t)
			goto bad;
		for (k = 0; k < cnt; k++)
			if (!strcmp(v[k].name, t))
				break;
		if (k < cnt) {
			v[k].count += (uint32_t)num;
			continue;
		}
		v = xrealloc(v, (cnt + 1) * sizeof(*v));
		memmove(v + 1, v, cnt * sizeof(*v));
		v[0].name = xstrdup(t);
		v[0].count = (uint32_t)num;
		cnt++;
	}
	free(copy);
	*out = v;
	*n = cnt;
	return 0;
bad:
	free(copy);
	license_free(v, cnt);
	err_set("invalid license specification '%s'", s);
	return -1;
}

char *license_string(const struct license *v, uint32_t n)
{
	char *s = NULL;

	for (uint32_t i = 0; i < n; i++)
		xstrfmtcat(&s, "%s%s:%u", i ? "," : "", v[i].name, v[i].count);
	return s;
}

void license_free(struct license *v, uint32_t n)
{
	for (uint32_t i = 0; v && i < n; i++)
		free(v[i].name);
	free(v);
}

long license_find(const struct license *v, uint32_t n, const char *name)
{
	for (uint32_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return i;
	return -1;
}

int license_check(const struct state *st, const char *want)
{
	struct license *cfg = NULL, *req = NULL;
	uint32_t ncfg = 0, nreq = 0;
	int rc = -1;

	if (license_parse(want, &req, &nreq) < 0)
		goto out;
	license_parse(st->licenses, &cfg, &ncfg);
	for (uint32_t i = 0; i < nreq; i++) {
		long k = license_find(cfg, ncfg, req[i].name);

		if (k < 0) {
			err_set("license '%s' is not configured", req[i].name);
			goto out;
		}
		if (req[i].count > cfg[k].count) {
			err_set("%u '%s' licenses asked, %u configured",
				req[i].count, req[i].name, cfg[k].count);
			goto out;
		}
	}
	rc = 0;
out:
	license_free(cfg, ncfg);
	license_free(req, nreq);
	return rc;
}

/* Add J's licenses to USED (indexed as CFG). */
void license_add(const struct license *cfg, uint32_t ncfg, uint32_t *used,
		 const char *licenses)
{
	struct license *v;
	uint32_t n;

	if (!licenses || license_parse(licenses, &v, &n) < 0)
		return;
	for (uint32_t i = 0; i < n; i++) {
		long k = license_find(cfg, ncfg, v[i].name);

		if (k >= 0)
			used[k] += v[i].count;
	}
	license_free(v, n);
}

bool license_fits(const struct license *cfg, uint32_t ncfg,
		  const uint32_t *used, const char *licenses)
{
	struct license *v;
	uint32_t n;
	bool ok = true;

	if (!licenses)
		return true;
	if (license_parse(licenses, &v, &n) < 0)
		return false;
	for (uint32_t i = 0; i < n && ok; i++) {
		long k = license_find(cfg, ncfg, v[i].name);

		ok = k >= 0 && used[k] + v[i].count <= cfg[k].count;
	}
	license_free(v, n);
	return ok;
}

uint32_t *license_used(const struct state *st, const struct license *cfg,
		       uint32_t ncfg)
{
	uint32_t *used = xcalloc(ncfg ? ncfg : 1, sizeof(*used));

	for (uint32_t i = 0; ncfg && i < st->njobs; i++) {
		const struct job *j = st->jobs[i];

		if (j->licenses && job_on_nodes(j))
			license_add(cfg, ncfg, used, j->licenses);
	}
	return used;
}
