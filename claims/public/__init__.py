"""The public, server-rendered pages: search, claims, sources, speakers and outlets."""
