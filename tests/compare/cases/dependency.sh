# dependencies on a job that does not exist, and a bad one
id=$(sbatch --parsable --hold --dependency=afterok:999999 --wrap true)
run squeue -h -j "$id" -o "%t %r %E"
scancel "$id"
run sbatch --dependency=bogus:1 --wrap true
id=$(sbatch --parsable --hold --dependency=afterok:999999 --kill-on-invalid-dep=yes --wrap true)
run squeue -h -j "$id" -o "%t %r %E"
scancel "$id"
# a held job's dependencies on a job that ended and on one that waits
done_id=$(sbatch --parsable -o /dev/null --wrap true)
for _ in $(seq 1 100); do
	[ -z "$(squeue -h -j "$done_id" -o %t)" ] && break
	sleep 0.1
done
held=$(sbatch --parsable --hold -o /dev/null --wrap true)
a=$(sbatch --parsable --hold -d "afterany:$done_id" -o /dev/null --wrap true)
b=$(sbatch --parsable --hold -d "afterok:$held" -o /dev/null --wrap true)
run squeue -h -j "$a,$b" -o "%i %r %E"
