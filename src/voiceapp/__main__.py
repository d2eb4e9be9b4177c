import multiprocessing
import sys

from voiceapp.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # packaged builds start analysis workers through here
    sys.exit(main())
