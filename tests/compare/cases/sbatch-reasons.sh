# refusals for what no node of the partition has
run sbatch -c 3 --wrap true
run sbatch --tmp=2000 --wrap true
run sbatch -C nosuch --wrap true
run sbatch --gres=gpu:1 --wrap true
run sbatch -w nosuch --wrap true
run sbatch --mem-per-cpu=600 -c 2 -J memcpu --wrap true
# accepted by both; slurmctld leaves it "PD Priority" behind the pending
# job above until its next scheduler pass, FLURM starts it at once: wait
# for it to run and end before looking at the reasons
job_gone "$(squeue -h -n memcpu -o %i)"
run sbatch --mem=1000 --wrap true --hold -J fits
run squeue -h -o "%j %t %r %m"
