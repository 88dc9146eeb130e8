#!/bin/bash
test_description='job steps on the controller: srun creates them, squeue -s and scontrol show step list them, scancel ends them, a job end ends them, a restart keeps them'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 3 || error "cannot start a cluster"

test_expect_success 'cluster up' '
	flurm_wait_ready &&
	flurm_wait_nodes idle 30
'

# granted_id NAME: the job salloc NAME was granted.
granted_id() {
	sed -n "s/^salloc: Granted job allocation \([0-9]*\)$/\1/p" $1.err
}
# steps: the running steps as squeue -s shows them: id, name, nodes.
steps() {
	squeue -h -s -o "%i %j %N" "$@" | sort
}

# The step's tasks are started by srun on the node daemons; whether that
# works or not, the step exists from its creation until srun gives up.
test_expect_success 'srun creates a step: squeue -s and scontrol show step list it' '
	bg s1 srun -N2 -n3 sleep 100 &&
	flurm_wait_for "test -n \"\$(steps)\"" 20 &&
	id=$(squeue -h -o %i) && test -n "$id" && echo $id >s1.id &&
	test "$(steps)" = "$id.0 sleep node[1-2]" &&
	scontrol show step $id.0 >show &&
	cat show &&
	grep -q "^StepId=$id.0 UserId=$(id -u) " show &&
	grep -q "State=RUNNING Partition=debug NodeList=node\[1-2\]" show &&
	grep -q "Nodes=2 CPUs=3 Tasks=3 Name=sleep" show &&
	grep -q "TRES=cpu=3,node=2" show &&
	grep -q "SrunHost:Pid=127.0.0.1:$(cat s1.pid)" show &&
	scontrol show step $id | grep -q "^StepId=$id.0 " &&
	test "$(squeue -h -j $id -o "%T %N")" = "RUNNING node[1-2]"
'

test_expect_success 'a step that does not exist' '
	id=$(cat s1.id) &&
	test_must_fail scontrol show step $id.7 >out 2>&1 &&
	grep -q "Job step $id.7 not found" out &&
	test_must_fail scancel $id.7 2>err &&
	cat err && grep -q "Invalid job id specified" err
'

test_expect_success 'scancel ID.STEP ends the step; srun hears it and gives up' '
	id=$(cat s1.id) &&
	scancel $id.0 &&
	test -z "$(steps)" &&
	ended s1 &&
	cat s1.err &&
	test "$(cat s1.rc)" != 0 &&
	grep -q "step $id.0 cancelled" "$(flurm_ctld_log 1)" &&
	wait_job $id FAILED
'

test_expect_success 'steps of one allocation get ids in order; without --exact each holds its nodes whole' '
	bg a1 salloc -N2 sh -c "srun -n1 sleep 100 & srun -n1 sleep 100 & touch a1.go; wait" &&
	flurm_wait_for "test -e a1.go" 20 &&
	flurm_wait_for "test \$(steps | wc -l) = 2" 20 &&
	id=$(squeue -h -o %i -t running | head -1) && echo $id >a1.id &&
	steps >out && cat out &&
	test "$(cut -d" " -f1 out | tr "\n" " ")" = "$id.0 $id.1 " &&
	test "$(cut -d" " -f3 out | sort | tr "\n" " ")" = "node1 node2 "
'

test_expect_success 'a step that does not fit waits for the CPUs the others hold, and gets them when one ends' '
	id=$(cat a1.id) &&
	bg busy env SLURM_JOB_ID=$id srun -n1 sleep 100 &&
	flurm_wait_for "grep -q \"step of job $id refused: the allocation.s CPUs are in use by other steps\" $(flurm_ctld_log 1)" 20 &&
	test "$(steps | wc -l)" = 2 &&
	scancel $id.0 &&
	flurm_wait_for "steps | grep -q \"^$id.2 sleep node1\$\"" 20 &&
	steps | grep -q "^$id.1 sleep node2$" &&
	! steps | grep -q "^$id.0 "
'

test_expect_success 'a step larger than its allocation is refused as slurmctld refuses it' '
	id=$(cat a1.id) &&
	test_must_fail env SLURM_JOB_ID=$id srun -n5 --overlap true 2>err &&
	cat err &&
	grep -q "More processors requested than permitted" err &&
	test_must_fail env SLURM_JOB_ID=$id srun -w node3 --overlap true 2>err &&
	cat err &&
	grep -q "Requested node configuration is not available" err
'

test_expect_success 'the end of the job ends its steps and their sruns' '
	id=$(cat a1.id) &&
	scancel $id &&
	test -z "$(steps)" &&
	ended a1 && ended busy &&
	cat a1.err &&
	grep -q "Job allocation $id has been revoked" a1.err &&
	wait_job $id CANCELLED
'

test_expect_success 'a controller restart keeps the steps; the next step gets the next id' '
	bg a2 salloc -N1 sh -c "srun --overlap sleep 100 & srun --overlap sleep 100 & touch a2.go; wait" &&
	flurm_wait_for "test -e a2.go" 20 &&
	flurm_wait_for "test \$(steps | wc -l) = 2" 20 &&
	id=$(squeue -h -o %i -t running | head -1) &&
	steps >before && cat before &&
	flurm_ctl_stop 1 && flurm_ctl_start 1 &&
	flurm_wait_ready &&
	steps >after &&
	test_cmp before after &&
	scontrol show step $id.1 | grep -q "State=RUNNING" &&
	bg s3 env SLURM_JOB_ID=$id srun --overlap sleep 100 &&
	flurm_wait_for "test \$(steps | wc -l) = 3" 20 &&
	steps | grep -q "^$id.2 sleep node" &&
	scancel $id && ended a2 && ended s3
'

test_expect_success 'a batch job lists its batch step and its srun steps; cancelled, slurmstepd'"'"'s lines' '
	id=$(submit -N2 -o bs-%j.out --wrap "srun -N2 -n2 sleep 100") &&
	flurm_wait_for "steps | grep -q \"^$id.0 \"" 30 &&
	steps >out && cat out &&
	host=$(scontrol show job $id | sed -n "s/.*BatchHost=\([^ ]*\).*/\1/p") &&
	grep -qx "$id.batch batch $host" out &&
	grep -qx "$id.0 sleep node\[1-2\]" out &&
	scontrol show step $id | grep -q "^StepId=$id.batch UserId=$(id -u) " &&
	scancel $id &&
	wait_job $id CANCELLED &&
	test -z "$(steps)" &&
	# slurmstepd'"'"'s lines: the job'"'"'s, and its step'"'"'s from the step'"'"'s first node
	flurm_wait_for "grep -q \"STEP $id.0\" bs-$id.out" 10 &&
	cat bs-$id.out &&
	grep -E "^slurmstepd: error: \*\*\* JOB $id ON $host CANCELLED AT [0-9T:-]{19} \*\*\*\$" bs-$id.out &&
	grep -E "^slurmstepd: error: \*\*\* STEP $id\.0 ON node[0-9] CANCELLED AT [0-9T:-]{19} \*\*\*\$" bs-$id.out >said &&
	test_line_count = 1 said
'

# With the node daemons running the tasks (flurmnd), the step lives as
# long as they do.
test_expect_success 'a step ends when its tasks have ended on every node' '
	srun -N2 -n2 true &&
	id=$(squeue -h -t all -o %i | sort -n | tail -1) &&
	flurm_wait_for "grep -q \"step $id.0 ended: COMPLETED\" $(flurm_ctld_log 1)" 20 &&
	test -z "$(steps)"
'

# Run inside salloc -N2 -n4 (two CPUs on each node): where the tasks of
# a few layouts land, and two --exclusive steps side by side.
cat >layouts.sh <<\EOF
node='echo $SLURMD_NODENAME'
srun -n3 -l sh -c "$node" | sort >block
srun -n2 -c2 -l sh -c "$node" | sort >cpt
srun -n2 --ntasks-per-node=1 -l sh -c "$node" | sort >tpn
srun -N1 -n2 -w node2 -l sh -c "$node" | sort >w
srun --exclusive -n1 sh -c 'touch x.$SLURM_STEP_ID; sleep 3' &
srun --exclusive -n1 sh -c 'touch x.$SLURM_STEP_ID; sleep 3' &
sleep 1.5
squeue -h -s -o %i >both
wait
EOF

test_expect_success 'layouts: block over the nodes, -c, --ntasks-per-node, -w; --exclusive steps side by side' '
	salloc -N2 -n4 sh layouts.sh 2>err &&
	cat err block cpt tpn w both &&
	printf "0: node1\n1: node1\n2: node2\n" >expect && test_cmp expect block &&
	printf "0: node1\n1: node2\n" >expect && test_cmp expect cpt &&
	test_cmp expect tpn &&
	printf "0: node2\n1: node2\n" >expect && test_cmp expect w &&
	test $(grep -c "\.[45]$" both) = 2 &&
	test -e x.4 && test -e x.5
'

test_expect_success '--mem beyond the job'"'"'s memory is refused' '
	test_must_fail salloc -N1 --mem=500 srun --mem=600 true 2>err &&
	cat err &&
	grep -q "Memory required by task is not available" err
'

test_expect_success 'a failing step: srun exits with its code, the job shows it' '
	test_expect_code 3 srun -N2 -n2 sh -c "exit 3" 2>err &&
	id=$(squeue -h -t all -o %i | sort -n | tail -1) &&
	flurm_wait_for "grep -q \"step $id.0 ended: FAILED\" $(flurm_ctld_log 1)" 20 &&
	wait_job $id FAILED &&
	scontrol show job $id | grep -q "ExitCode=3:0"
'

# said SRUN ID REASON: srun's stderr SRUN.err has slurmstepd's line for
# step ID once (from the step's first node), with " DUE TO REASON"
said() {
	local due=${3:+ DUE TO $3}
	cat $1.err &&
	grep -E "^slurmstepd: error: \*\*\* STEP $2 ON node[0-9] CANCELLED AT [0-9T:-]{19}$due \*\*\*\$" $1.err >said &&
	test_line_count = 1 said
}

test_expect_success 'scancel ID.STEP stops the running tasks on every node at once; srun gets slurmstepd'"'"'s line' '
	bg k1 srun -N2 -n2 sh -c "echo \$\$ >k1.\$SLURM_PROCID; exec sleep 300" &&
	flurm_wait_for "test -s k1.0 && test -s k1.1" 20 &&
	id=$(steps | cut -d. -f1) &&
	kill -0 $(cat k1.0) $(cat k1.1) &&
	scancel $id.0 &&
	ended k1 &&
	test "$(cat k1.rc)" != 0 &&
	flurm_wait_for "! kill -0 $(cat k1.0) && ! kill -0 $(cat k1.1)" 20 &&
	test -z "$(steps)" &&
	said k1 $id.0 &&
	# SIGKILL without SIGTERM first, as slurmctld stops a step alone
	grep -q "^srun: error: node[0-9]: tasks\{0,1\} [0-9-]*: Killed$" k1.err
'

test_expect_success 'scancel of an srun allocation: srun gets slurmstepd'"'"'s line, without DUE TO' '
	bg c1 srun -N2 -n2 sh -c "echo \$\$ >c1.\$SLURM_PROCID; exec sleep 300" &&
	flurm_wait_for "test -s c1.0 && test -s c1.1" 20 &&
	id=$(steps | cut -d. -f1) &&
	scancel $id &&
	ended c1 &&
	wait_job $id CANCELLED &&
	said c1 $id.0 &&
	grep -q "^srun: error: node[0-9]: tasks\{0,1\} [0-9-]*: Terminated$" c1.err
'

test_expect_success 'scancel -s SIG ID.STEP signals the tasks, also through the controller (--ctld)' '
	bg g1 srun -N2 -n2 sh -c "trap \"echo got USR1; exit 0\" USR1; touch g1.\$SLURM_PROCID; while :; do sleep 0.1; done" &&
	flurm_wait_for "test -e g1.0 && test -e g1.1" 20 &&
	id=$(steps | cut -d. -f1) &&
	scancel --ctld -s USR1 $id.0 &&
	ended g1 &&
	cat g1.out &&
	test "$(grep -c "got USR1" g1.out)" = 2 &&
	test "$(cat g1.rc)" = 0 &&
	grep -q "sends signal 10 to step $id.0" "$(flurm_ctld_log 1)"
'

test_expect_success 'a step ends with its node: NODE_FAIL, and srun hears it' '
	bg nf srun -N2 -n2 sleep 300 &&
	flurm_wait_for "test -n \"\$(steps)\"" 20 &&
	id=$(steps | cut -d. -f1) &&
	kill -STOP $(flurm_daemon_pid node2) &&
	flurm_wait_for "test \"\$(squeue -h -j $id -t all -o %T)\" = NODE_FAIL" 30 &&
	test -z "$(steps)" &&
	flurm_wait_for "grep -q \"job $id: step end delivered\" $(flurm_ctld_log 1)" 10 &&
	ended nf 30 &&
	cat nf.err &&
	grep -q "Node failure on node2" nf.err &&
	test "$(cat nf.rc)" != 0 &&
	kill -CONT $(flurm_daemon_pid node2) &&
	flurm_wait_nodes idle 30
'

test_expect_success 'the time limit ends the job and its steps: srun is warned, then told' '
	bg tl srun -v -t 1 -N2 -n2 sh -c "echo \$\$ >tl.\$SLURM_PROCID; exec sleep 300" &&
	flurm_wait_for "test -s tl.0 && test -s tl.1" 20 &&
	id=$(steps | cut -d. -f1) &&
	flurm_wait_for "grep -q \"job time limit to be reached\" tl.err" 20 &&
	ended tl 90 &&
	said tl $id.0 "TIME LIMIT" &&
	test "$(cat tl.rc)" != 0 &&
	test "$(squeue -h -j $id -t all -o %T)" = TIMEOUT &&
	test -z "$(steps)" &&
	flurm_wait_for "! kill -0 $(cat tl.0) && ! kill -0 $(cat tl.1)" 30
'

test_expect_success 'a step'"'"'s own time limit (srun -t inside an allocation): srun is warned, the step ends TIMEOUT, the job runs on' '
	bg stl salloc -N1 -K -t 10 sh -c "srun -t 1 sh -c \"echo \\\$\\\$ >stl.task; exec sleep 300\"; echo srun=\$? >stl.srun; touch stl.after; sleep 300" &&
	flurm_wait_for "test -s stl.task" 20 &&
	id=$(granted_id stl) && test -n "$id" &&
	test "$(steps)" = "$id.0 sh node1" &&
	flurm_wait_for "grep -q \"job $id: step time limit warning delivered\" $(flurm_ctld_log 1)" 30 &&
	flurm_wait_for "test -e stl.after" 90 &&
	cat stl.srun &&
	said stl $id.0 "TIME LIMIT" &&
	grep -q "step $id.0 reached its time limit" "$(flurm_ctld_log 1)" &&
	! grep -q "^srun=0$" stl.srun &&
	test -z "$(steps)" &&
	test "$(squeue -h -j $id -o %T)" = RUNNING &&
	flurm_wait_for "! kill -0 $(cat stl.task)" 30 &&
	scancel $id &&
	ended stl 30
'

test_done
