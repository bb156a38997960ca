#!/usr/bin/env python3
"""A save as the marketer sees it: a file written on disk to the changed page served over
HTTP by a running `vouch serve` (the watcher's settle, the rebuild and the page's
rendering all included).

  benches/serve-http.py VOUCH_BINARY CORPUS_DIR [--saves N] [--port P]

The corpus is copied to a temporary folder first (it is edited). For each kind of save
(a case study's title, date, tags and customer; a new file, a copy of a case study under
a new name; that file deleted) it writes the file, then asks for the page that must
change until it shows the change, N times (default 10), and prints the median, min and
max in milliseconds. Only loopback is used.
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, threading, time, urllib.error, urllib.request


def get(url):
    """(status, body) of a GET, without raising on 404."""
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, ""
    except (urllib.error.URLError, ConnectionError):
        return 0, ""


def wait_for(url, shows, timeout=60.0):
    """Polls `url` until `shows(status, body)`; returns the seconds it took."""
    started = time.perf_counter()
    while True:
        status, body = get(url)
        if shows(status, body):
            return time.perf_counter() - started
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"timed out waiting for {url}")
        time.sleep(0.002)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vouch")
    ap.add_argument("corpus")
    ap.add_argument("--saves", type=int, default=10)
    ap.add_argument("--port", type=int, default=18731)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="vouch-serve-http-")
    site = os.path.join(work, "site")
    shutil.copytree(a.corpus, site)
    started = time.perf_counter()
    server = subprocess.Popen([a.vouch, "--root", site, "serve", "--port", str(a.port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        # The preview says where it serves (the next port when this one is busy).
        base = None
        for line in server.stderr:
            if line.startswith("serving "):
                base = line.split()[1].rstrip("/")
                break
        if base is None:
            raise SystemExit("vouch serve did not start")
        threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
        wait_for(base + "/", lambda s, _: s == 200, timeout=600)
        print(f"first page served: {(time.perf_counter() - started) * 1000:.0f} ms")
        folder = os.path.join(site, "content", "case-studies")
        name = sorted(os.listdir(folder))[0]
        path = os.path.join(folder, name)
        page = f"{base}/case-studies/{name[:-3]}/"
        original = open(path, encoding="utf-8").read()
        customers = sorted(f[:-3] for f in os.listdir(os.path.join(site, "content", "customers")))
        results = {}

        def measure(label, save, url_of, shows):
            times = []
            for i in range(a.saves):
                url = url_of(i)
                before = time.perf_counter()
                save(i)
                wait_for(url, lambda s, b: shows(i, s, b))
                times.append((time.perf_counter() - before) * 1000)
                time.sleep(0.3)
            results[label] = times
            print(f"{label:<28} median {statistics.median(times):6.1f} ms  "
                  f"(min {min(times):.1f}, max {max(times):.1f}, n={len(times)})", flush=True)

        def write(text, to=path):
            with open(to, "w", encoding="utf-8") as f:
                f.write(text)

        measure("title", lambda i: write(original.replace("title: ", f"title: Edit{i} ", 1)),
                lambda i: page, lambda i, s, b: f"Edit{i} " in b)
        write(original)
        time.sleep(0.5)

        def redate(i):
            return re.sub(r"(?m)^date: .*$", f"date: 2018-0{1 + i % 9}-1{i % 10}", original, count=1)
        measure("date", lambda i: write(redate(i)), lambda i: page,
                lambda i, s, b: f'datetime="2018-0{1 + i % 9}-1{i % 10}"' in b)
        write(original)
        time.sleep(0.5)

        measure("tags", lambda i: write(original.replace("tags: [", f"tags: [bench-tag-{i}, ", 1)),
                lambda i: f"{base}/tags/bench-tag-{i}/", lambda i, s, b: s == 200)
        write(original)
        time.sleep(0.5)

        current = re.search(r"(?m)^customer: (\S+)$", original).group(1)
        others = [c for c in customers if c != current]

        def recustomer(i):
            return original.replace(f"customer: {current}", f"customer: {others[i % len(others)]}", 1)
        measure("customer", lambda i: write(recustomer(i)), lambda i: page,
                lambda i, s, b: f"/customers/{others[i % len(others)]}/" in b)
        write(original)
        time.sleep(0.5)

        new_files = []
        deleted = []

        def create(i):
            to = os.path.join(folder, f"bench-new-{i}.md")
            write(original, to)
            new_files.append(to)

        def delete(i):
            os.remove(new_files[i])
            deleted.append(i)
        measure("new file", create, lambda i: f"{base}/case-studies/bench-new-{i}/",
                lambda i, s, b: s == 200)
        measure("deleted file", delete, lambda i: f"{base}/case-studies/bench-new-{i}/",
                lambda i, s, b: s == 404)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
