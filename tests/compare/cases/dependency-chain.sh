# a chain of dependencies: a failed job's afterok dependent, afternotok, afterany
bad=$(sbatch --parsable -J bad -o /dev/null --wrap 'exit 1')
ok=$(sbatch --parsable -J okdep -d afterok:"$bad" -o /dev/null --wrap true)
notok=$(sbatch --parsable -J notokdep -d afternotok:"$bad" -o notok.out --wrap 'echo ran notok')
any=$(sbatch --parsable -J anydep -d afterany:"$bad" -o any.out --wrap 'echo ran any')
job_gone "$notok"; job_gone "$any"
for _ in $(seq 1 50); do
	[ "$(squeue -h -j "$ok" -o %r)" = DependencyNeverSatisfied ] && break
	sleep 0.1
done
run squeue -h -t all -j "$bad,$ok,$notok,$any" -o "%j %t %r %E"
run sh -c "scontrol show job $ok | grep -E '^   (JobState|Dependency)='"
run cat notok.out any.out
run scontrol update JobId="$ok" Dependency=
for _ in $(seq 1 100); do
	[ -z "$(squeue -h -j "$ok" -o %t)" ] && break
	sleep 0.1
done
run squeue -h -t all -j "$ok" -o "%j %t %r"
