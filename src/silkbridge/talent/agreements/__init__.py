"""Inter-institutional agreements between academic institutions of both countries."""
