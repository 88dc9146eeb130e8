# sbatch refusals slurmctld judges on the nodes: -x naming an unknown
# node or one -w asks, socket/core/thread layouts no node has (not for a
# held job, and --test-only's own words); then the priority the next job
# gets (each refusal made into a job first takes one)
for o in "-w node1 -x node1" "-x nosuch" "-x node1" "-x 'node[1-2]'" "--cores-per-socket=4" "--threads-per-core=2" \
	"--sockets-per-node=2" "--sockets-per-node=3" "-B 2:1:1" "-B 1:2" "--hold --threads-per-core=2" "--test-only --threads-per-core=2"; do
	run sh -c "sbatch -o /dev/null --parsable $o --wrap true | tr -d 0-9"
done
p=$(sbatch --parsable --begin=now+3600 -o /dev/null --wrap true)
run squeue -h -j "$p" -o %Q
scancel -u "$(id -un)"
