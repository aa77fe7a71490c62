"""What a story is called and what it is about, as its file says (`title:`, `description:`).

A story is the name its entries share; its profile is the one thing about it that is not an
entry: the headline a report is published under and the paragraph that says what it follows.
It is kept as an aggregate of its own, one per story, whose id is made from the story's name,
so importing the same file again changes nothing and a revised title is an event, like any
revised entry: the log keeps every title a story had.
"""

from __future__ import annotations

import uuid

from eventsourcing.domain import Aggregate

from .errors import NothingChanged
from .text import optional_text

STORY_NAMESPACE = uuid.UUID("5e0f8f5c-3c1a-4d7e-8b52-1f7c9a2d4e60")


def profile_id(story: str) -> uuid.UUID:
    return uuid.uuid5(STORY_NAMESPACE, story)


class StoryProfile(Aggregate):
    class Opened(Aggregate.Created):
        story: str

    class Described(Aggregate.Event):
        title: str | None
        description: str | None

        def apply(self, aggregate: StoryProfile) -> None:
            aggregate.title, aggregate.description = self.title, self.description

    def __init__(self, story: str) -> None:
        self.story = story
        self.title: str | None = None
        self.description: str | None = None

    @classmethod
    def open(cls, story: str) -> StoryProfile:
        return cls._create(cls.Opened, id=profile_id(story), story=story)

    def describe(self, title: object, description: object) -> None:
        """Say what the story is called and is about; a field not given keeps what it says."""
        new_title = optional_text("title", title) or self.title
        new_description = optional_text("description", description) or self.description
        if (new_title, new_description) == (self.title, self.description):
            raise NothingChanged()
        self.trigger_event(self.Described, title=new_title, description=new_description)
