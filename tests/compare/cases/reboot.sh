# scontrol reboot and cancel_reboot of a busy node (the reboot itself
# waits for its job, so no node reboots here): scontrol refuses without
# RebootProgram in its slurm.conf; with one (a copy of the case's
# slurm.conf), a name that is no node, a caller who is no operator and a
# cancel with no reboot are refused; ASAP drains the node, reason= and
# nextstate= are kept, and scontrol show node and sinfo show them; a
# reboot asked again is left as it is; cancel_reboot undoes the ASAP
# drain and clears the reason of a node neither drained nor down; ALL
# names every node for both. It ends with node1 as it was.
id=$(sbatch --parsable -o /dev/null --wrap "sleep 120")
job_running "$id"
run scontrol reboot node1
conf=$PWD/reboot-slurm.conf
{ cat "$SLURM_CONF"; echo "RebootProgram=/bin/true"; } >"$conf"
run env SLURM_CONF="$conf" scontrol reboot nosuch
run env SLURM_CONF="$conf" setpriv --reuid=nobody --regid=nogroup \
	--clear-groups -- scontrol reboot node1
run env SLURM_CONF="$conf" scontrol cancel_reboot node1
run env SLURM_CONF="$conf" scontrol reboot ASAP nextstate=resume \
	reason="kernel 6.1" node1
run sh -c "scontrol show node node1 | grep -E 'State|Reason'"
run sinfo -h -n node1 -o "%n %t %T %E"
run env SLURM_CONF="$conf" scontrol reboot nextstate=down reason=other node1
run sh -c "scontrol show node node1 | grep -E 'State|Reason'"
run scontrol cancel_reboot node1
run sh -c "scontrol show node node1 | grep -E 'State|Reason'"
run sinfo -h -n node1 -o "%n %t %E"
run env SLURM_CONF="$conf" scontrol reboot nextstate=down node1
run sh -c "scontrol show node node1 | grep -E 'State|Reason'"
run sinfo -h -n node1 -o "%n %t %E"
run scontrol cancel_reboot node1
run sh -c "scontrol show node node1 | grep -E 'State|Reason'"
run env SLURM_CONF="$conf" scontrol reboot ASAP ALL
run sh -c "scontrol show node node1 | grep -E 'State|Reason'"
run scontrol cancel_reboot ALL
run sh -c "scontrol show node node1 | grep -E 'State|Reason'"
run scontrol cancel_reboot ALL
scancel "$id"
job_gone "$id"
for _ in $(seq 1 50); do
	[ "$(sinfo -h -n node1 -o %t | sort -u)" = idle ] && break
	sleep 0.1
done
