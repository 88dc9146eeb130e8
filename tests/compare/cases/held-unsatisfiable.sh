# slurmctld does not try the nodes of a job held at submission: what no
# node has (memory, --tmp) is taken, and once released the job waits
# BadConstraints; an unknown node, feature or GRES is still refused
run sbatch --hold -o /dev/null --tmp=10 -J t10h --wrap true
run sbatch --hold -o /dev/null --mem=2000 -J memh --wrap true
run sbatch --hold -o /dev/null -c 3 -J c3h --wrap true
run sbatch --hold -o /dev/null -N 2 -J n2h --wrap true
run sbatch --hold -o /dev/null -w nosuch -J wh --wrap true
run sbatch --hold -o /dev/null -C nosuch -J ch --wrap true
run sbatch --hold -o /dev/null --gres=gpu:1 -J gh --wrap true
run squeue -h -o "%j %t %r %d %C %D" --sort=j
run scontrol release "$(squeue -h -n t10h -o %i)"
run scontrol release "$(squeue -h -n memh -o %i)"
sleep 3
run squeue -h -o "%j %t %r %d" --sort=j
run sh -c "scontrol show job \$(squeue -h -n t10h -o %i) | grep -E 'JobState|Reason'"
scancel $(squeue -h -o %i)
