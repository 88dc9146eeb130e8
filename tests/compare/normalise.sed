# What must differ between slurmctld and FLURM for the same commands
# (sed -E, applied to every output line before the job ids are numbered).
# Never add a rule that hides a difference a user would notice.
# dates and times
s/[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}/DATE/g
s/\b[0-9]{2}:[0-9]{2}:[0-9]{2}\b/TIME/g
# host names: the machine's and the controller's (localhost vs ctl1)
s/\b(Slurmctld\(primary\) at) [^ ]+/\1 CTLHOST/
# squeue -l's header: "Fri Dec 04 TIME 2026"
s/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +[0-9]+ TIME [0-9]{4}/DAY/g
# sbatch --test-only: slurmctld takes a job id for the test, FLURM shows
# the next one without taking it
s/^(sbatch: Job )[0-9]+( to start at)/\1ID\2/
# node daemons: their version, Slurm port, live load and free memory
s/\bVersion=[^ ]+/Version=VERSION/g
s/( NodeHostName=[^ ]+ )Port=[0-9]+/\1Port=PORT/
s/\bCPULoad=[0-9.]+/CPULoad=LOAD/g
s/\bFreeMem=[0-9]+/FreeMem=MB/g
# the controllers' ports (scontrol show config, a job's environment)
s/^(Slurmctld|Slurmd)Port( +)= [0-9-]+$/\1Port\2= PORT/
s/^(SLURM_WORKING_CLUSTER=[^:]*:[^:]*:)[0-9]+:/\1PORT:/
# salloc prints this only when slurmctld's notice of the end reaches it
# before it exits, which is a race under slurmctld (and under FLURM)
/^salloc: Job allocation [0-9]+ has been revoked\.$/d
