"""JSON Lines serialization that keeps times to the microsecond.

Django's own JSON encoder cuts times to milliseconds, so an export and a restore would not be
identical. This format is Django's "jsonl" with an encoder that writes times in full; it is
registered under the same name (settings.SERIALIZATION_MODULES), and reads what it writes.
"""

import datetime

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but times keep their microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if o.utcoffset() is not None else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = jsonl.Deserializer
