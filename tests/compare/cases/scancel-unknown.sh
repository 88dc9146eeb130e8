# scancel of jobs that do not exist
run scancel 999999
run scancel 999999_3
run scancel -n nosuchname
