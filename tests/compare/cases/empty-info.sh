# what a controller without accounting, fairshare, topology, burst
# buffers, front ends, reservations or triggers answers: the clients'
# "nothing" lines
run scontrol show topology
run scontrol show frontend
run scontrol show burstbuffer
run scontrol show assoc_mgr
run sshare
run sprio
run scontrol show licenses
run scontrol show reservation
run sinfo -T
run strigger --get
run scontrol show dwstat
run scontrol schedloglevel 1
