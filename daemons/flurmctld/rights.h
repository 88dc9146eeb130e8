/* rights.h - who may call an RPC and how it runs, as every listener's RPC
 * table declares them (rpc_slurm.c, rpc_admin.c), and the one check of
 * a caller against them. Finding the target job and wording a refusal
 * for the wire are the listener's. */
#ifndef FLURM_CTLD_RIGHTS_H
#define FLURM_CTLD_RIGHTS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct ctld;
struct job;

/* Who may call. */
enum rpc_who {
	RPC_ANYONE,     /* any authenticated user */
	RPC_OWNER,      /* the owner of the target job, or an operator */
	RPC_OPERATOR,   /* root, SlurmUser, the admins of flurmctld.conf */
};

/* How it runs; the values keep the Slurm table's old "leader only"
 * flag meaning the same (false: local, true: leader). */
enum rpc_how {
	RPC_LOCAL,      /* answered by any controller from what it has */
	RPC_LEADER,     /* a read of the leader's view (freshest model) */
	RPC_WRITE,      /* a change: the leader proposes it */
};

/* Why a call is refused. */
enum rights_rc {
	RIGHTS_OK,
	RIGHTS_NOT_OPERATOR,   /* RPC_OPERATOR, and the caller is not one */
	RIGHTS_NOT_LEADER,     /* RPC_LEADER or RPC_WRITE on a follower */
	RIGHTS_NOT_OWNER,      /* RPC_OWNER, and TARGET is someone else's */
};

/* May UID (IS_OPERATOR: see ctld_is_operator) call an RPC declared WHO
 * and HOW on this controller? TARGET is the job it names (RPC_OWNER),
 * or NULL when there is none to check: the handler then answers for the
 * job (it does not exist, it is not named right). Checked in this order:
 * operator, leadership, owner. */
enum rights_rc rights_check(const struct ctld *c, enum rpc_who who,
			    enum rpc_how how, uid_t uid, bool is_operator,
			    const struct job *target);
/* slurm.conf PrivateData as Slurm's bits (what scontrol show config
 * prints): jobs, nodes, partitions, usage, users, accounts, reservations,
 * cloud, events, or all. */
#define RIGHTS_PRIVATE_JOBS        0x0001
#define RIGHTS_PRIVATE_NODES       0x0002
#define RIGHTS_PRIVATE_PARTITIONS  0x0004
uint16_t rights_private_data(const struct ctld *c);
/* Does PrivateData=jobs keep job J from UID's job lists (as slurmctld:
 * all jobs for operators, their own for everyone else)? */
bool rights_job_hidden(const struct ctld *c, uid_t uid, bool is_operator,
		       const struct job *j);
/* Does PrivateData keep node (WHAT RIGHTS_PRIVATE_NODES) or partition
 * information from a caller? Operators always see it. */
bool rights_info_private(const struct ctld *c, uint16_t what,
			 bool is_operator);

/* For people and logs: "not an operator", "not the owner", ... */
const char *rights_strerror(enum rights_rc rc);

#endif
