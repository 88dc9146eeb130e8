# refusals for what no node of the partition has
run sbatch -c 3 --wrap true
run sbatch --tmp=2000 --wrap true
run sbatch -C nosuch --wrap true
run sbatch --gres=gpu:1 --wrap true
run sbatch -w nosuch --wrap true
run sbatch --mem-per-cpu=600 -c 2 --wrap true
run sbatch --mem=1000 --wrap true --hold -J fits
run squeue -h -o "%j %t %r %m"

