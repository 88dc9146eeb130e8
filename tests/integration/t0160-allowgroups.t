#!/bin/bash
test_description='partition AllowGroups: who may submit, the default partition, reconfigure'
. "$(dirname "$0")/test-lib.sh"

# The groups come from this machine's database: root's group, nobody's
# primary group, and (when one exists) a group listing a user who is not
# root among its members without being that user's primary group.
nobody_grp=$(id -gn nobody 2>/dev/null)
supp_user= supp_grp=
while IFS=: read -r g _ gid members; do
	for u in ${members//,/ }; do
		[ "$u" != root ] && id -u "$u" >/dev/null 2>&1 &&
			[ "$(id -g "$u")" != "$gid" ] || continue
		supp_user=$u supp_grp=$g
		break 2
	done
done < <(getent group)
[ "$(id -u)" = 0 ] && [ -n "$nobody_grp" ] && [ "$nobody_grp" != root ] &&
	test_set_prereq ROOT
[ -n "$supp_user" ] && test_set_prereq SUPPGROUP

FLURM_SLURM_CONF_EXTRA="PartitionName=rootonly Nodes=ALL AllowGroups=root
PartitionName=nobodys Nodes=ALL AllowGroups=nosuchgroup-$$,$nobody_grp
PartitionName=open Nodes=ALL AllowGroups=ALL
PartitionName=supp Nodes=ALL AllowGroups=${supp_grp:-root}"
export FLURM_SLURM_CONF_EXTRA
test_under_flurm 1 || error "cannot start a cluster"

# Where other users run sbatch (the trash directory is not theirs).
flurm_tmpdir sub || error "cannot make a directory for submissions"
chmod 1777 "$sub"

denied="Batch job submission failed: User's group not permitted to use this partition"

# sb USER ARGS...: sbatch --hold as USER in $sub; prints the job id.
sb() {
	local u=$1
	shift
	(cd "$sub" && runuser -u "$u" -- sbatch --hold "$@" --wrap true) \
		>"$sub/out" 2>"$sub/err" || { cat "$sub/err" >&2; return 1; }
	sed -n 's/^Submitted batch job \([0-9][0-9]*\)$/\1/p' "$sub/out"
}
# refused USER ARGS...: sbatch as USER fails with Slurm's AllowGroups
# error and the controller holds no more jobs than before.
refused() {
	local before
	before=$(squeue -h -t all -o %i | wc -l)
	! sb "$@" 2>/dev/null &&
	grep -F "$denied" "$sub/err" &&
	test "$(squeue -h -t all -o %i | wc -l)" = "$before"
}
# allowed USER ARGS...: the job exists, pending, owned by USER; removed.
allowed() {
	local id u=$1
	id=$(sb "$@") && test -n "$id" &&
	test "$(squeue -h -j "$id" -o '%T %u')" = "PENDING $u" &&
	scancel "$id"
}
# reconfigure: edit slurm.conf with the sed script $1, SIGHUP the
# controller, wait until partition $2 shows AllowGroups=$3.
reconfigure() {
	sed -i "$1" "$SLURM_CONF" &&
	kill -HUP "$(flurm_daemon_pid ctl1)" &&
	flurm_wait_for "scontrol show partition $2 | grep -q ' AllowGroups=$3 '" 15
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'scontrol shows each partition'"'"'s AllowGroups' '
	scontrol show partition rootonly | grep " AllowGroups=root " &&
	scontrol show partition open | grep " AllowGroups=ALL "
'

test_expect_success ROOT 'sinfo hides partitions a user may not use, unless -a' '
	(cd "$sub" && runuser -u nobody -- sinfo -h -o %R) | sort >nobody.parts &&
	! grep -x rootonly nobody.parts &&
	grep -x open nobody.parts &&
	grep -x nobodys nobody.parts &&
	(cd "$sub" && runuser -u nobody -- sinfo -a -h -o %R) >nobody-all.parts &&
	grep -x rootonly nobody-all.parts &&
	sinfo -h -o %R >root.parts &&
	grep -x rootonly root.parts
'

test_expect_success ROOT 'a user outside every allowed group is refused, no job made' '
	refused nobody -p rootonly &&
	! grep -q "Submitted batch job" "$sub/out"
'

test_expect_success ROOT 'a user in the group by primary gid may submit' '
	allowed nobody -p nobodys
'

test_expect_success SUPPGROUP 'a user listed as a member of the group may submit' '
	allowed "$supp_user" -p supp &&
	refused "$supp_user" -p rootonly
'

test_expect_success ROOT 'AllowGroups=ALL and the unrestricted default allow anyone' '
	allowed nobody -p open &&
	allowed nobody
'

test_expect_success ROOT 'root may use any partition, in its groups or not' '
	allowed root -p rootonly &&
	allowed root -p nobodys
'

test_expect_success ROOT 'after SIGHUP a restricted default partition refuses outsiders' '
	reconfigure "s/^PartitionName=debug .*/& AllowGroups=root/" debug root &&
	refused nobody &&
	allowed root &&
	refused nobody -p debug
'

test_expect_success ROOT 'after SIGHUP changed AllowGroups apply both ways' '
	refused nobody -p rootonly &&
	reconfigure "s/^\(PartitionName=rootonly .*AllowGroups=\)root/\1$nobody_grp/" \
		rootonly "$nobody_grp" &&
	allowed nobody -p rootonly &&
	reconfigure "s/^\(PartitionName=nobodys .*AllowGroups=\).*/\1root/" \
		nobodys root &&
	refused nobody -p nobodys &&
	reconfigure "/^PartitionName=debug /s/ AllowGroups=root\$//" debug ALL &&
	allowed nobody
'

test_expect_success 'the controller logged the refusals with the reason' '
	grep -q "refused: User'"'"'s group not permitted to use this partition" \
		"$(flurm_ctld_log 1)"
'

test_done
