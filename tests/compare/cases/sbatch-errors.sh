# sbatch refusing bad requests, and --test-only
run sbatch -p nosuch --wrap true
run sbatch -N 5 --wrap true
run sbatch -n 9 --wrap true
run sbatch -t bogus --wrap true
run sbatch --mem=5000 --wrap true
run sbatch --test-only --wrap true
