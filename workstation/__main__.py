import sys

from workstation.launcher import main

if __name__ == "__main__":   # importing this module (a spawned process, a tool) must not start the app
    sys.exit(main())
