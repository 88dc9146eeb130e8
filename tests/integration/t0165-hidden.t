#!/bin/bash
test_description='partition Hidden=YES: left out of sinfo and squeue unless -a or operator, still usable'
. "$(dirname "$0")/test-lib.sh"

[ "$(id -u)" = 0 ] && id -u nobody >/dev/null 2>&1 && test_set_prereq ROOT

FLURM_SLURM_CONF_EXTRA="PartitionName=secret Nodes=ALL Hidden=YES"
export FLURM_SLURM_CONF_EXTRA
test_under_flurm 1 || error "cannot start a cluster"

flurm_tmpdir sub || error "cannot make a directory for submissions"
chmod 1777 "$sub"

# as USER ARGS...: run a client as USER from $sub.
as() {
	local u=$1
	shift
	(cd "$sub" && runuser -u "$u" -- "$@")
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'an operator sees the hidden partition, flagged Hidden=YES' '
	sinfo -h -o %R >root.parts &&
	grep -x secret root.parts &&
	scontrol show partition secret | grep " Hidden=YES$" &&
	scontrol show partition debug | grep " Hidden=NO$"
'

test_expect_success ROOT 'sinfo leaves it out for a user, unless -a' '
	as nobody sinfo -h -o %R >nobody.parts &&
	grep -x debug nobody.parts &&
	! grep -x secret nobody.parts &&
	as nobody sinfo -a -h -o %R >nobody-all.parts &&
	grep -x secret nobody-all.parts
'

test_expect_success ROOT 'scontrol show partition finds it for a user only with -a' '
	! as nobody scontrol show partition secret >plain.out 2>&1 &&
	! grep -q "PartitionName=secret" plain.out &&
	as nobody scontrol -a show partition secret >all.out &&
	grep "PartitionName=secret" all.out &&
	grep " Hidden=YES$" all.out &&
	as nobody scontrol show partition -a secret | grep " Hidden=YES$"
'

test_expect_success ROOT 'a user submits to it by name; squeue shows the job only with -a' '
	as nobody sbatch --hold -p secret --wrap true >sb.out &&
	id=$(sed -n "s/^Submitted batch job \([0-9][0-9]*\)$/\1/p" sb.out) &&
	test -n "$id" &&
	echo "$id" >secret.id &&
	as nobody squeue -h -o %i >plain.ids &&
	! grep -x "$id" plain.ids &&
	as nobody squeue -h -u nobody -o %i >user.ids &&
	! grep -x "$id" user.ids &&
	as nobody squeue -a -h -o "%i %P" >all.ids &&
	grep -x "$id secret" all.ids &&
	as nobody squeue -h -j "$id" -o %P | grep -x secret &&
	as nobody scontrol show job "$id" | grep "Partition=secret" &&
	squeue -h -o %i | grep -x "$id"
'

test_expect_success ROOT 'jobs in visible partitions are still listed' '
	as nobody sbatch --hold --wrap true >sb2.out &&
	id2=$(sed -n "s/^Submitted batch job \([0-9][0-9]*\)$/\1/p" sb2.out) &&
	test -n "$id2" &&
	as nobody squeue -h -o %i | grep -x "$id2" &&
	scancel "$id2"
'

test_expect_success ROOT 'after SIGHUP without Hidden the partition and its job show' '
	sed -i "s/^\(PartitionName=secret .*\) Hidden=YES/\1/" "$SLURM_CONF" &&
	kill -HUP "$(flurm_daemon_pid ctl1)" &&
	flurm_wait_for "scontrol show partition secret | grep -q \" Hidden=NO\$\"" 15 &&
	as nobody sinfo -h -o %R | grep -x secret &&
	as nobody squeue -h -o %i | grep -x "$(cat secret.id)" &&
	scancel "$(cat secret.id)"
'

test_done
