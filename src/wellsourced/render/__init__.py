"""Rendering every result for people: the terminal (terminal.py), the self-contained HTML
reports and the web page (html.py, one template set in templates/render/), and the audit
trail every report carries (audit.py). web.py mounts the page on the HTTP app."""
