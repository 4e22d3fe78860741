"""The talent bridge: agreements between institutions and the exchanges that run under them."""
