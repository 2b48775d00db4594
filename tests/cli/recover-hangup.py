#!/usr/bin/env python3
"""`hyoka recover FILE` at its question, on a terminal: an end of input
(Ctrl-D) and a hangup with SIGHUP ignored (nohup) must both end it, keeping
the recovery file.  Usage: recover-hangup.py eof|hangup HYOKA_ARGS...
Exit 0 when hyoka ended by itself within the guard; 1 otherwise."""
import os, pty, select, signal, sys, time

mode, argv = sys.argv[1], sys.argv[2:]
pid, master = pty.fork()
if pid == 0:
    if mode == "hangup":
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    os.execv(argv[0], argv)

def read_until(text, guard=20):
    seen, end = b"", time.time() + guard
    while text not in seen and time.time() < end:
        r, _, _ = select.select([master], [], [], 0.5)
        if r:
            try:
                seen += os.read(master, 4096)
            except OSError:
                break
    return text in seen

if not read_until(b"(d)? "):
    print("no question asked")
    os.kill(pid, signal.SIGKILL)
    sys.exit(1)
if mode == "eof":
    os.write(master, b"\x04")
else:
    os.close(master)
end = time.time() + 20   # a hang guard, not a speed limit
while time.time() < end:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        code = os.waitstatus_to_exitcode(status)
        print("exited", code)
        sys.exit(0 if code == 1 else 1)
    time.sleep(0.1)
print("still running after the terminal ended")
os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)
sys.exit(1)
