# sbatch with #SBATCH lines using less common options
mkdir -p sub
cat >opts.sh <<'SCRIPT'
#!/bin/bash
#SBATCH -J "name with spaces"
#SBATCH --export=NONE
#SBATCH -D sub
#SBATCH --comment="a comment"
#SBATCH -o opts.out
echo "[$SLURM_JOB_NAME] [$FOO] [$PWD] [${HOME:+home}]"
SCRIPT
export FOO=outer
id=$(sbatch --parsable opts.sh)
run squeue -h -j "$id" -o "%j|%k|%Z"
job_gone "$id"
run cat sub/opts.out
id=$(sbatch --parsable --export=FOO=x -o ex.out --wrap 'echo "[$FOO] [${PATH:+path}]"')
job_gone "$id"
run cat ex.out
run sbatch --wait -o /dev/null --wrap 'exit 2'
run sbatch --wait -o /dev/null --wrap 'true'
run sh -c "sbatch --parsable -J 'x y' --hold --wrap true | tr -d 0-9"
run squeue -h -n "x y" -o "%j %t"
scancel -n "x y"
