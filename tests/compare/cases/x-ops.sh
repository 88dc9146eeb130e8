run scontrol setdebug info
run scontrol setdebugflags +Steps
run scontrol setdebugflags -Steps
run scontrol schedloglevel 1
run scontrol show slurmd
run scontrol show aliases
run scontrol show dwstat
run scontrol update NodeName=node1 Weight=5
run sinfo -h -o "%n %w"
run scontrol update NodeName=node1 Weight=1
run scontrol update NodeName=node1 Features=foo
run scontrol update NodeName=node1 ActiveFeatures=foo
run scontrol update NodeName=node1 Comment=hello
run scontrol update NodeName=node1 Reason=x
run scontrol update NodeName=node1 CpuBind=cores
run sh -c "scontrol show node node1 | grep -E 'Features|Comment|Weight'"
run scontrol update NodeName=node1 Features=
run scontrol update NodeName=node1 Comment=
run sh -c "scontrol show node node1 | grep -E 'Features|Comment|Weight'"
run scontrol write batch_script 99999
id=$(sbatch --parsable --hold -o /dev/null --wrap "echo hi")
run scontrol write batch_script "$id" -
run scontrol show job "$id" --json
run scontrol wait_job "$id"
scancel "$id"
