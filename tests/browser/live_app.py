"""The app the browser tests serve: the real one, with the cheap password hash of the test suite.

Every journey registers and logs in its own people; at production cost each hash takes most of
a second of CPU, which made the browser tests the slowest part of `make test`. The cost is the
only difference (`ARGON2_COST` is refused outside a testing app).
"""

from training import create_app

app = create_app(
    {
        "TESTING": True,
        "ARGON2_COST": {"time_cost": 1, "memory_cost": 8, "parallelism": 1},
    }
)
