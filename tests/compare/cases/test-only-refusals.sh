# sbatch --test-only and salloc for what no node has: slurmctld's
# will-run test gives the error code without the reason sbatch prints
run sbatch --test-only --mem=2000 --wrap true
run sbatch --test-only --mem-per-cpu=1200 --wrap true
run sbatch --test-only --mem-per-cpu=600 -c 2 --wrap true
run sbatch --test-only --tmp=2000 --wrap true
run sbatch --test-only -c 3 --wrap true
run sbatch --test-only --mem=1000 --wrap true
run sbatch --mem-per-cpu=1200 --wrap true
run timeout 60 salloc --mem-per-cpu=1200 true
run timeout 60 salloc -I --mem=2000 true
run timeout 60 salloc --tmp=2000 true
