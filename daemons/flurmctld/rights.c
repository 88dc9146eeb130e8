/* rights.c - the one check of a caller against an RPC table's rights
 * (anyone, owner of the target job, operator) and its way of running
 * (local, leader read, write), shared by the Slurm port and the admin
 * socket. The operations in ops_*.c check again for callers that reach
 * them without a table (forwarding, the controller itself). */
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
