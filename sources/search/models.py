"""The search index: one row per searchable object, whatever its kind.

The text itself is searched through engine-specific structures added by migration 0002: a
weighted tsvector column `document` on PostgreSQL, the FTS5 table `search_fts` on SQLite.
The columns here are what results show (title, body for snippets) and what filters test.
"""

from django.db import models


class SearchEntry(models.Model):
    """One searchable object (claim, source, speaker, outlet), written only by the indexer."""

    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    title = models.TextField()
    body = models.TextField(blank=True, help_text="The text snippets are cut from.")
    language = models.CharField(max_length=20, blank=True)
    names = models.TextField(blank=True, help_text="Folded names, matched fuzzily.")
    outlet_id = models.BigIntegerField(null=True)
    speaker_id = models.BigIntegerField(null=True)
    obj_kind = models.CharField(max_length=20, blank=True, help_text="The object's own kind.")
    date = models.DateField(null=True)
    status = models.CharField(max_length=20, blank=True)
    public = models.BooleanField(default=True, help_text="False for unpublished claims.")

    class Meta:
        db_table = "search_entry"
        verbose_name = "search entry"
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_object"),
        ]
        indexes = [
            models.Index(fields=["outlet_id"], name="search_entry_outlet"),
            models.Index(fields=["speaker_id"], name="search_entry_speaker"),
            models.Index(fields=["kind", "date"], name="search_entry_date"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
