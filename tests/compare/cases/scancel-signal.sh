# what scancel -s reaches: the job's steps only (not the batch shell,
# which an untrapped signal would end), with -b the batch shell alone,
# with -f the shell's process group (the shell, what it started itself,
# and srun, which passes the signal on to its step)
cat >sig.sh <<'SCRIPT'
#!/bin/bash
out=$PWD/sig.out
bash -c "trap 'echo child >>$out' USR2; while :; do sleep 0.2; done" &
srun -n1 bash -c "trap 'echo step >>$out' USR2; echo ready >>$out; while :; do sleep 0.2; done" &
trap 'echo shell >>$out' USR2
while :; do sleep 0.2; done
SCRIPT
chmod +x sig.sh
rm -f sig.out
id=$(sbatch --parsable -o /dev/null ./sig.sh)
for _ in $(seq 1 200); do grep -q ready sig.out 2>/dev/null && break; sleep 0.1; done
run scancel -s USR2 "$id"
sleep 2
run sort sig.out
run scancel -b -s USR2 "$id"
sleep 2
run sort sig.out
run scancel -f -s USR2 "$id"
sleep 2
run sort sig.out
run squeue -h -j "$id" -o %t
scancel "$id"
job_gone "$id"
rm -f sig.sh sig.out
