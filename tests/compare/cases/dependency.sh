# dependencies on a job that does not exist
run sbatch --dependency=afterok:999999 --wrap true
run sbatch --dependency=bogus:1 --wrap true
