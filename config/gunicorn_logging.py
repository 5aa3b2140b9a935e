"""gunicorn's logger, building access lines only when they are written.

gunicorn builds an access line's fields (a dictionary of every request header and environ
variable) for every request whenever a logging configuration is given, as config/gunicorn.conf.py
gives one, even when the "gunicorn.access" logger then drops the line (GUNICORN_ACCESS_LOG off,
the default: the application logs every request itself). Under load that was about 2% of a
worker's time on the API's claim reads (py-spy, docs/benchmarks.md).
"""

import logging

from gunicorn import glogging


class Logger(glogging.Logger):
    """gunicorn's logger; the access line is built only if "gunicorn.access" logs INFO."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        # After the logging configuration, which sets the access logger's level.
        self._access_log_enabled = self._access_log_enabled and self.access_log.isEnabledFor(
            logging.INFO
        )
