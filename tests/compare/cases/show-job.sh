# scontrol show job of a held job, and its one-liner
id=$(sbatch --parsable --hold -J showme -t 5 -p batch --wrap true)
run scontrol show job "$id"
run scontrol -o show job "$id"
scancel "$id"
run scontrol show job 999999
