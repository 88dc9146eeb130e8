# a batch job's srun step cancelled with its job, then an srun
# allocation cancelled, and a step of a salloc cancelled alone:
# slurmstepd's CANCELLED AT lines, srun's own
b=$(sbatch --parsable -J bs -t 5 -o bs.out --wrap 'srun sh -c "echo step; sleep 300"')
for _ in $(seq 1 100); do
	[ -s bs.out ] && break
	sleep 0.1
done
run scancel "$b"
job_gone "$b"
sleep 1
run sh -c "sed -E 's/^slurmstepd-node1:/slurmstepd:/; s/[0-9]+ seconds/N seconds/' bs.out | sort"
rm -f bs.out

# slurmstepd's line and the task's end in srun's stderr, the step
# daemon's host name as FLURM's (srun's other lines, "Job step aborted"
# or "Force Terminated", depend on which news reaches it first, under
# slurmctld too)
srun_err() {
	run sh -c "sed -E 's/^slurmstepd-node1:/slurmstepd:/' $1 | grep -E '^(slurmstepd|srun: error|salloc)' | sort"
}
timeout 60 srun -J sr -t 5 sh -c 'echo step; sleep 300' >sr.out 2>sr.err &
p=$!
for _ in $(seq 1 100); do
	[ -s sr.out ] && break
	sleep 0.1
done
j=$(squeue -h -n sr -o %i)
run scancel "$j"
wait $p
echo "[srun exit $?]"
job_gone "$j"
srun_err sr.err

timeout 60 salloc -J sa -t 5 srun sh -c 'echo step; sleep 300' >sa.out 2>sa.err &
p=$!
for _ in $(seq 1 100); do
	[ -s sa.out ] && break
	sleep 0.1
done
j=$(squeue -h -n sa -o %i)
run scancel "$j.0"
wait $p
echo "[salloc exit $?]"
job_gone "$j"
srun_err sa.err
rm -f sr.out sr.err sa.out sa.err
