/* msg_cred.h - the Slurm 22.05 job credential (slurm_cred, cred/munge).
 *
 * The controller puts it in RESPONSE_JOB_STEP_CREATE; srun passes the very
 * same bytes to every node in REQUEST_LAUNCH_TASKS. On the wire it is the
 * packed fields (below, in slurm_cred.c's 22.05 order) followed by
 * packmem(signature), where the signature is a munge credential whose
 * payload is exactly those packed field bytes, made by root or SlurmUser.
 * The node checks it with cred_verify() before it starts anything.
 * Sockets/cores and memory layouts are carried as the controller gives
 * them; of GRES records only one gres/gpu job record (the GPU indexes on
 * each node) and one gres/gpu step record (the step's share of them) are
 * packed and accepted. */
#ifndef FLURM_SLURM_MSG_CRED_H
#define FLURM_SLURM_MSG_CRED_H

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "core/bitstr.h"
#include "core/pack.h"
#include "slurm/auth.h"

/* Seconds a credential stays valid after it was made: Slurm's default
 * (AuthInfo=cred_expire=, DEFAULT_EXPIRATION_WINDOW). */
#define CRED_EXPIRE_DEFAULT 120

struct cred {
	uint32_t job_id, step_id, step_het_comp;  /* het_comp: NO_VAL */
	uint32_t uid, gid;
	char *user_name, *gecos, *home, *shell;   /* the job user's passwd */
	uint32_t *gids;                            /* supplementary groups */
	uint32_t ngids;
	uint16_t job_core_spec;                    /* NO_VAL16: none */
	char *account, *alias_list, *comment, *constraints;
	char *partition, *reservation;
	uint16_t restart_cnt;
	char *std_err, *std_in, *std_out;          /* the job's (batch) files */
	char *step_hostlist;                       /* nodes of this step */
	uint16_t x11;
	time_t ctime;                              /* set by cred_sign() */
	/* cores of the job and of the step, over the job's nodes */
	bitstr_t *job_core_bitmap, *step_core_bitmap;
	uint16_t core_array_size;
	uint16_t *cores_per_socket, *sockets_per_node;
	uint32_t *sock_core_rep_count;
	uint32_t cpu_array_count;                  /* job CPUs per node, */
	uint16_t *cpu_array;                       /* run-length coded */
	uint32_t *cpu_array_reps;
	uint32_t job_nhosts, job_ntasks;
	char *job_hostlist;                        /* nodes of the job */
	/* memory limits in MB per node, run-length coded (0 = none) */
	uint32_t job_mem_count;
	uint64_t *job_mem;
	uint32_t *job_mem_reps;
	uint32_t step_mem_count;
	uint64_t *step_mem;
	uint32_t *step_mem_reps;
	char *selinux_context;
	/* the GPU indexes the job holds on each of its GPU_NODES nodes
	 * (bit i = GPU i), as one gres/gpu job record's gres_bit_alloc;
	 * NULL: no GRES record */
	uint32_t gpu_nodes;
	bitstr_t **gpu_bits;
	/* the step's share of them on each of the same nodes, as one
	 * gres/gpu step record's gres_bit_alloc (NULL: no step record,
	 * the step sees all the job holds); with gpu_bits only */
	bitstr_t **step_gpu_bits;

	/* set by cred_sign() or cred_unpack() */
	uint8_t *signed_data;                      /* the packed fields */
	size_t signed_len;
	char *signature;                           /* NUL-terminated text */
};

/* What the node requires of a credential (cred_verify()). */
struct cred_check {
	const char *node_name;   /* must be in step_hostlist */
	uint32_t uid;            /* the launch request's uid: must match */
	uid_t slurm_uid;         /* SlurmUser; root is always accepted */
	time_t now;
	uint32_t expire;         /* seconds after ctime; 0: the default */
};

/* Pack C's fields with ctime = NOW and seal them with CTX (a munge
 * credential that anyone may decode). Replaces an earlier signature.
 * 0, or -1 with err_msg(). */
int cred_sign(struct auth_ctx *ctx, struct cred *c, time_t now);
/* Write a signed credential as the wire carries it (signed bytes, then
 * packmem(signature) with its NUL). */
void cred_pack(buf_t *b, const struct cred *c);
/* Read one credential, keeping the signed bytes for cred_verify(). On
 * failure nothing stays allocated. 0, or -1 with err_msg(). */
int cred_unpack(buf_t *b, struct cred *c);
/* The signature is munge's (or auth/none's in tests) over exactly the
 * signed bytes, made by root or SlurmUser; the credential is not expired,
 * names CHECK->node_name among the step's nodes, and is for CHECK->uid.
 * 0, or -1 with err_msg() saying which test failed. */
int cred_verify(struct auth_ctx *ctx, const struct cred *c,
		const struct cred_check *check);
/* Free every field (not the struct itself); harmless twice. */
void cred_free(struct cred *c);

#endif
