# scontrol show partition, all and one, and an unknown one
run scontrol show partition
run scontrol -o show partition debug
run scontrol show partition nosuch
