# scontrol show steps (no id: scontrol sends 0, which every job not of
# an array matches, so array tasks are left out), show step of a job,
# an array and one of its tasks, which are named ARRAY_TASK.batch
r=$(sbatch --parsable -J runner -p batch -t 10 -o /dev/null --wrap 'sleep 60')
job_running "$r"
run sh -c "scontrol show steps | grep StepId"
run sh -c "scontrol show step $r | grep StepId"
scancel "$r"
job_gone "$r"
run scontrol show steps
a=$(sbatch --parsable --array=1-2 -t 10 -o /dev/null --wrap 'sleep 60')
job_running "${a}_1"
job_running "${a}_2"
run scontrol show steps
run sh -c "scontrol show step $a | grep StepId"
run sh -c "scontrol show step ${a}_2 | grep StepId"
run sh -c "squeue -s -h -o '%i %j' | sort"
scancel "$a"
job_gone "$a"
