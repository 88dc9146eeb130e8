# a batch job's srun step cancelled with its job: slurmstepd's lines
# (a step of an srun or salloc allocation gets none: operations.md 12)
b=$(sbatch --parsable -J bs -t 5 -o bs.out --wrap 'srun sh -c "echo step; sleep 300"')
for _ in $(seq 1 100); do
	[ -s bs.out ] && break
	sleep 0.1
done
run scancel "$b"
job_gone "$b"
sleep 1
run sh -c "sed -E 's/^slurmstepd-node1:/slurmstepd:/; s/[0-9]+ seconds/N seconds/' bs.out | sort"
