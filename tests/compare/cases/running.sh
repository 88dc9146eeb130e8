# a running job: squeue, scontrol show job's TRES and nodes, then scancel
id=$(sbatch --parsable -J runner -t 5 -o /dev/null --wrap "sleep 60")
for _ in $(seq 1 100); do
	[ "$(squeue -h -j "$id" -o %t)" = R ] && break
	sleep 0.1
done
run squeue -j "$id" -o "%i %j %t %D %C %N %r"
run sh -c "scontrol show job $id | grep -E '^   (JobState|NumNodes|TRES|NodeList|MinCPUsNode|AllocTRES)='"
run sinfo -N -o "%N %T %C"
run scancel "$id"
for _ in $(seq 1 100); do
	[ -z "$(squeue -h -j "$id" -o %t)" ] && break
	sleep 0.1
done
run squeue -h -t all -j "$id" -o "%i %t %r"
run sh -c "scontrol show job $id | grep -E '^   (JobState|ExitCode|NodeList)='"
