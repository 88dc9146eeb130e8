# a job over its time limit, --begin in the future, requeuehold, running updates
to=$(sbatch --parsable -J to -t 1 -o to.out --wrap 'echo start; sleep 300')
b=$(sbatch --parsable -J later --begin=now+600 -o /dev/null --wrap true)
sleep 1
run squeue -h -j "$b" -o "%j %t %r"
run sh -c "scontrol show job $b | grep -E '^   (JobState|EligibleTime|StartTime)=' | sed -E 's/Time=[0-9T:-]+/Time=T/g'"
run scontrol update JobId="$b" StartTime=now
for _ in $(seq 1 100); do
	[ -z "$(squeue -h -j "$b" -o %t)" ] && break
	sleep 0.1
done
run squeue -h -t all -j "$b" -o "%j %t %r"
job_running "$to"
run scontrol update JobId="$to" TimeLimit=2
run squeue -h -j "$to" -o "%j %t %l"
run scontrol update JobId="$to" TimeLimit=1
run scontrol update JobId="$to" Name=renamed
run scontrol update JobId="$to" Partition=batch
run scontrol update JobId="$to" NumNodes=2
for _ in $(seq 1 900); do
	[ -z "$(squeue -h -j "$to" -o %t)" ] && break
	sleep 0.1
done
run squeue -h -t all -j "$to" -o "%j %t %T %r %l"
run sh -c "scontrol show job $to | grep -E '^   (JobState|ExitCode|RunTime|TimeLimit)='"
# slurmstepd's line; Debian builds it for several slurmd a host, which
# names the node in its prefix (slurmstepd-node1), other builds do not
run sh -c "sed 's/^slurmstepd-node1:/slurmstepd:/' to.out"
run scontrol requeuehold "$to"
run squeue -h -t all -j "$to" -o "%j %t %r"
scancel "$to"
c=$(sbatch --parsable -J cancelled -t 5 -o c.out --wrap 'echo start; sleep 300')
job_running "$c"
for _ in $(seq 1 100); do
	[ -s c.out ] && break
	sleep 0.1
done
run scancel "$c"
job_gone "$c"
run sh -c "sed 's/^slurmstepd-node1:/slurmstepd:/' c.out"
q=$(sbatch --parsable -J requeued -t 5 -o q.out --open-mode=append --wrap 'echo start; sleep 300')
job_running "$q"
for _ in $(seq 1 100); do
	[ -s q.out ] && break
	sleep 0.1
done
run scontrol requeuehold "$q"
for _ in $(seq 1 100); do
	[ "$(squeue -h -j "$q" -o %t)" = PD ] && break
	sleep 0.1
done
sleep 1
run sh -c "sed 's/^slurmstepd-node1:/slurmstepd:/' q.out"
run squeue -h -j "$q" -o "%j %t %r"
scancel "$q"
e=$(sbatch --parsable -J errfile -t 5 -o e.out -e e.err --wrap 'echo start; sleep 300')
job_running "$e"
for _ in $(seq 1 100); do
	[ -s e.out ] && break
	sleep 0.1
done
run scancel "$e"
job_gone "$e"
run sh -c "cat e.out; sed 's/^slurmstepd-node1:/slurmstepd:/' e.err"
