# an empty queue and the controller's answers to ping
run squeue
run squeue -h
run scontrol ping
run squeue -u nosuchuser
run squeue -t bogus
run scontrol show node node1,nosuch
