"""The secretariat invites the people of listed organisations to claim their records."""
