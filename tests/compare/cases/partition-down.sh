# jobs waiting in a DOWN partition: reasons, nice; partition updates
run scontrol update PartitionName=batch State=DOWN
run scontrol -o show partition batch
a=$(sbatch --parsable -p batch -J first -t 5 -o /dev/null --wrap true)
b=$(sbatch --parsable -p batch -J second --nice=100 -o /dev/null --wrap true)
# (not --begin: slurmctld shows PartitionDown until its next scheduling
# pass, then BeginTime, which FLURM shows at once)
run squeue -p batch -o "%i %j %t %r %y %l"
run sh -c "scontrol show job $b | grep -E '^   (Priority|JobState|Partition)='"
run sinfo -p batch
scancel "$a" "$b"
run scontrol update PartitionName=batch State=UP
run scontrol update PartitionName=batch MaxTime=30 Default=NO
run sh -c "scontrol show partition batch | grep -E '^   (MaxTime|State|Default)'"
run scontrol update PartitionName=batch MaxTime=UNLIMITED
run scontrol update PartitionName=batch State=BOGUS
