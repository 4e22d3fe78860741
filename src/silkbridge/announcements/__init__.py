"""The secretariat's news, calls and forum announcements, in up to four languages, public."""
