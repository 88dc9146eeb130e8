# a held array: squeue compact and with -r
id=$(sbatch --parsable --hold --array=1-3 -J arr --wrap true)
run squeue -j "$id" -o "%i %j %t %r"
run squeue -r -j "$id" -o "%i %j %t %r"
run squeue -r -j "$id" -o "%A %F %K"
scancel "$id"
