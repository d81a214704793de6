"""The static leaderboard site: context (Python), templates (Jinja2), charts (SVG), API (JSON/CSV)."""

from leaderboard.site.builder import BuildReport, build_site

__all__ = ["BuildReport", "build_site"]
