"""CSV for spreadsheet users: `?format=csv` on list endpoints that offer it."""

import csv
import io

from rest_framework.renderers import BaseRenderer

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _flatten(row: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
            continue
        if isinstance(value, list):
            flat[name] = "; ".join(
                str(v.get("name") or v.get("text") or v) if isinstance(v, dict) else str(v)
                for v in value
            )
        else:
            flat[name] = "" if value is None else value
        if isinstance(flat[name], str) and flat[name][:1] in FORMULA_STARTS:
            # A cell starting like a formula would run in a spreadsheet: keep it text.
            flat[name] = "'" + flat[name]
    return flat


class CSVRenderer(BaseRenderer):
    """Renders a paginated list's `results` as CSV, nested objects flattened to `a.b` columns.

    The columns are the view's `csv_columns` when it has them, so that every page of a list
    has the same columns in the same place, whether or not its rows carry an outlet or a
    verdict; otherwise those of the rows. The next page's address goes in a `Link` header
    (`rel="next"`), since CSV has no place for it.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        flat = [_flatten(r) for r in rows if isinstance(r, dict)]
        context = renderer_context or {}
        columns = getattr(context.get("view"), "csv_columns", None) or list(
            dict.fromkeys(key for row in flat for key in row)
        )
        response = context.get("response")
        if response is not None and isinstance(data, dict) and data.get("next"):
            response["Link"] = f'<{data["next"]}>; rel="next"'
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(flat)
        return out.getvalue().encode(self.charset)
