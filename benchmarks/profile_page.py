"""Time and profile one page through Zope's whole WSGI publisher, in-process.

Server stopped (FileStorage allows one process at a time); use an instance
kept by ``run.py --keep``::

    .venv/bin/python benchmarks/profile_page.py benchmarks/var/DIR/etc/zope.conf \\
        /Plone/so-khcn --user thuky:eiso2026 [--count 30] [--profile out.prof]

Prints the median time per request; with --profile, the functions with the
most cumulative time (and writes the profile for snakeviz/pstats).
"""

from wsgiref.util import setup_testing_defaults

import argparse
import base64
import cProfile
import io
import pstats
import statistics
import sys
import time


def make_app(zope_conf):
    from Zope2.Startup.run import make_wsgi_app

    return make_wsgi_app({}, zope_conf)


def request(app, path, user):
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_HOST": "127.0.0.1:8121",
               "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8121"}
    if user:
        environ["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(user.encode()).decode()
    setup_testing_defaults(environ)
    status = []
    body = b"".join(app(environ, lambda s, headers, exc_info=None: status.append(s)))
    return status[0], body


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("zope_conf")
    parser.add_argument("path")
    parser.add_argument("--user", help="login:password, sent as HTTP basic auth")
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--profile", help="write a cProfile of the timed requests here")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)

    app = make_app(args.zope_conf)
    for _ in range(5):  # warm-up
        status, body = request(app, args.path, args.user)
    print(f"{args.path}: {status}, {len(body)} bytes")
    profiler = cProfile.Profile() if args.profile else None
    timings = []
    for _ in range(args.count):
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        request(app, args.path, args.user)
        if profiler:
            profiler.disable()
        timings.append((time.perf_counter() - started) * 1000)
    print(f"median {statistics.median(timings):.1f} ms, min {min(timings):.1f} ms "
          f"over {args.count} requests")
    if profiler:
        profiler.dump_stats(args.profile)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
