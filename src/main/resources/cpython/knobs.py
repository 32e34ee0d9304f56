# The scenario's knobs, as constants; ProgramWriter fills in the ${...}.
WORKERS = ${WORKERS}  # ${WORKERS_MEANING}
TASKS = ${TASKS}
SWITCH_INTERVAL = ${SWITCH_INTERVAL}  # seconds: sys.setswitchinterval(), CPython's default is 0.005
INCREMENTS = ${INCREMENTS}  # counter += 1 the programs make in all: what the counter ends at if no update is lost
counter = 0  # ${COUNTER_MEANING}
calibration = {}  # how long work takes on this machine, for the steps given as times; see calibrate()
