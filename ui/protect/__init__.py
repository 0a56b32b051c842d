"""The desktop side of protecting the data: passphrases, the OS keyring, locking, backups."""
