# -o/-e patterns as scontrol and squeue show them
id=$(sbatch --parsable --hold -J pat -o "out-%x-%j-%u-%N.txt" -e "err-%A_%a.txt" --wrap true)
run sh -c "scontrol show job $id | grep -E '^   (StdOut|StdErr|StdIn)='"
run squeue -j "$id" -h -O StdOut:60,StdErr:60
id=$(sbatch --parsable --hold --array=1-2 -J apat -o "a-%A-%a.out" --wrap true)
run sh -c "scontrol show job ${id}_1 | grep -E '^   (StdOut|StdErr)='"
id=$(sbatch --parsable --hold -J inp -i /dev/null -o /dev/null --open-mode=append --wrap true)
run sh -c "scontrol show job $id | grep -E '^   (StdOut|StdErr|StdIn)='"
