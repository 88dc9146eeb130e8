# scontrol setdebugflags: DebugFlags in show config after each change, a
# word that is no flag (scontrol's own refusal), a non-operator, and what
# a reconfigure does to them
flags() { run sh -c "scontrol show config | grep ^DebugFlags"; }
flags
run scontrol setdebugflags +Steps
flags
run scontrol setdebugflags +Gres,Backfill,trigger
flags
run scontrol setdebugflags -Gres
flags
run scontrol setdebugflags +Nosuch
run setpriv --reuid=nobody --regid=nogroup --clear-groups scontrol setdebugflags +Gres
flags
run scontrol setdebugflags -Steps,Backfill,Triggers
flags

# a reconfigure brings back slurm.conf's DebugFlags: a line added for
# the case, then none once it is gone (the file is as before after it)
cp "$SLURM_CONF" slurm.conf.before
run scontrol setdebugflags +Steps
echo "DebugFlags=Gres,Backfill" >>"$SLURM_CONF"
run scontrol reconfigure
sleep 1
flags
run scontrol setdebugflags -Gres
flags
cp slurm.conf.before "$SLURM_CONF"
rm -f slurm.conf.before
run scontrol reconfigure
sleep 1
flags
