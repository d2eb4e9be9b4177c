import sys

from voiceapp.cli import main

sys.exit(main())
