# srun steps with their own GPU requests inside a job holding both GPUs
# of node1 and node2 (4 CPUs, two GPUs each; the gpu-* pair): which GPUs
# each task sees, and what is refused
id=$(sbatch --parsable -o /dev/null -N2 -n4 --gres=gpu:2 --wrap '
for args in "" "--gpus-per-node=1" "-n2 --gpus=2" "-n2 --gpus=3" "-n1 --gpus=1" \
	"-n2 --gpus-per-task=1" "-N1 -n2 --gpus-per-task=1" "-n3 --gpus-per-task=1" \
	"-n2 --gres=gpu:1" "--gpus-per-node=3" "-n2 --gpus=5" \
	"-N1 -n3 --gpus-per-task=1" "-n2 --gres=gpu:3"; do
	echo "# srun $args"
	srun -l $args sh -c "echo \$SLURMD_NODENAME \${CUDA_VISIBLE_DEVICES-unset} \${SLURM_STEP_GPUS-unset} \${GPU_DEVICE_ORDINAL-unset} \${SLURM_GPUS_ON_NODE-unset} \${SLURM_JOB_GPUS-unset}" 2>&1 | sort
done >step.out')
job_gone "$id"
run cat step.out
rm -f step.out
# steps at once: two get GPUs of their own, a third asking GPUs they
# both hold waits (nodes busy) until the first ends and takes its GPU
id=$(sbatch --parsable -o /dev/null -N2 --ntasks-per-node=4 --gres=gpu:2 --wrap '
show="\$SLURMD_NODENAME \${CUDA_VISIBLE_DEVICES-unset} \${SLURM_STEP_GPUS-unset}"
srun -l --exact -N2 -n2 --gpus-per-node=1 sh -c "echo A $show; sleep 3" >a.out 2>&1 &
while ! grep -q node2 a.out 2>/dev/null; do sleep 0.2; done
srun -l --exact -N2 -n2 --gpus-per-node=1 sh -c "echo B $show; sleep 6" >b.out 2>&1 &
while ! grep -q node2 b.out 2>/dev/null; do sleep 0.2; done
srun -l --exact -n1 --gpus=1 sh -c "echo C $show" >c.out 2>&1
wait
{ sort a.out; sort b.out; cat c.out; } >steps2.out')
job_gone "$id"
run cat steps2.out
rm -f steps2.out a.out b.out c.out
