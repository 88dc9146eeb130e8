# a job waiting in an INACTIVE partition: every update of it, a release
# too, is made and answered "Requested partition configuration not
# available now", as slurmctld's job limits check answers; a Hidden
# partition in sinfo and sinfo -a; the partition as it was after
p=$(sbatch --parsable -p batch -t 5 --hold -o /dev/null --wrap true)
run scontrol update PartitionName=batch State=INACTIVE
run scontrol update JobId="$p" TimeLimit=4
run scontrol release "$p"
run squeue -h -j "$p" -o "%i %t %r %l"
run scontrol update JobId="$p" Name=renamed
run squeue -h -j "$p" -o "%i %t %r %l %j"
scancel "$p"
job_gone "$p"
run scontrol update PartitionName=batch State=UP Hidden=YES
run sinfo -h
run sinfo -h -a
run sh -c "scontrol show partition | grep -c PartitionName"
run sh -c "scontrol show partition -a | grep -c PartitionName"
run scontrol update PartitionName=batch Hidden=NO
run sinfo -h
