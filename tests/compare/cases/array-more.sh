# array specs, throttles and bad arrays
id=$(sbatch --parsable --hold --array=0-6:2%2 -J step --wrap true)
run squeue -j "$id" -o "%i %j %t %r"
run squeue -r -j "$id" -h -o "%i %K"
run scontrol update JobId="$id" ArrayTaskThrottle=3
run squeue -j "$id" -h -o "%i"
run scancel "${id}_4"
run squeue -r -j "$id" -h -o "%i %t"
run scontrol release "${id}_2"
run sbatch --array=5-1 --wrap true
run sbatch --array=0-2000 --wrap true
run sbatch --array=x --wrap true
run scancel "${id}_99"
