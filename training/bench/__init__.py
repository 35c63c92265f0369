"""The benchmark: synthetic data at a region's scale (`flask bench seed`) and `make bench`.

`seed.py` fills a synced database with deterministic synthetic data and the fixtures the key
pages need; `querycount.py` adds an `X-Query-Count` header when BENCH_QUERY_COUNT=1; `floor.py`
is the bare app the pages are compared with; `runner.py` drives both under gunicorn.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.bench import querycount
    from training.bench.cli import bench

    app.cli.add_command(bench)
    if app.config.get("BENCH_QUERY_COUNT"):
        querycount.init_app(app)
