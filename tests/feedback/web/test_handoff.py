"""The one-time hand-off: each value is taken once, expires, and the store stays small."""

from __future__ import annotations

from feedback.web.handoff import OneTimeStore


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_value_is_taken_once() -> None:
    store: OneTimeStore[str] = OneTimeStore()
    token = store.put("receipt")
    assert "receipt" not in token
    assert len(token) >= 22
    assert store.take(token) == "receipt"
    assert store.take(token) is None
    assert store.take("made-up") is None


def test_values_expire() -> None:
    clock = FakeClock()
    store: OneTimeStore[str] = OneTimeStore(ttl_seconds=60, clock=clock)
    old = store.put("old")
    clock.now += 30
    young = store.put("young")
    clock.now += 31
    assert store.take(old) is None
    assert len(store) == 1
    assert store.take(young) == "young"


def test_the_store_is_bounded_and_drops_the_oldest() -> None:
    store: OneTimeStore[int] = OneTimeStore(max_entries=3)
    tokens = [store.put(number) for number in range(5)]
    assert len(store) == 3
    assert store.take(tokens[0]) is None
    assert store.take(tokens[4]) == 4
