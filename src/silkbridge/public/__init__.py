"""What a visitor who is not signed in sees: feeds, sitemap, robots.txt, public statistics."""
