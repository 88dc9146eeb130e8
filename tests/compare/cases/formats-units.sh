# time and memory forms as squeue and scontrol show them
for t in 1-0 0:30 90 1:00:00 1-2:3 2-3 45:30 UNLIMITED; do
	sbatch --parsable --hold -J "t$t" -t "$t" -o /dev/null --wrap true >/dev/null
done
run squeue -h -o "%j %l %L" --sort=i
for m in 1G 512K 100M 1T 2048; do
	sbatch --parsable --hold -J "m$m" --mem="$m" -o /dev/null --wrap true >/dev/null 2>&1 || echo "refused $m"
done
sbatch --parsable --hold -J mpc --mem-per-cpu=100M -o /dev/null --wrap true >/dev/null
run squeue -h -o "%j %m" --sort=i -n m1G,m512K,m100M,m1T,m2048,mpc
run sh -c "scontrol show job \$(squeue -h -n mpc -o %i) | grep -E '^   (MinMemoryCPU|MinMemoryNode|TRES)='"
scancel -u "$(id -un)"
