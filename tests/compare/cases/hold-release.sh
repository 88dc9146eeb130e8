# scontrol hold, release, update of a pending job
id=$(sbatch --parsable --hold -J hr -t 10 --wrap true)
run scontrol update JobId="$id" Name=renamed TimeLimit=20
run squeue -h -j "$id" -o "%j %l %t %r"
run scontrol uhold "$id"
run squeue -h -j "$id" -o "%t %r %p"
run scontrol hold "$id"
run squeue -h -j "$id" -o "%t %r %p"
run scontrol update JobId="$id" Partition=nosuch
run scontrol update JobId="$id" NumNodes=5
run squeue -h -j "$id" -o "%D %t %r"
run scontrol update JobId="$id" Features=nosuch
run scancel "$id"
run scontrol release "$id"
run scontrol hold 999999
