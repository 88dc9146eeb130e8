# what a job that cannot start its script (its output or input file
# cannot be opened, a working directory that is not there) or that a
# signal ended shows: JobLaunchFailure and the status slurmstepd gives
id=$(sbatch --parsable -o /nonexistent/dir/out.txt --wrap true)
job_gone "$id"
sleep 1
run sh -c "scontrol show job $id | grep -oE '(JobState|Reason|ExitCode|DerivedExitCode)=[^ ]*'"
id=$(sbatch --parsable -o /dev/null -D /nonexistent --wrap true)
job_gone "$id"
sleep 1
run sh -c "scontrol show job $id | grep -oE '(JobState|Reason|ExitCode|WorkDir)=[^ ]*'"
id=$(sbatch --parsable -o /dev/null --wrap 'kill -9 $$')
job_gone "$id"
sleep 1
run sh -c "scontrol show job $id | grep -oE '(JobState|Reason|ExitCode)=[^ ]*'"
run squeue -h -t all -j "$id" -o "%T %r"
id=$(sbatch --parsable -i /nonexistent/in.txt -o /dev/null --wrap true)
job_gone "$id"
sleep 1
run sh -c "scontrol show job $id | grep -oE '(JobState|Reason|ExitCode)=[^ ]*'"
