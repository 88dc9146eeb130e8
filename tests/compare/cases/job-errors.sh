# operations refused on pending and finished jobs
id=$(sbatch --parsable --hold -J pend -o /dev/null --wrap true)
run scontrol requeue "$id"
run scontrol suspend "$id"
run scontrol resume "$id"
run scontrol top "$id"
run scontrol release "$id"
for _ in $(seq 1 100); do
	[ -z "$(squeue -h -j "$id" -o %t)" ] && break
	sleep 0.1
done
run squeue -h -t all -j "$id" -o "%j %t %r"
run scancel "$id"
run scontrol hold "$id"
run scontrol update JobId="$id" Name=late
run scontrol requeue 999999
id=$(sbatch --parsable --hold -J cancelled -o /dev/null --wrap true)
scancel "$id"
run sh -c "scontrol show job $id | grep -E '^   (JobState|RunTime|StartTime|SubmitTime)='"
id=$(sbatch --parsable --hold --array=1-2 -J cancelledarr -o /dev/null --wrap true)
scancel "$id"
run sh -c "scontrol show job ${id}_2 | grep -E '^   (JobState|RunTime|StartTime)='"
