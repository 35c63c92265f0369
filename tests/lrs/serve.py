"""Ralph's LRS on 127.0.0.1 for the tests, run with the Python of tests/lrs/.venv.

`ralph runserver -b fs` would do, but Ralph 5.1's file-system backend opens its statements file
in "create" mode: the first POST makes the file and every later one fails with a 500 ("already
exists and overwrite is not allowed"). Here the same app (`ralph.api:app`) runs with that
backend appending instead, as a real store does, and without runserver's file watcher.
Configuration comes from the environment, as for runserver: RALPH_APP_DIR (auth.json, written by
`ralph auth ... -w`), RALPH_RUNSERVER_BACKEND=fs and
RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH (each user's `--target` is a folder there).

    python serve.py PORT
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.fs import FSDataBackend

FSDataBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402 - after the backend is told to append

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
