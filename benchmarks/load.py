"""Load: wrk (installed with apt when missing), one page measured over several runs (measure), and the
wrk script that posts valid abstracts, each with a fresh form token and a real CSRF token."""

import os
import re
import shutil
import statistics
import subprocess
import sys
from urllib.parse import urlencode

from benchmarks.server import get, log

TIMEOUT = 10  # seconds wrk waits for a response; a slower one counts as failed


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("benchmark: installing Debian's wrk package")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)
        if shutil.which("wrk"):
            return
    sys.exit("benchmark: wrk is not installed (apt-get install wrk)")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, duration, connections, script=None):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", f"--timeout={TIMEOUT}s", "--latency"]
    command += ["-H", "X-Forwarded-Proto: https"]
    command += ["-s", str(script)] if script else []
    output = subprocess.run(command + [url], capture_output=True, text=True, timeout=duration + 60).stdout

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(match[1]) * UNITS[match[2]]

    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": latency(50),
        "p99": latency(99),
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "failed": int(bad[1]) if bad else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def measure(server, path, args, script=None):
    url = server.base + path
    wrk(url, min(2, args.duration), args.connections, script)  # warm-up: connections, caches, imports
    server.reset_peak_memory()
    runs = [wrk(url, args.duration, args.connections, script) for _ in range(args.repeats)]
    return {
        "path": path,
        "runs": runs,
        "rps": statistics.median(run["rps"] for run in runs),
        "p50": statistics.median(run["p50"] for run in runs),
        "p99": statistics.median(run["p99"] for run in runs),
        "failed": sum(run["failed"] + run["socket_errors"] for run in runs),
        "peak_mb": server.peak_memory_mb(),
    }


POST_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "csrftoken=%(cookie)s"
wrk.headers["Origin"] = "https://%(host)s"
local body = "%(body)s"
local counter = 0
function hex(n) local s = "" for i = 1, n do s = s .. string.format("%%x", math.random(0, 15)) end return s end
request = function()
  counter = counter + 1
  local token = hex(8) .. "-" .. hex(4) .. "-4" .. hex(3) .. "-a" .. hex(3) .. "-" .. hex(12)
  return wrk.format(nil, nil, nil, (body:gsub("SUBMISSION_TOKEN", token)))
end
"""


def abstract_post(conference, token="SUBMISSION_TOKEN", csrf=None):
    from conferences.forms import MAX_AUTHORS

    data = {
        "submission_token": token,
        "homepage": "",
        "title": "Trust across the line of contact",
        "topic": str(conference.topics.first().pk),
        "text": "Peace between Armenia and Azerbaijan needs trust, law and trade across the line of contact.",
        "phone": "",
        "consent": "on",
        "contact_author": "0",
        "authors-TOTAL_FORMS": str(MAX_AUTHORS),
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "1",
        "authors-MAX_NUM_FORMS": str(MAX_AUTHORS),
    }
    for i in range(MAX_AUTHORS):
        row = ("Anna Petrosyan", "Yerevan State University", "anna@example.org") if i == 0 else ("", "", "")
        data |= dict(zip([f"authors-{i}-name", f"authors-{i}-affiliation", f"authors-{i}-email"], row, strict=True))
    if csrf:
        data["csrfmiddlewaretoken"] = csrf
    return data


def post_script(server, path, conference, directory):
    """A wrk script posting a valid abstract, each with a fresh form token, with a real CSRF token."""
    status, headers, body = get(server.port, path)
    cookie = next(
        v.split(";")[0].split("=", 1)[1] for k, v in headers if k.lower() == "set-cookie" and "csrftoken" in v
    )
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1].decode()
    script = directory / "post.lua"
    host = f"127.0.0.1:{server.port}"
    script.write_text(
        POST_SCRIPT % {"cookie": cookie, "host": host, "body": urlencode(abstract_post(conference, csrf=csrf))}
    )
    return script
