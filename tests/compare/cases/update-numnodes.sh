# scontrol update NumNodes= of waiting jobs: NumNodes=N sets the lower
# count and keeps the upper one (none without -N), NumNodes=MIN-MAX sets
# both and the job shows them as after -N; a job without -n (N2) takes
# one task a node and keeps its CPUs
ids=
for spec in "-J none" "-J n2 -n 2" "-J N1 -N 1" "-J N2 -N 2"; do
	# shellcheck disable=SC2086
	id=$(sbatch --parsable --hold $spec -o /dev/null --wrap true)
	ids="$ids $id"
	for nn in 1 1-1 1; do
		run scontrol update JobId="$id" NumNodes=$nn
		run sh -c "scontrol show job $id | grep -E 'JobName=|^   NumNodes='"
		run squeue -h -j "$id" -o "%j %D %C"
	done
done
# shellcheck disable=SC2086
scancel $ids
id=$(sbatch --parsable --hold -J runs -o /dev/null --wrap "sleep 60")
scontrol update JobId="$id" NumNodes=1-1
scontrol release "$id"
job_running "$id"
run sh -c "scontrol show job $id | grep -E '^   NumNodes='"
run squeue -h -j "$id" -o "%j %t %D %C"
scancel "$id"
job_gone "$id"
