# salloc --reboot and srun --reboot: refused to a caller who is no
# operator; an operator's allocation shows Reboot=1 and runs at once (no
# RebootProgram here: no node reboots, as with slurmctld).
run setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
	salloc --reboot true
run setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
	srun --reboot true
run salloc --reboot sh -c "scontrol show job \$SLURM_JOB_ID | grep -oE '(JobState|Reboot|OverSubscribe)=[^ ]*'"
run srun --reboot sh -c "scontrol show job \$SLURM_JOB_ID | grep -oE '(JobState|Reboot|OverSubscribe)=[^ ]*'"
