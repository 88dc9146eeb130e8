# bad ids and names given to the everyday commands
run scontrol show job bogus
run scancel bogus
run scancel 12.5
run scontrol hold ""
run squeue -j 1,bogus
run sinfo -p nosuch
run sinfo -n nosuch
run scontrol update NodeName=node1 State=bogus
run scontrol update PartitionName=nosuch State=DOWN
run sbatch --array=bogus --wrap true
run sbatch --array=1-100000 --wrap true
run sbatch --ntasks-per-node=bogus --wrap true
run scontrol requeue bogus
run scontrol release 999999
run scontrol show job 999999_3
run scancel 999999_3
run scontrol update JobId=999999 TimeLimit=5
run scontrol update JobId=bogus TimeLimit=5
run scontrol update JobId=1 Bogus=5
