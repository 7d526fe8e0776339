"""Start Showroom Desk: `python main.py` is the same as `desk`."""

import sys

from desk.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
