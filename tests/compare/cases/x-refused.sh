run sbatch --mem=5000 -o /dev/null --wrap true
run sbatch -N0 -o /dev/null --wrap true
run sbatch -N 3 -o /dev/null --wrap true
run sbatch -w nosuch -o /dev/null --wrap true
run sbatch --test-only -o /dev/null --wrap true
run squeue -t all -h -o "%i %T %r %Q"
run sh -c "scontrol show job | grep -E 'JobId|JobState|Priority'"
p=$(sbatch --parsable --begin=now+3600 -o /dev/null --wrap true)
run squeue -h -j "$p" -o %Q
scancel "$p"
