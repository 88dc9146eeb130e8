# scontrol hold/release/uhold of several ids at once and of unknown ids
a=$(sbatch --parsable --hold -J a -o /dev/null --wrap true)
b=$(sbatch --parsable --hold -J b -o /dev/null --wrap true)
run scontrol release "$a" "$b"
sleep 0.5
c=$(sbatch --parsable -J c -c 2 -o /dev/null --wrap 'sleep 30')
d=$(sbatch --parsable -J d -c 2 -o /dev/null --wrap true)
e=$(sbatch --parsable -J e -c 2 -o /dev/null --wrap true)
run scontrol hold "$d,$e"
run squeue -h -j "$d,$e" -o "%j %t %r %p"
run scontrol uhold "$d" "$e"
run squeue -h -j "$d,$e" -o "%j %t %r %p"
run scontrol release "$d,$e"
# which of them waits for Resources and which for Priority follows
# slurmctld's scheduler passes (operations.md 12): states only
run squeue -h -j "$d,$e" -o "%j %t"
run scontrol hold "$d" 999998
run scontrol release 999998 "$d"
run scontrol uhold 999997
run scontrol hold notanumber
run squeue -h -j "$d,$e" -o "%j %t"
scancel "$c" "$d" "$e"
