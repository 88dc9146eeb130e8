# sbatch refusing bad requests, and --test-only
run sbatch -p nosuch --wrap true
run sbatch -N 5 --wrap true
run sbatch -n 9 --wrap true
run sbatch -t bogus --wrap true
run sbatch --mem=5000 --wrap true
run sbatch --test-only --wrap true
run sbatch -p debug,nosuch --wrap true
# slurmctld keeps the jobs over the partition pending (PartitionConfig)
run squeue -h -o "%D %C %t %r"

