# error messages for bad input
run sbatch -t 1:2:3:4 --wrap true
run sbatch -t -5 --wrap true
run sbatch --mem=10X --wrap true
run sbatch --mem=-1 --wrap true
run sbatch -N0 --wrap true
run sbatch -n0 --wrap true
run sbatch -c0 --wrap true
run sbatch -p nosuch,other --wrap true
run sbatch --begin=bogus --wrap true
run sbatch -d bogus --wrap true
run sbatch -d afterok:999999 --wrap true
run sbatch --nice=bogus --wrap true
run squeue -j bogus
run squeue -p nosuch
run squeue -t bogus
run scontrol show partition nosuch
run scontrol show node nosuch
run timeout 60 salloc -N0 true
