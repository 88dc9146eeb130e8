# scancel by name, partition, state, signal; requeue and hold of a running job
# (squeue lists this case's jobs alone: -t all would also show those other
# cases cancelled within MinJobAge, which squeue orders by the second each
# was cancelled in, so by how long the other case took on each controller)
a=$(sbatch --parsable --hold -J one -p debug -o /dev/null --wrap true)
b=$(sbatch --parsable --hold -J two -p batch -o /dev/null --wrap true)
r=$(sbatch --parsable -J runs -t 5 -o sig.out --wrap 'trap "echo got USR1" USR1; for i in $(seq 1 300); do sleep 0.2; done')
for _ in $(seq 1 100); do
	[ "$(squeue -h -j "$r" -o %t)" = R ] && break
	sleep 0.1
done
sleep 0.5
run scancel -n one
run squeue -h -o "%j %t" -t all -j "$a,$b"
run scancel -p batch -t PENDING
run squeue -h -o "%j %t" -t all -j "$a,$b"
run scancel -s USR1 "$r"
run scancel -s BOGUS "$r"
run scontrol hold "$r"
run scontrol requeue "$r"
for _ in $(seq 1 100); do
	[ "$(squeue -h -j "$r" -o %t)" = PD ] && break
	sleep 0.1
done
run squeue -h -j "$r" -o "%j %t %r"
run sh -c "scontrol show job $r | grep -E '^   (JobState|Requeue|Restarts)='"
run scancel "$r"
run scancel -v 999999
