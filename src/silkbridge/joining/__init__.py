"""How organisations come in by themselves: claims, new registrations, the secretariat's queue."""
