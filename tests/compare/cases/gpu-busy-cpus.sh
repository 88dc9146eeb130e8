# --gpus with --cpus-per-gpu beside a job on three CPUs of node1 (no
# GPUs), on node1 and node2 of 4 CPUs and two GPUs each (the gpu-*
# pair): where a node has GPUs free but too few CPUs for them
show() {
	run sh -c "scontrol show job -d $1 | grep -E '^ *(NumNodes|NumCPUs|JOB_GRES|Nodes)='"
}
busy=$(sbatch --parsable -o /dev/null -w node1 -n3 --wrap "sleep 120")
job_running "$busy"
for args in "--gpus=2 --cpus-per-gpu=2" "--gpus=3 --cpus-per-gpu=1" \
	"-N2 --gpus=3 --cpus-per-gpu=1" "--gpus=2 --cpus-per-gpu=1" \
	"--gpus-per-node=2 --cpus-per-gpu=1"; do
	# shellcheck disable=SC2086
	id=$(sbatch --parsable -o /dev/null $args --wrap "sleep 60")
	for _ in $(seq 1 30); do
		[ "$(squeue -h -j "$id" -o %t)" = R ] && break
		sleep 0.2
	done
	echo "# sbatch $args"
	run squeue -h -j "$id" -o "%t %C %D"
	show "$id"
	scancel "$id"
	job_gone "$id"
done
# node1's free CPU pays for one of its GPUs: four wait (the node count
# slurmctld then shows is not compared)
id=$(sbatch --parsable -o /dev/null --gpus=4 --cpus-per-gpu=1 --wrap "sleep 60")
sleep 2
echo "# sbatch --gpus=4 --cpus-per-gpu=1"
run squeue -h -j "$id" -o "%t %C"
scancel "$id" "$busy"
job_gone "$id"
job_gone "$busy"
