# NumNodes of waiting jobs (-N's count or range as slurmctld keeps it,
# the guess from -n alone) and of a running one
ids=
for n in 2 1-3 1; do
	ids="$ids,$(sbatch --parsable --hold -J "N$n" -N "$n" --wrap true)"
done
ids="$ids,$(sbatch --parsable --hold -J N2n4 -N 2 -n 4 --wrap true)"
ids="$ids,$(sbatch --parsable --hold -J n3 -n 3 --wrap true)"
ids="$ids,$(sbatch --parsable --hold -J N1-3n3 -N 1-3 -n 3 --wrap true)"
ids="$ids,$(sbatch --parsable --hold -J none --wrap true)"
for id in ${ids//,/ }; do
	run sh -c "scontrol show job $id | grep -E 'JobName=|^   NumNodes='"
done
run squeue -h -S i -j "${ids#,}" -o "%j %D %C"
scancel ${ids//,/ }
id=$(sbatch --parsable -J runner -N 1 -t 5 -o /dev/null --wrap "sleep 60")
for _ in $(seq 1 100); do
	[ "$(squeue -h -j "$id" -o %t)" = R ] && break
	sleep 0.1
done
run sh -c "scontrol show job $id | grep -E '^   NumNodes='"
run squeue -h -j "$id" -o "%j %t %D %C"
scancel "$id"
