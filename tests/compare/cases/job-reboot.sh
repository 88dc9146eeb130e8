# sbatch --reboot: refused to a caller who is no operator; an operator's
# job shows Reboot=1 and OverSubscribe=NO, waiting and then running at
# once (no RebootProgram here: no node reboots, as with slurmctld).
run setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
	sbatch --reboot -o /dev/null --wrap true
id=$(sbatch --parsable --reboot -H -o /dev/null --wrap "sleep 120")
run sh -c "scontrol show job $id | grep -oE '(JobState|Reboot|OverSubscribe)=[^ ]*'"
scontrol release "$id"
job_running "$id"
run sh -c "scontrol show job $id | grep -oE '(JobState|Reboot|OverSubscribe)=[^ ]*'"
run squeue -h -j "$id" -o "%t %N"
scancel "$id"
job_gone "$id"
