"""Schema maintenance from the shell.

python -m tuner.storages._rdb upgrade URL   # bring the schema to this tuner's version
python -m tuner.storages._rdb version URL   # print the schema version and the newest
"""

from __future__ import annotations

import argparse
import sys

from tuner.storages._rdb.storage import RDBStorage


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tuner.storages._rdb", description=__doc__)
    parser.add_argument("command", choices=["upgrade", "version"])
    parser.add_argument("url", help="the database URL, e.g. sqlite:///tuner.db")
    args = parser.parse_args(argv)
    storage = RDBStorage(args.url, skip_compatibility_check=True)
    if args.command == "upgrade":
        before = storage.get_current_version()
        storage.upgrade()
        print(f"Upgraded the schema from {before} to {storage.get_current_version()}.")
    else:
        current, head = storage.get_current_version(), storage.get_head_version()
        print(f"current: {current}, newest: {head}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
