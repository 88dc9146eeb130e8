# scontrol show job of completed, failed, timed-out and cancelled jobs
ok=$(sbatch --parsable -J ok -o /dev/null --wrap true)
bad=$(sbatch --parsable -J bad -o /dev/null --wrap 'exit 3')
to=$(sbatch --parsable -J to -t 1 -o /dev/null --wrap 'sleep 300')
job_gone "$ok"; job_gone "$bad"
run sh -c "scontrol show job $ok | grep -E '^   (JobState|ExitCode|RunTime|TimeLimit)=' | sed 's/RunTime=[^ ]*//'"
run sh -c "scontrol show job $bad | grep -E '^   (JobState|ExitCode|RunTime)=' | sed 's/RunTime=[^ ]*//'"
run squeue -h -t all -j "$ok,$bad" -o "%j %t %r %l"
job_running "$to"
scancel "$to"
job_gone "$to"
run sh -c "scontrol show job $to | grep -E '^   (JobState|ExitCode)='"
run squeue -h -t all -j "$to" -o "%j %t %r"
