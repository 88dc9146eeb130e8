# scontrol setdebugflags: DebugFlags in show config after each change, a
# word that is no flag (scontrol's own refusal), a non-operator
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
