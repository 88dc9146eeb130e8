# scontrol update of a waiting job's size: MinCPUsNode after a new -c
# (slurmctld keeps the one of the submission), and a size larger than
# the partition: kept, answered "Requested partition configuration not
# available now" at that and every later update (a release too), TRES
# left as they were until a size that fits
fields='^(MinCPUsNode|NumCPUs|NumNodes|NumTasks|CPUs/Task|TRES|Reason|Priority)='
show() {
	run sh -c "scontrol show job -o $1 | tr ' ' '\n' | grep -E '$fields'"
}
a=$(sbatch --parsable --hold -o /dev/null --wrap true)
run scontrol update JobId="$a" CPUsPerTask=2
show "$a"
run scontrol update JobId="$a" CPUsPerTask=1
show "$a"
b=$(sbatch --parsable --hold -c 2 -o /dev/null --wrap true)
run scontrol update JobId="$b" CPUsPerTask=1
show "$b"
run scontrol update JobId="$b" MinCPUsNode=1
show "$b"
c=$(sbatch --parsable --hold -n 2 --ntasks-per-node=2 -o /dev/null --wrap true)
show "$c"
run scontrol update JobId="$c" CPUsPerTask=2
show "$c"
d=$(sbatch --parsable --hold --mincpus=2 -o /dev/null --wrap true)
run scontrol update JobId="$d" CPUsPerTask=2
show "$d"
e=$(sbatch --parsable --hold -o /dev/null --wrap true)
run scontrol update JobId="$e" NumTasks=4
show "$e"
run scontrol update JobId="$e" NumTasks=6 NumNodes=3
show "$e"
run scontrol update JobId="$e" TimeLimit=5
show "$e"
run scontrol update JobId="$e" NumNodes=1-1 NumTasks=1 NumCPUs=1
show "$e"
f=$(sbatch --parsable --hold -o /dev/null --wrap true)
run scontrol update JobId="$f" NumCPUs=4
show "$f"
run scontrol update JobId="$f" CPUsPerTask=3
show "$f"
run scontrol release "$f"
sleep 2
show "$f"
scancel "$a" "$b" "$c" "$d" "$e" "$f"
