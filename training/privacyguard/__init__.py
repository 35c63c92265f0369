"""The privacy guard as a service: deduce loaded once per machine, not once per web worker.

deduce (UMC Utrecht) finds names, addresses, dates, phone numbers and the like in Dutch text;
its lookup structures take about a gigabyte and ten seconds to load. A web worker that loaded
it would hold that gigabyte; five workers, five gigabytes. So deduce lives in one small service
(`server.py`, served by gunicorn with `--preload`: loaded once, then forked, the workers sharing
the pages) on 127.0.0.1, and the web workers ask it over HTTP (`client.py`). When it does not
answer, the client says so (`GuardUnavailable`) and nothing unchecked is published.
"""
