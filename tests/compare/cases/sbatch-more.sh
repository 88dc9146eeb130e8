# sbatch options: --get-user-env, --wait, -D missing, -o directory, --parsable with cluster
run sbatch --wait -o /dev/null --wrap 'exit 0'
run sbatch --wait -o /dev/null --wrap 'exit 4'
id=$(sbatch --parsable --get-user-env -o env.out --wrap 'echo "[${HOME:+home}] [$SLURM_JOB_NAME]"')
job_gone "$id"
run cat env.out
run sbatch -D /nonexistent -o /dev/null --wrap true
id=$(sbatch --parsable -J dep1 -o /dev/null --hold --wrap true)
id2=$(sbatch --parsable -J dep2 -o /dev/null --dependency=singleton --wrap true)
job_gone "$id2"
id3=$(sbatch --parsable -J dep2 -o /dev/null --hold --wrap true)
id4=$(sbatch --parsable -J dep2 -o /dev/null --dependency=singleton --wrap true)
run squeue -h -n dep1,dep2 -o "%j %t %r %E"
scancel "$id" "$id2" "$id3" "$id4"
id=$(sbatch --parsable -J tl -t 10 --hold -o /dev/null --wrap true)
run scontrol update JobId="$id" TimeLimit=+5
run squeue -h -j "$id" -o "%l"
run scontrol update JobId="$id" TimeLimit=-3
run squeue -h -j "$id" -o "%l"
run scontrol update JobId="$id" TimeLimit=bogus
run scontrol update JobId="$id" Comment="new comment" 
run squeue -h -j "$id" -o "%k"
scancel "$id"
