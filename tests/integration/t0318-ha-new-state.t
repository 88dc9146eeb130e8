#!/bin/bash
test_description='the newest replicated state survives a kill -9 of the leader, a restart of the old leader from its snapshot and a follower given the leader'"'"'s snapshot: the GPUs each srun step holds (a step asking them waits as srun does on "Requested nodes are busy"), a node'"'"'s ActiveFeatures, Comment and Extra, CPUs shared under OverSubscribe=FORCE:2 and YES:2 (CPU_IDs, NumCPUs, CPUAlloc, a job finding no room) and the NumCPUs scontrol update gave a job'
. "$(dirname "$0")/test-lib.sh"
. "$FLURM_SRCDIR/tests/integration/ha-lib.sh"

# GPUs as t0293/t0294 give them (gres.conf beside slurm.conf), four CPUs
# a node; node1 alone in a partition sharing each CPU among any two
# jobs, node3 in one sharing it among two that ask --oversubscribe.
# Snapshots every 16 entries, so that one holds all of it before the kill.
FLURM_SLURM_CONF_EXTRA="GresTypes=gpu
SelectType=select/cons_tres
AccountingStorageTRES=gres/gpu
PartitionName=fy Nodes=node1 Default=NO OverSubscribe=FORCE:2
PartitionName=y2 Nodes=node3 Default=NO OverSubscribe=YES:2"
FLURM_CTLD_CONF_EXTRA="snapshot_threshold = 16"
export FLURM_SLURM_CONF_EXTRA FLURM_CTLD_CONF_EXTRA
flurm_test_setup 3 3 || error "cannot set up a cluster"
sed -i -E "s/^(NodeName=node[^ ]*) CPUs=2 (.*) State=/\1 CPUs=4 \2 Gres=gpu:2 State=/" \
	"$SLURM_CONF"
cat >"$(dirname "$SLURM_CONF")/gres.conf" <<EOF
NodeName=node[1-3] Name=gpu File=/dev/nvidia[0-1]
EOF
flurm_cluster_start || error "cannot start a cluster"

# view: what a user sees of the state under test, through the clients'
# slurm.conf given (one controller's alone)
view() {
	SLURM_CONF=$1 scontrol show node node2 | grep -E "Features|Comment|Extra" &&
	SLURM_CONF=$1 scontrol show node node1 | grep -o "CPUAlloc=[0-9]*" &&
	SLURM_CONF=$1 scontrol show node node3 | grep -o "CPUAlloc=[0-9]*" &&
	for x in $(cat shared); do
		SLURM_CONF=$1 scontrol -d show job $x >sj || return 1
		grep -oE "(JobState|NumCPUs|OverSubscribe|CPU_IDs)=[^ ]*" sj || return 1
	done &&
	SLURM_CONF=$1 scontrol show job $(cat upd) |
		grep -oE "(JobState|NumCPUs|NumTasks)=[^ ]*" &&
	SLURM_CONF=$1 squeue -h -s -j $(cat gj) -o %i | sort &&
	SLURM_CONF=$1 scontrol show step $(cat gj).1 | grep -o " TRES=.*"
}

# snap_format K: the format of controller K's newest snapshot written
# since the file snap.mark (nothing when there is none)
snap_format() {
	local snap
	snap=$(find "$FLURM_SCRATCH/ctl$1/state/raft" -name "snapshot-*" ! -name "*.meta" \
		-newer snap.mark -printf "%T@ %p\n" | sort -n | tail -1 | cut -d" " -f2) &&
	test -n "$snap" &&
	perl -e '
		local $/; open(my $f, "<", $ARGV[0]) or die "$ARGV[0]: $!";
		my $d = <$f>; my $i = index($d, "FLSS");
		die "no state in $ARGV[0]\n" if $i < 0;
		print unpack("N", substr($d, $i + 4, 4)), "\n";
	' "$snap"
}

# no_room CONF: neither node1 nor node3 has room for one more job of
# their partition: each waits for Resources
no_room() {
	d=$(SLURM_CONF=$1 submit -p fy -n1 -o /dev/null --wrap true) &&
	e=$(SLURM_CONF=$1 submit -p y2 -s -n1 -o /dev/null --wrap true) &&
	flurm_wait_for "test \"\$(SLURM_CONF=$1 squeue -h -j $d,$e -o %r)\" = \"Resources
Resources\"" 20 &&
	SLURM_CONF=$1 scancel $d $e
}

# nd_mark: note how far the node daemons' logs go
nd_mark() {
	for n in node1 node2 node3; do
		wc -l <"$(flurm_nd_log $n)" >$n.mark || return 1
	done
}

# registered K: each node daemon registered with controller K since
# nd_mark
registered() {
	for n in node1 node2 node3; do
		tail -n +$(( $(cat $n.mark) + 1 )) "$(flurm_nd_log $n)" |
			grep -q "registered node $n with controller $(eval echo \$FLURM_CTL_ADDR_$1):" ||
			return 1
	done
}

# installed K LINES: controller K, restarted when its log had LINES
# lines, restored a snapshot after it started: one its leader sent
installed() {
	tail -n +$(( $2 + 1 )) "$(flurm_ctld_log $1)" |
		sed -n "/raft: node $1 started/,\$p" | grep -q "restored snapshot: "
}

# refused K LINES: controller K refused a step of the job gj for GPUs
# other steps hold, since its log had LINES lines
refused() {
	tail -n +$(( $2 + 1 )) "$(flurm_ctld_log $1)" |
		grep -q "step of job $(cat gj) refused: .* in use by other steps"
}

# a step's output as srun gives it, without the warnings of a loaded
# machine, nor the lines of retries after the first (srun says so on
# each that finds the nodes still busy)
step_out() {
	grep -v -e "^srun: Warning" -e "step creation still disabled, retrying" $1
}

test_expect_success 'three controllers, three nodes with two GPUs each' '
	flurm_wait_ready &&
	flurm_wait_for leader 20 &&
	flurm_wait_nodes idle 30
'

test_expect_success 'set up: steps holding GPUs, node texts, shared CPUs, an updated NumCPUs' '
	cat >gsteps.sh <<-\EOS &&
	#!/bin/sh
	show="\$SLURMD_NODENAME \$CUDA_VISIBLE_DEVICES"
	srun -l --exact -n1 --gpus=1 sh -c "echo A $show; sleep 120" >ga.out 2>&1 &
	while ! grep -q node2 ga.out 2>/dev/null; do sleep 0.2; done
	srun -l --exact -n1 --gpus=1 sh -c "echo B $show; sleep 120" >gb.out 2>&1 &
	while ! grep -q node2 gb.out 2>/dev/null; do sleep 0.2; done
	touch gab.ready
	while [ ! -e go1 ]; do sleep 0.2; done
	srun -l --exact -n1 --gpus=1 sh -c "echo C $show" >gc.out 2>&1
	while [ ! -e go2 ]; do sleep 0.2; done
	srun -l --exact -n1 --gpus=2 sh -c "echo D $show" >gd.out 2>&1
	sleep 120
	EOS
	submit -w node2 -n4 --gres=gpu:2 -o gj.out gsteps.sh >gj &&
	test -s gj &&
	scontrol update NodeName=node2 Features=a,b ActiveFeatures=a \
		Comment="new disk" Extra=rack=4 &&
	a=$(submit -p fy -n2 -o /dev/null --wrap "sleep 120") &&
	wait_job $a RUNNING &&
	b=$(submit -p fy -n4 -o /dev/null --wrap "sleep 120") &&
	wait_job $b RUNNING &&
	c=$(submit -p fy -n2 -o /dev/null --wrap "sleep 120") &&
	wait_job $c RUNNING &&
	a2=$(submit -p y2 -s -n2 -o /dev/null --wrap "sleep 120") &&
	wait_job $a2 RUNNING &&
	b2=$(submit -p y2 -s -n4 -o /dev/null --wrap "sleep 120") &&
	wait_job $b2 RUNNING &&
	c2=$(submit -p y2 -s -n2 -o /dev/null --wrap "sleep 120") &&
	wait_job $c2 RUNNING &&
	echo $a $b $c $a2 $b2 $c2 >shared &&
	submit --hold -o /dev/null --wrap true >upd &&
	scontrol update JobId=$(cat upd) NumCPUs=2 &&
	flurm_wait_for "test -e gab.ready" 30 &&
	echo "0: A node2 0" >expect && step_out ga.out >got && test_cmp expect got &&
	echo "0: B node2 1" >expect && step_out gb.out >got && test_cmp expect got &&
	view "$SLURM_CONF" >before &&
	cat before &&
	cat >expect <<-EOS &&
	   AvailableFeatures=a,b
	   ActiveFeatures=a
	   Comment=new disk
	   Extra=rack=4
	CPUAlloc=4
	CPUAlloc=4
	JobState=RUNNING
	NumCPUs=2
	CPU_IDs=0-1
	OverSubscribe=YES
	JobState=RUNNING
	NumCPUs=4
	CPU_IDs=0-3
	OverSubscribe=YES
	JobState=RUNNING
	NumCPUs=2
	CPU_IDs=2-3
	OverSubscribe=YES
	JobState=RUNNING
	NumCPUs=2
	CPU_IDs=0-1
	OverSubscribe=YES
	JobState=RUNNING
	NumCPUs=4
	CPU_IDs=0-3
	OverSubscribe=YES
	JobState=RUNNING
	NumCPUs=2
	CPU_IDs=2-3
	OverSubscribe=YES
	JobState=PENDING
	NumCPUs=2
	NumTasks=1
	$(cat gj).0
	$(cat gj).1
	$(cat gj).batch
	EOS
	sed \$d before >got &&
	test_cmp expect got &&
	grep -q " TRES=cpu=1,.*gres/gpu=1$" before
'

test_expect_success 'the leader writes a snapshot holding it all (format 23)' '
	L=$(leader) && echo $L >old_leader &&
	touch snap.mark &&
	f=$(submit --hold -o /dev/null --wrap true) &&
	i=0 &&
	while ! snap_format $L >fmt 2>/dev/null; do
		i=$((i + 1)) && test $i -le 40 &&
		scontrol update JobId=$f TimeLimit=$i || return 1
	done &&
	scancel $f &&
	test "$(cat fmt)" = 23
'

test_expect_success 'kill -9 of the leader: the new leader shows the same' '
	L=$(cat old_leader) &&
	nd_mark &&
	flurm_ctl_kill9 $L &&
	flurm_wait_for "leader >now && test -s now && test \$(cat now) != $L" 10 &&
	N=$(cat now) &&
	conf=$(only_ctl $N) &&
	view "$conf" >after &&
	test_cmp before after &&
	# and once the node daemons have registered with it
	flurm_wait_for "registered $N" 20 &&
	view "$conf" >after &&
	test_cmp before after &&
	no_room "$conf"
'

test_expect_success 'on the new leader a step asking GPUs that steps hold waits until one ends' '
	N=$(cat now) && conf=$(only_ctl $N) &&
	lines=$(wc -l <"$(flurm_ctld_log $N)") &&
	touch go1 &&
	flurm_wait_for "refused $N $lines" 30 &&
	! grep -q "C node" gc.out 2>/dev/null &&
	SLURM_CONF=$conf scancel $(cat gj).0 &&
	flurm_wait_for "grep -q \"C node\" gc.out" 30 &&
	cat >expect <<-EOS &&
	srun: Job $(cat gj) step creation temporarily disabled, retrying (Requested nodes are busy)
	srun: Step created for job $(cat gj)
	0: C node2 0
	EOS
	step_out gc.out >got && test_cmp expect got &&
	# the new leader hears of its end from the node daemon
	flurm_wait_for "! SLURM_CONF=$conf squeue -h -s -j $(cat gj) -o %i | grep -qx $(cat gj).2" 20
'

test_expect_success 'the old leader restarts from its snapshot and, leading again, shows the same' '
	L=$(cat old_leader) && N=$(cat now) &&
	# the snapshot it starts from, its newest, holds the new sections
	test "$(snap_format $L)" = 23 &&
	log=$(flurm_ctld_log $L) && lines=$(wc -l <"$log") &&
	flurm_ctl_start $L &&
	flurm_wait_for "back_in $L" 20 &&
	tail -n +$((lines + 1)) "$log" >restart.log &&
	grep "restored snapshot: " restart.log &&
	nd_mark &&
	fsh $N cluster transfer $L >out &&
	grep "leadership handed over" out &&
	flurm_wait_for "test \"\$(leader)\" = $L" 10 &&
	conf=$(only_ctl $L) &&
	# step 0 ended and step 2 came and went meanwhile
	sed "/^$(cat gj)\.0$/d" before >expect &&
	view "$conf" >again &&
	test_cmp expect again &&
	flurm_wait_for "registered $L" 20 &&
	view "$conf" >again &&
	test_cmp expect again &&
	no_room "$conf"
'

# c-raft sends a follower its leader's snapshot when the entries it
# lacks are no longer in the leader's log (snapshot_trailing, 128, after
# the last snapshot): the other way a controller restores one
test_expect_success 'a follower down while the log moved on gets the leader'"'"'s snapshot and, leading, shows the same' '
	L=$(leader) && F=$(( L % 3 + 1 )) &&
	flurm_ctl_kill9 $F &&
	f=$(submit --hold -o /dev/null --wrap true) &&
	cmds= &&
	for i in $(seq 1 400); do
		cmds="$cmds job update $f timelimit=$i;"
	done &&
	fsh $L -c "$cmds" >/dev/null &&
	SLURM_CONF=$(only_ctl $L) scancel $f &&
	log=$(flurm_ctld_log $F) && lines=$(wc -l <"$log") &&
	flurm_ctl_start $F &&
	flurm_wait_for "back_in $F" 20 &&
	flurm_wait_for "installed $F $lines" 20 &&
	nd_mark &&
	fsh $L cluster transfer $F >out &&
	grep "leadership handed over" out &&
	flurm_wait_for "test \"\$(leader)\" = $F" 10 &&
	conf=$(only_ctl $F) &&
	sed "/^$(cat gj)\.0$/d" before >expect &&
	view "$conf" >again &&
	test_cmp expect again &&
	flurm_wait_for "registered $F" 20 &&
	view "$conf" >again &&
	test_cmp expect again &&
	no_room "$conf"
'

test_expect_success 'on that leader a step asking the GPU step 1 holds waits until it ends' '
	L=$(leader) && conf=$(only_ctl $L) &&
	lines=$(wc -l <"$(flurm_ctld_log $L)") &&
	touch go2 &&
	flurm_wait_for "refused $L $lines" 30 &&
	! grep -q "D node" gd.out 2>/dev/null &&
	# step 1 ran all along, through every change of leader
	echo "0: B node2 1" >expect && step_out gb.out >got && test_cmp expect got &&
	! grep "step $(cat gj)\.1: ended" "$(flurm_nd_log node2)" &&
	SLURM_CONF=$conf scancel $(cat gj).1 &&
	flurm_wait_for "grep -q \"D node\" gd.out" 30 &&
	cat >expect <<-EOS &&
	srun: Job $(cat gj) step creation temporarily disabled, retrying (Requested nodes are busy)
	srun: Step created for job $(cat gj)
	0: D node2 0,1
	EOS
	step_out gd.out >got && test_cmp expect got &&
	SLURM_CONF=$conf scancel $(cat gj) $(cat shared) &&
	flurm_wait_nodes idle 30
'

test_expect_success 'released there, the updated job runs on the NumCPUs it was given' '
	L=$(leader) && conf=$(only_ctl $L) &&
	SLURM_CONF=$conf scontrol release $(cat upd) &&
	SLURM_CONF=$conf wait_job $(cat upd) COMPLETED 30 &&
	test "$(SLURM_CONF=$conf squeue -h -t all -j $(cat upd) -o "%C %D")" = "2 1"
'

test_done
