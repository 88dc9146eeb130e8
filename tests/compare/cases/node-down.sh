# a node set DOWN and resumed; sinfo's views meanwhile
run scontrol update NodeName=node1 State=DOWN Reason="down for test"
run sinfo -N -o "%N %T %E"
run sinfo -o "%P %a %l %F %t"
run sh -c "scontrol show node node1 | grep -E '^   (State|Reason)='"
id=$(sbatch --parsable -o /dev/null --wrap true)
run squeue -h -j "$id" -o "%t %r"
scancel "$id"
run scontrol update NodeName=node1 State=RESUME
for _ in $(seq 1 100); do
	[ "$(sinfo -h -n node1 -o %t | sort -u)" = idle ] && break
	sleep 0.1
done
run sinfo -N -o "%N %T %E"
run scontrol update NodeName=node1 State=IDLE
run scontrol update NodeName=node1 Weight=5
run sh -c "scontrol show node node1 | grep -o 'Weight=[0-9]*'"
run scontrol update NodeName=node1 Weight=1
