/* rights.c - the one check of a caller against an RPC table's rights
 * (anyone, owner of the target job, operator) and its way of running
 * (local, leader read, write), shared by the Slurm port and the admin
 * socket. The operations in ops_*.c check again for callers that reach
 * them without a table (forwarding, the controller itself). */
#include <string.h>
#include <strings.h>

#include "ctld.h"
#include "rights.h"
#include "state/state.h"

enum rights_rc rights_check(const struct ctld *c, enum rpc_who who,
			    enum rpc_how how, uid_t uid, bool is_operator,
			    const struct job *target)
{
	if (who == RPC_OPERATOR && !is_operator)
		return RIGHTS_NOT_OPERATOR;
	if (how != RPC_LOCAL && !c->leader)
		return RIGHTS_NOT_LEADER;
	if (who == RPC_OWNER && !is_operator && target &&
	    target->uid != (uint32_t)uid)
		return RIGHTS_NOT_OWNER;
	return RIGHTS_OK;
}

uint16_t rights_private_data(const struct ctld *c)
{
	static const struct { const char *name; uint16_t bit; } words[] = {
		{ "jobs", 0x0001 }, { "nodes", 0x0002 },
		{ "partitions", 0x0004 }, { "usage", 0x0008 },
		{ "users", 0x0010 }, { "accounts", 0x0020 },
		{ "reservations", 0x0040 }, { "cloud", 0x0080 },
		{ "events", 0x0100 }, { "all", 0x01ff },
	};
	const char *v = NULL, *p;
	uint16_t bits = 0;

	/* the last global line wins, as in Slurm */
	for (size_t i = 0; i < c->sc->n_unknown; i++)
		if (!c->sc->unknown[i].scope &&
		    !strcasecmp(c->sc->unknown[i].key, "PrivateData"))
			v = c->sc->unknown[i].value;
	for (p = v; p && *p; ) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
			if (strlen(words[k].name) == len &&
			    !strncasecmp(p, words[k].name, len))
				bits |= words[k].bit;
		p = e ? e + 1 : NULL;
	}
	return bits;
}

bool rights_job_hidden(const struct ctld *c, uid_t uid, bool is_operator,
		       const struct job *j)
{
	return !is_operator && j->uid != (uint32_t)uid &&
	       (rights_private_data(c) & RIGHTS_PRIVATE_JOBS);
}

bool rights_info_private(const struct ctld *c, uint16_t what,
			 bool is_operator)
{
	return !is_operator && (rights_private_data(c) & what);
}

const char *rights_strerror(enum rights_rc rc)
{
	switch (rc) {
	case RIGHTS_OK: return "allowed";
	case RIGHTS_NOT_OPERATOR: return "not an operator";
	case RIGHTS_NOT_LEADER: return "not the leader";
	case RIGHTS_NOT_OWNER: return "not the owner";
	}
	return "refused";
}
