"""``python -m umkm_ledger.cli``: the same as the ``umkm-ledger`` command."""

from umkm_ledger.cli import main

if __name__ == "__main__":  # tools that import every module (the reference) run nothing
    main()
