# squeue's long listing, formats and --start for a held job
id=$(sbatch --parsable --hold -J held -t 10 --wrap true)
run squeue -l -j "$id"
run squeue -j "$id" -o "%i|%j|%t|%r|%P|%D|%C|%l|%u|%M|%Q"
run squeue -j "$id" -O JobID,Name,State,Reason,NumNodes,NumCPUs,TimeLimit
run squeue --start -j "$id"
run squeue -j "$id" -h -o %T
scancel "$id"
