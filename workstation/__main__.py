import sys

from workstation.launcher import main

sys.exit(main())
