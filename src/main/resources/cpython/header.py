#!/usr/bin/env python3
"""${TITLE}

GIL Lab's scenario:
${SCENARIO}

GIL Lab wrote this program from that scenario, and it is the program GIL Lab runs in CPython beside its emulation.
${HOW}

Run it with ${NEEDS}:

    ${COMMAND}

It prints a line of JSON for each task that finishes, then one with the run's figures, those GIL Lab's emulation
reports too: wall and CPU time, each task's time, the shared counter and the updates it lost, how long a task back
from a wait took to run again, and the bytes copied to and from other processes.
"""
