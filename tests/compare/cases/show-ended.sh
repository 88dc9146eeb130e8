# scontrol show job of a completed, a failed and a cancelled running job
ok=$(sbatch --parsable -J ok -t 5 -o /dev/null --wrap true)
bad=$(sbatch --parsable -J bad -t 5 -o /dev/null --wrap 'exit 3')
sig=$(sbatch --parsable -J sig -t 5 -o /dev/null --wrap 'kill -9 $$')
job_gone "$ok"; job_gone "$bad"; job_gone "$sig"
for id in "$ok" "$bad" "$sig"; do
	run sh -c "scontrol show job $id | sed -E 's/RunTime=[0-9:-]+/RunTime=RT/'"
done
run squeue -h -t all -j "$ok,$bad,$sig" -o "%j %t %T %r %M %l %e"
r=$(sbatch --parsable -J runner -t 5 -o /dev/null --wrap 'sleep 60')
job_running "$r"
scancel "$r"
job_gone "$r"
run sh -c "scontrol show job $r | grep -E '^   (JobState|ExitCode|Reason|Requeue|RunTime|EndTime)=' | sed -E 's/RunTime=[0-9:-]+/RunTime=RT/'"
run squeue -h -t all -j "$r" -o "%j %t %T %r"
