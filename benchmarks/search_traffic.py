"""The traffic of benchmarks/search_flood.py: ordinary readers, searchers as people search, and the
flood of random searches (one address or many), each request from the address it should come from."""

import http.client
import os
import random
import threading
import time
from collections import Counter
from urllib.parse import urlencode

READER = "127.0.0.1"  # the ordinary reader's address
ONE_ADDRESS = "127.0.0.2"
SEARCHERS = "127.2.{}.{}"  # the ordinary searchers: an address of their own for each search


# --- Requests ------------------------------------------------------------------------------------


def fetch(port, path, source, timeout):
    """One GET through its own connection from ``source``: (status or error name, body, seconds)."""
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
    except OSError as error:
        return type(error).__name__, b"", min(time.perf_counter() - started, timeout)
    return response.status, body, time.perf_counter() - started


def kind(status, body):
    """Who answered a search, and how: 200; "429 nginx" (its per-address limits) or "429 site"
    (``SEARCH_RATE_LIMIT``); "503 nginx" (its share of searches, deploy/nginx.conf), "503 busy" (the
    site: every search slot taken) or "503 slow" (the statement timeout); else the status."""
    if status == 429:
        return "429 nginx" if b"<center>nginx" in body else "429 site"
    if status == 503:
        if b"took too long" in body:
            return "503 slow"
        return "503 busy" if b"page-head__title" in body else "503 nginx"
    return str(status)


def measure_page(port, path, seconds, interval, timeout, into):
    """``path`` fetched one request after another from READER for ``seconds``, at most one request per
    ``interval`` (a reader, not a load: both pages together stay under nginx's 20 requests a second
    per address): latencies (ms), failures by status."""
    latencies, failures, end = [], Counter(), time.monotonic() + seconds
    while (now := time.monotonic()) < end:
        status, _body, elapsed = fetch(port, path, READER, timeout)
        latencies.append(min(elapsed, timeout) * 1000)
        if status != 200:
            failures[str(status)] += 1
        time.sleep(max(0.0, now + interval - time.monotonic()))
    into.update(latencies=latencies, failures=failures)


def measure_searches(port, seconds, interval, timeout, seed, into):
    """One ordinary reader searching for ``seconds``: a random search about every ``interval`` s
    (jittered by half of it), each from an address of its own: the answers by kind and the latencies
    (ms) of the searches answered 200."""
    rng = random.Random(seed)
    counts, latencies, end = Counter(), [], time.monotonic() + seconds
    while (now := time.monotonic()) < end:
        path = "/search/?" + urlencode({"q": random_query(rng)})
        source = SEARCHERS.format(rng.randrange(256), rng.randrange(1, 255))
        status, body, elapsed = fetch(port, path, source, timeout)
        counts[kind(status, body)] += 1
        if status == 200:
            latencies.append(elapsed * 1000)
        time.sleep(max(0.0, now + interval * rng.uniform(0.5, 1.5) - time.monotonic()))
    with into["lock"]:
        into["counts"].update(counts)
        into["latencies"].extend(latencies)


# --- The flood -----------------------------------------------------------------------------------


def random_query(rng):
    """A search nobody else sends: one to three words or phrases of the corpus, or made-up words."""
    from benchmarks.words import ACTORS, OBJECTS, SYLLABLES, TOPIC_TERMS

    vocabulary = [term for terms in TOPIC_TERMS.values() for term in terms] + ACTORS + OBJECTS
    choice = rng.random()
    if choice < 0.15:  # a quoted phrase: the slowest kind (every match's stored vector is checked)
        return f'"{rng.choice(vocabulary).removeprefix("the ")}"'
    if choice < 0.35:  # made-up words: no match, but the index is still asked
        return " ".join("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(rng.randint(1, 2)))
    words = [rng.choice(vocabulary).removeprefix("the ") for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.3:  # and a word of its own, so the results page is never the same twice
        words.append("".join(rng.choices(SYLLABLES, k=3)))
    return " ".join(words)


def flood_client(port, addresses, stop, deadline, timeout, seed, results, lock):
    rng = random.Random(seed)
    counts, latencies = Counter(), []
    while not stop.is_set() and time.monotonic() < deadline:
        path = "/search/?" + urlencode({"q": random_query(rng)})
        status, body, elapsed = fetch(port, path, addresses(rng), timeout)
        counts[kind(status, body)] += 1
        latencies.append(elapsed * 1000)
    with lock:
        results["counts"].update(counts)
        results["latencies"].extend(latencies)


def flood(port, clients, many, stop, seconds, timeout, nice, queue):
    """``clients`` threads sending searches until ``stop`` is set (at most ``seconds``): one address, or
    each search from an address of 127.1.0.0/16. Puts the responses by kind, their latencies and the
    CPU time it used. It runs at niceness ``nice``: an attacker's own CPU is not the site's, and on one
    machine the flood's client would otherwise take the cores the site needs."""
    os.nice(nice)

    def addresses(rng):
        return f"127.1.{rng.randrange(256)}.{rng.randrange(1, 255)}" if many else ONE_ADDRESS

    results, lock = {"counts": Counter(), "latencies": []}, threading.Lock()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=flood_client, args=(port, addresses, stop, deadline, timeout, n, results, lock))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + timeout + 5)
    cpu = time.process_time()
    queue.put({"counts": dict(results["counts"]), "latencies": results["latencies"], "cpu": cpu})
