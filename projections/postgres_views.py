"""The view recorder on PostgreSQL: the same tables, `%s` placeholders, the store's schema."""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder

from .recorder import ViewRecorder


class PostgresViews(ViewRecorder, PostgresTrackingRecorder):
    placeholder = "%s"

    def _enter(self, cursor: Any) -> None:
        cursor.execute(f'SET LOCAL search_path TO "{self.datastore.schema}"')

    def create_table(self) -> None:
        super().create_table()
        self.create_views()

    def create_views(self) -> None:
        # Take turns with other processes creating the same views (see store.location).
        with self.transaction(commit=True) as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", (f"storyline-views:{self.datastore.schema}",)
            )
            super()._create_views(cursor)
