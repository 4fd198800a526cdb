"""The support desk's business rules: every write goes through here."""
