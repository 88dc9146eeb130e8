# which CPUs a GPU job holds on node1 (4 CPUs, two GPUs; the gpu-* pair)
# by its task options, on an idle node and beside busy CPUs
show() {
	run sh -c "scontrol show job -d $1 | grep -E '^ *Nodes='"
}
each() {
	for args; do
		# shellcheck disable=SC2086
		id=$(sbatch --parsable -o /dev/null -w node1 $args --wrap "sleep 60")
		job_running "$id"
		echo "# sbatch -w node1 $args"
		show "$id"
		scancel "$id"
		job_gone "$id"
	done
}
each "-n1 --gpus=1" "-n1 --gres=gpu:2" "--gpus=1" "-n2 --gpus=1" \
	"--gpus=2 --gpus-per-task=1" "-n1 --gpus-per-node=1" "-n1" \
	"-n1 -c2 --gpus=1" "--ntasks-per-node=1 --gpus=1" "-n3 --gres=gpu:1"
busy=$(sbatch --parsable -o /dev/null -w node1 -n1 --wrap "sleep 120")
job_running "$busy"
each "-n1 --gpus=1" "--gpus=1"
scancel "$busy"
job_gone "$busy"
busy=$(sbatch --parsable -o /dev/null -w node1 -n1 --gpus=1 --wrap "sleep 120")
job_running "$busy"
each "-n1 --gpus=1" "--gpus=1"
scancel "$busy"
job_gone "$busy"
