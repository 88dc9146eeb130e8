# job-wide --gpus jobs waiting beside a job on all GPUs of node1 and
# node2 (4 CPUs and two GPUs each; the gpu-* pair): the node count they
# show once the scheduler looked at them, and held
busy=$(sbatch --parsable -o /dev/null -N2 --gres=gpu:2 --wrap "sleep 120")
job_running "$busy"
for args in "--gpus=1" "--gpus=2" "--gpus=3" "--gpus=4" "-n1 --gpus=2" \
	"--gpus=3 --cpus-per-gpu=1" "-H --gpus=3"; do
	# shellcheck disable=SC2086
	id=$(sbatch --parsable -o /dev/null $args --wrap "sleep 60")
	sleep 3
	echo "# sbatch $args"
	run sh -c "squeue -h -j $id -o '%t %C %D'; scontrol show job $id | grep -E '^ *NumNodes='"
	scancel "$id"
done
scancel "$busy"
job_gone "$busy"
