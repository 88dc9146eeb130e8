# scontrol top through the nice values of the owner's pending jobs, as
# slurmctld's job_set_top: one job, a list, an array's pending tasks
a=$(sbatch --parsable --begin=now+3600 -o /dev/null --wrap true)
b=$(sbatch --parsable --begin=now+3600 --nice=5 -o /dev/null --wrap true)
c=$(sbatch --parsable --begin=now+3600 -o /dev/null --wrap true)
d=$(sbatch --parsable --begin=now+3600 --array=0-2 -o /dev/null --wrap true)
e=$(sbatch --parsable --begin=now+3600 -o /dev/null --wrap true)
run scontrol top "$c"
run squeue -h -S i -j "$a,$b,$c,$d,$e" -o "%i %Q %y"
run scontrol top "$e,$a"
run squeue -h -S i -j "$a,$b,$c,$d,$e" -o "%i %Q %y"
run scontrol top "$d"
run squeue -h -S i -j "$a,$b,$c,$d,$e" -o "%i %Q %y"
run scontrol top "${d}_1,$b"
run squeue -h -S i -j "$a,$b,$c,$d,$e" -o "%i %Q %y"
scancel "$a" "$b" "$c" "$d" "$e"
