"""The state carried between turns: JSON, versioned, read defensively."""

from __future__ import annotations

import json

from kefu.assistant.memory import Memory


def test_round_trip() -> None:
    memory = Memory(failures=1, upset=True, topic="security", article="emergency-freeze", offered=["x"])
    state = memory.to_state()
    assert json.loads(json.dumps(state)) == state
    assert Memory.from_state(state) == memory


def test_garbage_falls_back_to_defaults() -> None:
    memory = Memory.from_state(
        {"failures": "two", "upset": "yes", "topic": 3, "offered": "x", "choices": [1, "menu"]}
    )
    assert memory == Memory(choices=["menu"])
    assert Memory.from_state(None) == Memory()
    assert Memory.from_state({"failures": -1}).failures == 0


def test_human_is_due_after_two_failures_or_one_when_upset() -> None:
    assert not Memory(failures=1).human_due()
    assert Memory(failures=2).human_due()
    assert Memory(failures=1, upset=True).human_due()
