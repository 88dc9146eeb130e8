# scancel with --name, --user, --state, --partition combined
a=$(sbatch --parsable --hold -J one -p debug -o /dev/null --wrap true)
b=$(sbatch --parsable --hold -J one -p batch -o /dev/null --wrap true)
c=$(sbatch --parsable --hold -J two -p batch -o /dev/null --wrap true)
d=$(sbatch --parsable --hold -J two -p debug -o /dev/null --wrap true)
run scancel --name=one --partition=batch
run squeue -h -o "%j %P %t" -t all -n one,two
run scancel --user="$(id -un)" --state=PENDING --name=two -p debug
run squeue -h -o "%j %P %t" -t all -n one,two
run scancel --user=nosuchuser
run scancel --state=BOGUS
run scancel -n nosuchname
run scancel -u "$(id -un)" -t RUNNING
run squeue -h -o "%j %P %t" -n one,two
scancel "$a" "$b" "$c" "$d"
