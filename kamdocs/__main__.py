"""Allow ``python -m kamdocs``."""

from kamdocs.cli import main

if __name__ == "__main__":
    main()
