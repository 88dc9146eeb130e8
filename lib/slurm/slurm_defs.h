/* slurm_defs.h - Slurm 22.05's numeric constants that travel inside message
 * bodies: sentinels, job and node states, wait reasons, partition and kill
 * flags, show_flags bits, select plugin ids. Values are those of
 * slurm/slurm.h at tag slurm-22-05-8-1; the clients print names from them,
 * so they must never be renumbered. */
#ifndef FLURM_SLURM_DEFS_H
#define FLURM_SLURM_DEFS_H

#include <stdint.h>

/* Sentinels ("unset" and "unlimited"); spelled exactly as proto.h does,
 * so either header may come first. */
#ifndef NO_VAL8
#define NO_VAL8    ((uint8_t)0xfe)
#define NO_VAL16   ((uint16_t)0xfffe)
#define NO_VAL     ((uint32_t)0xfffffffe)
#define NO_VAL64   ((uint64_t)0xfffffffffffffffe)
#define INFINITE8  ((uint8_t)0xff)
#define INFINITE16 ((uint16_t)0xffff)
#define INFINITE   ((uint32_t)0xffffffff)
#define INFINITE64 ((uint64_t)0xffffffffffffffff)
#endif

/* nice and site_factor travel offset by this, so 0x80000000 means 0 */
#define NICE_OFFSET 0x80000000u

/* Special step ids */
#define SLURM_INTERACTIVE_STEP 0xfffffffau
#define SLURM_BATCH_SCRIPT     0xfffffffbu
#define SLURM_EXTERN_CONT      0xfffffffcu
#define SLURM_PENDING_STEP     0xfffffffdu

/* pn_min_memory / def_mem_per_cpu: set means "per CPU", clear "per node" */
#define MEM_PER_CPU 0x8000000000000000ULL

/* Job states: base state in the low byte, flags above it */
enum slurm_job_state {
	JOB_PENDING = 0,
	JOB_RUNNING = 1,
	JOB_SUSPENDED = 2,
	JOB_COMPLETE = 3,
	JOB_CANCELLED = 4,
	JOB_FAILED = 5,
	JOB_TIMEOUT = 6,
	JOB_NODE_FAIL = 7,
	JOB_PREEMPTED = 8,
	JOB_BOOT_FAIL = 9,
	JOB_DEADLINE = 10,
	JOB_OOM = 11,
	JOB_END = 12,           /* not a state: number of base states */
};
#define JOB_STATE_BASE     0x000000ffu
#define JOB_STATE_FLAGS    0xffffff00u
#define JOB_LAUNCH_FAILED  (1u << 8)
#define JOB_UPDATE_DB      (1u << 9)
#define JOB_REQUEUE        (1u << 10)
#define JOB_REQUEUE_HOLD   (1u << 11)
#define JOB_SPECIAL_EXIT   (1u << 12)
#define JOB_RESIZING       (1u << 13)
#define JOB_CONFIGURING    (1u << 14)
#define JOB_COMPLETING     (1u << 15)
#define JOB_STOPPED        (1u << 16)
#define JOB_RECONFIG_FAIL  (1u << 17)
#define JOB_POWER_UP_NODE  (1u << 18)
#define JOB_REVOKED        (1u << 19)
#define JOB_REQUEUE_FED    (1u << 20)
#define JOB_RESV_DEL_HOLD  (1u << 21)
#define JOB_SIGNALING      (1u << 22)
#define JOB_STAGE_OUT      (1u << 23)

/* Why a job waits or ended (enum job_state_reason). squeue prints the name
 * that belongs to the number, so only add values, never move them. The
 * WAIT_ASSOC_* / WAIT_QOS_* limit reasons 40..177 and 183..197 exist too;
 * the ones FLURM may send are listed. */
enum slurm_job_reason {
	WAIT_NO_REASON = 0,           /* "None" */
	WAIT_PRIORITY = 1,            /* "Priority" */
	WAIT_DEPENDENCY = 2,          /* "Dependency" */
	WAIT_RESOURCES = 3,           /* "Resources" */
	WAIT_PART_NODE_LIMIT = 4,     /* "PartitionNodeLimit" */
	WAIT_PART_TIME_LIMIT = 5,     /* "PartitionTimeLimit" */
	WAIT_PART_DOWN = 6,           /* "PartitionDown" */
	WAIT_PART_INACTIVE = 7,       /* "PartitionInactive" */
	WAIT_HELD = 8,                /* "JobHeldAdmin" */
	WAIT_TIME = 9,                /* "BeginTime" */
	WAIT_LICENSES = 10,           /* "Licenses" */
	WAIT_ASSOC_JOB_LIMIT = 11,    /* "AssociationJobLimit" */
	WAIT_ASSOC_RESOURCE_LIMIT = 12, /* "AssociationResourceLimit" */
	WAIT_ASSOC_TIME_LIMIT = 13,   /* "AssociationTimeLimit" */
	WAIT_RESERVATION = 14,        /* "Reservation" */
	WAIT_NODE_NOT_AVAIL = 15,     /* "ReqNodeNotAvail" */
	WAIT_HELD_USER = 16,          /* "JobHeldUser" */
	WAIT_FRONT_END = 17,          /* "FrontEndDown" */
	FAIL_DEFER = 18,              /* "SchedDefer" */
	FAIL_DOWN_PARTITION = 19,     /* "PartitionDown" */
	FAIL_DOWN_NODE = 20,          /* "NodeDown" */
	FAIL_BAD_CONSTRAINTS = 21,    /* "BadConstraints" */
	FAIL_SYSTEM = 22,             /* "SystemFailure" */
	FAIL_LAUNCH = 23,             /* "JobLaunchFailure" */
	FAIL_EXIT_CODE = 24,          /* "NonZeroExitCode" */
	FAIL_TIMEOUT = 25,            /* "TimeLimit" */
	FAIL_INACTIVE_LIMIT = 26,     /* "InactiveLimit" */
	FAIL_ACCOUNT = 27,            /* "InvalidAccount" */
	FAIL_QOS = 28,                /* "InvalidQOS" */
	WAIT_QOS_THRES = 29,          /* "QOSUsageThreshold" */
	WAIT_QOS_JOB_LIMIT = 30,      /* "QOSJobLimit" */
	WAIT_QOS_RESOURCE_LIMIT = 31, /* "QOSResourceLimit" */
	WAIT_QOS_TIME_LIMIT = 32,     /* "QOSTimeLimit" */
	WAIT_CLEANING = 35,           /* "Cleaning" */
	WAIT_PROLOG = 36,             /* "Prolog" */
	WAIT_QOS = 37,                /* "QOSNotAllowed" */
	WAIT_ACCOUNT = 38,            /* "AccountNotAllowed" */
	WAIT_DEP_INVALID = 39,        /* "DependencyNeverSatisfied" */
	WAIT_QOS_GRP_CPU = 40,        /* "QOSGrpCpuLimit" */
	WAIT_QOS_GRP_JOB = 43,        /* "QOSGrpJobsLimit" */
	WAIT_QOS_MAX_JOB_PER_USER = 53, /* "QOSMaxJobsPerUserLimit" */
	WAIT_ASSOC_GRP_JOB = 60,      /* "AssocGrpJobsLimit" */
	WAIT_ASSOC_MAX_JOBS = 65,     /* "AssocMaxJobsLimit" */
	WAIT_MAX_REQUEUE = 71,        /* "JobHoldMaxRequeue" */
	WAIT_ARRAY_TASK_LIMIT = 72,   /* "JobArrayTaskLimit" */
	FAIL_DEADLINE = 167,          /* "DeadLine" */
	WAIT_PART_CONFIG = 178,       /* "PartitionConfig" */
	WAIT_ACCOUNT_POLICY = 179,    /* "AccountingPolicy" */
	WAIT_FED_JOB_LOCK = 180,      /* "FedJobLock" */
	FAIL_OOM = 181,               /* "OutOfMemory" */
	WAIT_PN_MEM_LIMIT = 182,      /* "MaxMemPerLimit" */
	WAIT_RESV_DELETED = 198,      /* "ReservationDeleted" */
	REASON_END = 199,             /* not a reason: number of reasons */
};

/* Node states: base state in the low 4 bits, flags above */
enum slurm_node_state {
	NODE_STATE_UNKNOWN = 0,
	NODE_STATE_DOWN = 1,
	NODE_STATE_IDLE = 2,
	NODE_STATE_ALLOCATED = 3,
	NODE_STATE_ERROR = 4,
	NODE_STATE_MIXED = 5,
	NODE_STATE_FUTURE = 6,
	NODE_STATE_END = 7,
};
#define NODE_STATE_BASE             0x0000000fu
#define NODE_STATE_FLAGS            0xfffffff0u
#define NODE_STATE_NET              (1u << 4)
#define NODE_STATE_RES              (1u << 5)
#define NODE_STATE_UNDRAIN          (1u << 6)
#define NODE_STATE_CLOUD            (1u << 7)
#define NODE_RESUME                 (1u << 8)
#define NODE_STATE_DRAIN            (1u << 9)
#define NODE_STATE_COMPLETING       (1u << 10)
#define NODE_STATE_NO_RESPOND       (1u << 11)
#define NODE_STATE_POWERED_DOWN     (1u << 12)
#define NODE_STATE_FAIL             (1u << 13)
#define NODE_STATE_POWERING_UP      (1u << 14)
#define NODE_STATE_MAINT            (1u << 15)
#define NODE_STATE_REBOOT_REQUESTED (1u << 16)
#define NODE_STATE_REBOOT_CANCEL    (1u << 17)
#define NODE_STATE_POWERING_DOWN    (1u << 18)
#define NODE_STATE_DYNAMIC_FUTURE   (1u << 19)
#define NODE_STATE_REBOOT_ISSUED    (1u << 20)
#define NODE_STATE_PLANNED          (1u << 21)
#define NODE_STATE_INVALID_REG      (1u << 22)
#define NODE_STATE_POWER_DOWN       (1u << 23)
#define NODE_STATE_POWER_UP         (1u << 24)
#define NODE_STATE_POWER_DRAIN      (1u << 25)
#define NODE_STATE_DYNAMIC_NORM     (1u << 26)

/* Partition flags and state_up */
#define PART_FLAG_DEFAULT        0x0001
#define PART_FLAG_HIDDEN         0x0002
#define PART_FLAG_NO_ROOT        0x0004
#define PART_FLAG_ROOT_ONLY      0x0008
#define PART_FLAG_REQ_RESV       0x0010
#define PART_FLAG_LLN            0x0020
#define PART_FLAG_EXCLUSIVE_USER 0x0040
#define PART_FLAG_DEFAULT_CLR    0x0100
#define PART_FLAG_HIDDEN_CLR     0x0200
#define PART_FLAG_NO_ROOT_CLR    0x0400
#define PART_FLAG_ROOT_ONLY_CLR  0x0800
#define PART_FLAG_REQ_RESV_CLR   0x1000
#define PART_FLAG_LLN_CLR        0x2000
#define PART_FLAG_EXC_USER_CLR   0x4000
#define PARTITION_SUBMIT   0x01
#define PARTITION_SCHED    0x02
#define PARTITION_INACTIVE 0x00
#define PARTITION_DOWN     (PARTITION_SUBMIT)
#define PARTITION_DRAIN    (PARTITION_SCHED)
#define PARTITION_UP       (PARTITION_SUBMIT | PARTITION_SCHED)
#define SHARED_FORCE       0x8000   /* in max_share: OverSubscribe=FORCE */

/* show_flags of the info requests */
#define SHOW_ALL        0x0001
#define SHOW_DETAIL     0x0002
#define SHOW_MIXED      0x0008
#define SHOW_LOCAL      0x0010
#define SHOW_SIBLING    0x0020
#define SHOW_FEDERATION 0x0040
#define SHOW_FUTURE     0x0080

/* job shared / OverSubscribe as the job record reports it */
#define JOB_SHARED_NONE 0x0000   /* --exclusive */
#define JOB_SHARED_OK   0x0001   /* --oversubscribe */
#define JOB_SHARED_USER 0x0002   /* --exclusive=user */
#define JOB_SHARED_MCS  0x0003   /* --exclusive=mcs */

/* open_mode */
#define OPEN_MODE_APPEND   1
#define OPEN_MODE_TRUNCATE 2

/* mail_type bits */
#define MAIL_JOB_BEGIN   (1u << 0)
#define MAIL_JOB_END     (1u << 1)
#define MAIL_JOB_FAIL    (1u << 2)
#define MAIL_JOB_REQUEUE (1u << 3)
#define MAIL_JOB_TIME100 (1u << 4)
#define MAIL_JOB_TIME90  (1u << 5)
#define MAIL_JOB_TIME80  (1u << 6)
#define MAIL_JOB_TIME50  (1u << 7)

/* job_desc / job_info bitflags (u64) that matter to FLURM */
#define KILL_INV_DEP      (1ull << 0)   /* --kill-on-invalid-dep=yes */
#define NO_KILL_INV_DEP   (1ull << 1)   /* --kill-on-invalid-dep=no */
#define JOB_NTASKS_SET    (1ull << 14)
#define JOB_CPUS_SET      (1ull << 15)
#define JOB_MEM_SET       (1ull << 23)
#define USE_DEFAULT_ACCT  (1ull << 25)
#define USE_DEFAULT_PART  (1ull << 26)
#define USE_DEFAULT_QOS   (1ull << 27)
#define USE_DEFAULT_WCKEY (1ull << 28)

/* job_desc alloc_sid in a job update: scontrol uhold sends USER_HOLD so
 * an operator's hold stays a user hold ("hold" sends 0) */
#define ALLOC_SID_ADMIN_HOLD 0x00000001u
#define ALLOC_SID_USER_HOLD  0x00000002u

/* task_dist sent by sbatch when the user gave no -m */
#define SLURM_DIST_UNKNOWN 0x2000

/* flags of REQUEST_KILL_JOB / REQUEST_CANCEL_JOB_STEP */
#define KILL_JOB_BATCH   (1u << 0)
#define KILL_JOB_ARRAY   (1u << 1)
#define KILL_STEPS_ONLY  (1u << 2)
#define KILL_FULL_JOB    (1u << 3)
#define KILL_FED_REQUEUE (1u << 4)
#define KILL_HURRY       (1u << 5)
#define KILL_OOM         (1u << 6)
#define KILL_NO_SIBS     (1u << 7)
#define KILL_JOB_RESV    (1u << 8)

/* select plugin ids carried in job and node records */
#define SELECT_PLUGIN_CONS_RES  101
#define SELECT_PLUGIN_LINEAR    102
#define SELECT_PLUGIN_CONS_TRES 109

#endif
