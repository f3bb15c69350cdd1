#!/usr/bin/python3
"""Protocol checks of the linrepro Java kernel through a real Jupyter client (Debian's jupyter_client).

Starts the kernel with jupyter_client's KernelManager and checks: execute `1+1` -> 2; a syntax error gives an error
reply naming the line, then a good cell works; `while(true){}` is interrupted (interrupt_mode "message") and then a
good cell works; completion of `Math.ma` offers `max`; `%jars /no/such.jar` gives a clear error; restart, then a
cell works; shutdown. Prints one line per check (PASS/FAIL), the kernel start -> first result time and the median
round trip of 20 trivial cells (measured, not asserted), and exits 1 if any check failed. Every wait is bounded.

Kernelspec: by default installs one into a temporary prefix with
  java -cp kernel/target/linrepro-kernel.jar org.linrepro.kernel.KernelCli install --prefix TMP --classpath CP
and points JUPYTER_PATH there (nothing is installed for the user). With --existing, uses the kernelspec named
--kernel-name found on the current JUPYTER_PATH instead (the JUnit wrapper does this).

  /usr/bin/python3 kernel/src/test/python/protocol_check.py [--jar JAR] [--classpath CP] [--existing] [--kernel-name N]
"""
import argparse
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
CELL_TIMEOUT = 30.0
START_TIMEOUT = 60.0

failures = []


def report(name, ok, detail=""):
    print(("PASS  " if ok else "FAIL  ") + name + (("  (" + detail + ")") if detail else ""), flush=True)
    if not ok:
        failures.append(name)


def run_cell(kc, code, timeout=CELL_TIMEOUT, on_sent=None):
    """Executes code; returns (reply content, list of iopub messages for it). Raises TimeoutError."""
    deadline = time.monotonic() + timeout
    msg_id = kc.execute(code, store_history=True)
    if on_sent:
        on_sent()
    outputs = []
    idle = False
    while not idle:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no idle status within %.0f s for %r" % (timeout, code))
        try:
            msg = kc.get_iopub_msg(timeout=left)
        except queue.Empty:
            continue
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle":
            idle = True
        else:
            outputs.append(msg)
    return shell_reply(kc, msg_id, deadline), outputs


def shell_reply(kc, msg_id, deadline):
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no shell reply")
        try:
            msg = kc.get_shell_msg(timeout=left)
        except queue.Empty:
            continue
        if msg.get("parent_header", {}).get("msg_id") == msg_id:
            return msg["content"]


def result_text(outputs):
    for m in outputs:
        if m["msg_type"] in ("execute_result", "display_data"):
            return m["content"]["data"].get("text/plain", "")
    return None


def error_text(reply, outputs):
    parts = [reply.get("ename", ""), reply.get("evalue", "")] + list(reply.get("traceback", []))
    for m in outputs:
        if m["msg_type"] == "error":
            parts += [m["content"].get("ename", ""), m["content"].get("evalue", "")] + m["content"].get("traceback", [])
        elif m["msg_type"] == "stream" and m["content"].get("name") == "stderr":
            parts.append(m["content"].get("text", ""))
    return "\n".join(p for p in parts if p)


def check(name, fn):
    try:
        ok, detail = fn()
        report(name, ok, detail)
    except Exception as e:  # noqa: BLE001 - a check that throws is a failed check
        report(name, False, "%s: %s" % (type(e).__name__, e))


def good_cell(kc, code="40 + 2", expect="42"):
    reply, outs = run_cell(kc, code)
    text = result_text(outs)
    return reply.get("status") == "ok" and text == expect, "status=%s result=%r" % (reply.get("status"), text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", default=os.path.join(ROOT, "kernel", "target", "linrepro-kernel.jar"))
    ap.add_argument("--classpath", default=os.path.join(ROOT, "reproductions", "target", "linrepro.jar") + os.pathsep
                    + os.path.join(ROOT, "reproductions", "target", "lib", "*"))
    ap.add_argument("--kernel-name", default="java")
    ap.add_argument("--existing", action="store_true", help="use the kernelspec on the current JUPYTER_PATH")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="linrepro-protocol-")
    try:
        if not args.existing:
            if not os.path.isfile(args.jar):
                print("FAIL  kernel jar missing: %s (run mvn package first)" % args.jar)
                return 2
            subprocess.run(["java", "-cp", args.jar, "org.linrepro.kernel.KernelCli", "install", "--prefix",
                            os.path.join(work, "prefix"), "--name", args.kernel_name, "--classpath", args.classpath],
                           check=True, stdout=subprocess.DEVNULL, timeout=60)
            os.environ["JUPYTER_PATH"] = os.path.join(work, "prefix", "share", "jupyter")
        os.environ.setdefault("JUPYTER_RUNTIME_DIR", os.path.join(work, "runtime"))
        return run_checks(args.kernel_name)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_checks(kernel_name):
    from jupyter_client.manager import KernelManager  # imported after JUPYTER_PATH is set

    km = KernelManager(kernel_name=kernel_name)
    kc = None
    try:
        t0 = time.monotonic()
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=START_TIMEOUT)

        def first():
            reply, outs = run_cell(kc, "1+1", timeout=START_TIMEOUT)
            start_s = time.monotonic() - t0
            text = result_text(outs)
            return reply.get("status") == "ok" and text == "2", "result=%r; kernel start -> first result %.2f s" % (
                text, start_s)
        check("execute 1+1 -> 2", first)

        def syntax():
            reply, outs = run_cell(kc, "int a = 1;\nint b = ;\n")
            err = error_text(reply, outs)
            names_line = "line 2" in err.lower() or "2:" in err
            return reply.get("status") == "error" and names_line, "status=%s, error names line 2: %s" % (
                reply.get("status"), names_line)
        check("syntax error -> error reply naming the line", syntax)
        check("good cell after syntax error", lambda: good_cell(kc))

        def interrupt():
            busy_at = []
            sent = time.monotonic()

            def fire():
                time.sleep(1.0)  # let the loop start
                busy_at.append(time.monotonic())
                km.interrupt_kernel()
            reply, outs = run_cell(kc, "while (true) {}", timeout=20, on_sent=fire)
            took = time.monotonic() - busy_at[0] if busy_at else time.monotonic() - sent
            return reply.get("status") in ("error", "abort"), "status=%s, stopped %.2f s after interrupt" % (
                reply.get("status"), took)
        check("while(true){} interrupted", interrupt)
        check("good cell after interrupt", lambda: good_cell(kc))

        def complete():
            msg_id = kc.complete("Math.ma", 7)
            reply = shell_reply(kc, msg_id, time.monotonic() + CELL_TIMEOUT)
            matches = reply.get("matches", [])
            return any(m.startswith("max") for m in matches), "matches=%s" % matches[:6]
        check("complete Math.ma offers max", complete)

        def jars():
            reply, outs = run_cell(kc, "%jars /no/such.jar")
            err = error_text(reply, outs)
            return reply.get("status") == "error" and "/no/such.jar" in err, "status=%s, %s: %r" % (
                reply.get("status"), reply.get("ename"), reply.get("evalue"))
        check("%jars /no/such.jar -> clear error", jars)

        def roundtrip():
            times = []
            for i in range(20):
                s = time.monotonic()
                reply, _ = run_cell(kc, str(i))
                times.append(time.monotonic() - s)
                if reply.get("status") != "ok":
                    return False, "cell %d: %s" % (i, reply.get("status"))
            return True, "median round trip %.1f ms over 20 cells (min %.1f, max %.1f)" % (
                1000 * statistics.median(times), 1000 * min(times), 1000 * max(times))
        check("20 trivial cells", roundtrip)

        def restart():
            run_cell(kc, "int before = 7;")
            s = time.monotonic()
            km.restart_kernel(now=False)
            kc.wait_for_ready(timeout=START_TIMEOUT)
            ok, detail = good_cell(kc)
            reply, _ = run_cell(kc, "before")
            forgot = reply.get("status") == "error"
            return ok and forgot, "%s; state cleared: %s; restart -> result %.2f s" % (
                detail, forgot, time.monotonic() - s)
        check("restart, then a cell works", restart)

        def shutdown():
            kc.stop_channels()
            km.shutdown_kernel(now=False)
            deadline = time.monotonic() + 15
            while km.is_alive() and time.monotonic() < deadline:
                time.sleep(0.1)
            return not km.is_alive(), ""
        check("shutdown", shutdown)
    finally:
        try:
            if km.has_kernel and km.is_alive():
                km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001
            pass
    print("protocol: %d failed" % len(failures), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
