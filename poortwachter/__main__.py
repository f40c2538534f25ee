"""``python -m poortwachter``: the command line."""

from poortwachter.cli import main

if __name__ == "__main__":
    main()
