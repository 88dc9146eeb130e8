# scontrol update with a bad field or value
id=$(sbatch --parsable --hold --wrap true)
run scontrol update JobId="$id" Bogus=1
run scontrol update JobId="$id" TimeLimit=bad
run scontrol update JobId=999999 Name=x
run scontrol update NodeName=node1 State=bogus
run scontrol update PartitionName=nosuch State=DOWN
scancel "$id"
