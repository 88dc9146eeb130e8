# dependencies on a job that does not exist, and a bad one
id=$(sbatch --parsable --hold --dependency=afterok:999999 --wrap true)
run squeue -h -j "$id" -o "%t %r %E"
scancel "$id"
run sbatch --dependency=bogus:1 --wrap true
id=$(sbatch --parsable --hold --dependency=afterok:999999 --kill-on-invalid-dep=yes --wrap true)
run squeue -h -j "$id" -o "%t %r %E"
scancel "$id"
