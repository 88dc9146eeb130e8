# scontrol show node and sinfo's node views of the one idle node
run scontrol show node node1
run scontrol show node nosuch
run sinfo -N -o "%N %c %m %T %z %f"
run sinfo -R
