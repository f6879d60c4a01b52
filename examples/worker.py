#!/usr/bin/env python3
"""An external DMS worker in the standard library only: lease a task, run a command, report.

    DMS_WORKER_TOKEN=... examples/worker.py --url http://127.0.0.1:8000/api/v1 --service transcode -- ./encode.sh

For each leased task the command runs with the task's parameters as JSON on stdin and in $DMS_TASK_PARAMETERS
(also $DMS_TASK_ID, $DMS_TASK_USER). While it runs the worker heartbeats; a cancel request stops it. Exit code 0
completes the task with the command's stdout as result (a JSON object as is, else {"output": "..."}); any other
fails it with the end of stderr (exit code 3: a permanent failure, never retried).
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

PERMANENT_EXIT_CODE = 3


class Host:
    """The worker routes of one dms-host, with the worker token."""

    def __init__(self, url, token):
        self.url = url.rstrip("/")
        self.token = token

    def post(self, path, body):
        request = urllib.request.Request(self.url + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json", "X-Worker-Token": self.token})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, json.load(answer)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)


def result_of(stdout):
    try:
        parsed = json.loads(stdout)
        if isinstance(parsed, dict):
            return parsed
    except ValueError:
        pass
    return {"output": stdout[-4000:]}


def run_task(host, task, command, lease_seconds):
    fence = {"attempt": task["attempt"]}
    path = "/workers/tasks/" + task["task_id"]
    parameters = json.dumps(task["parameters"])
    env = dict(os.environ, DMS_TASK_ID=task["task_id"], DMS_TASK_USER=task["user_id"], DMS_TASK_PARAMETERS=parameters)
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)
    state = {"cancelled": False, "lost": False}
    done = threading.Event()

    # Renews the lease at a third of its length; stops the command on a cancel or a lost lease.
    def heartbeat():
        while not done.wait(lease_seconds / 3):
            status, answer = host.post(path + "/heartbeat", dict(fence, lease_seconds=lease_seconds))
            if status == 409:
                state["lost"] = True
            elif status == 200 and answer.get("cancel_requested"):
                state["cancelled"] = True
            if state["lost"] or state["cancelled"]:
                process.terminate()
                return

    beat = threading.Thread(target=heartbeat, daemon=True)
    beat.start()
    stdout, stderr = process.communicate(parameters)
    done.set()
    beat.join()
    if state["lost"]:
        print(f"task {task['task_id']}: lease lost; another worker may run it", file=sys.stderr)
        return
    if process.returncode == 0 and not state["cancelled"]:
        status, answer = host.post(path + "/complete", dict(fence, result=result_of(stdout)))
    else:
        error = "stopped on a cancel request" if state["cancelled"] else (
            stderr.strip()[-2000:] or f"exit code {process.returncode}")
        body = dict(fence, error=error, permanent=process.returncode == PERMANENT_EXIT_CODE)
        status, answer = host.post(path + "/fail", body)
    outcome = answer.get("status") if status == 200 else answer.get("error", {}).get("code")
    print(f"task {task['task_id']}: {outcome}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=os.environ.get("DMS_URL", "http://127.0.0.1:8000/api/v1"))
    parser.add_argument("--token", default=os.environ.get("DMS_WORKER_TOKEN"), help="default $DMS_WORKER_TOKEN")
    parser.add_argument("--service", action="append", required=True, help="a service to take tasks of (repeatable)")
    parser.add_argument("--worker-id", default=f"{socket.gethostname()}-{os.getpid()}".replace(":", "-"))
    parser.add_argument("--lease-seconds", type=float, default=30)
    parser.add_argument("--poll-seconds", type=float, default=1)
    parser.add_argument("--max-tasks", type=int, default=0, help="stop after this many tasks (0: never)")
    parser.add_argument("--once", action="store_true", help="lease once, run what came, and stop")
    parser.add_argument("command", nargs="+", help="the command to run for each task (after --)")
    args = parser.parse_args()
    if not args.token:
        parser.error("no worker token: pass --token or set DMS_WORKER_TOKEN")

    host = Host(args.url, args.token)
    handled = 0
    while args.max_tasks == 0 or handled < args.max_tasks:
        status, answer = host.post("/workers/lease", {"worker_id": args.worker_id, "services": args.service,
                                                      "lease_seconds": args.lease_seconds})
        if status != 200:
            print(f"lease refused: {status} {answer}", file=sys.stderr)
            return 1
        for task in answer["tasks"]:
            run_task(host, task, args.command, args.lease_seconds)
            handled += 1
        if args.once:
            break
        if not answer["tasks"]:
            time.sleep(args.poll_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
