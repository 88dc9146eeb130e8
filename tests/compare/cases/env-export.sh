# what a batch job sees with --export variants and #SBATCH --export lines
export FOO=outer BAR=bar
id=$(sbatch --parsable -o e1.out --export=ALL,FOO=inner --wrap 'echo "[$FOO] [$BAR]"')
id2=$(sbatch --parsable -o e2.out --export=BAR --wrap 'echo "[$FOO] [$BAR] [${PATH:+path}]"')
id3=$(sbatch --parsable -o e3.out --export=NIL --wrap 'echo "[$FOO] [$BAR] [${SLURM_JOB_ID:+id}]"')
cat >ex.sh <<'SCRIPT'
#!/bin/bash
#SBATCH --export=FOO=fromscript
#SBATCH -o e4.out
echo "[$FOO] [$BAR] [$SLURM_EXPORT_ENV]"
SCRIPT
id4=$(sbatch --parsable ex.sh)
job_gone "$id"; job_gone "$id2"; job_gone "$id3"; job_gone "$id4"
run cat e1.out e2.out e3.out e4.out
run sh -c "sbatch --export=FOO=1 --hold --parsable --wrap true | tr -d 0-9"
id=$(squeue -h -o %i -t PD | head -1)
run sh -c "scontrol show job $id | grep -E '^   (Command|Comment)='"
scancel "$id"
