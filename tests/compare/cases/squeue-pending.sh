# squeue --start, -l and -O with pending jobs of several reasons
big=$(sbatch --parsable -J big -c 2 -t 10 -o /dev/null --wrap 'sleep 60')
job_running "$big"
res=$(sbatch --parsable -J res -c 2 -t 10 -o /dev/null --wrap true)
held=$(sbatch --parsable --hold -J held -t 10 -o /dev/null --wrap true)
dep=$(sbatch --parsable -J dep -d afterok:"$held" -t 10 -o /dev/null --wrap true)
# slurmctld shows reason None until its scheduler has looked at a new
# job (about 2 s); FLURM gives the reason at once (operations.md 12)
for _ in $(seq 1 100); do
	[ "$(squeue -h -j "$res" -o %r)" = Resources ] && break
	sleep 0.1
done
run squeue -l -t PD -o "%i %j %t %r"
run squeue -t PD -h -o "%i %j %t %r %Q"
run squeue -t PD -h -O jobid,reason,tres-per-node,nodelist,minmemory,timeleft,workdir,stdout
run sh -c "squeue --start -h -j $held,$dep -o '%i %r %S'"
run squeue -h -j "$big" -O jobid,reason,nodelist,stdout,stderr
scancel "$big" "$res" "$held" "$dep"
