"""An upper bound on the meetings any schedule can hold, computed without the solver.

Two max-flow relaxations (networkx), each of which every valid schedule satisfies, so the
smaller one bounds the best schedule; idle gaps play no part:

- *times and tables*: each meeting takes one of its candidate slots; a slot holds at most
  its free tables of in-person meetings, and at most half of the people free in it;
- *people*: each meeting takes one time of each of its two people, and a person has only
  as many free times as they are available in (a fractional b-matching: half the flow).

Locked meetings count as scheduled and take their people's times and their tables first.
Meetings with the same candidate slots and kind are one node (with their count as
capacity), which keeps the first network small at large events.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx

from .instance import Instance


@dataclass(frozen=True)
class Bound:
    value: int  # locked + min(by_slots, by_people)
    locked: int
    by_slots: int
    by_people: int


def _max_flow(graph: nx.DiGraph) -> int:
    if "source" not in graph or "sink" not in graph:
        return 0
    return int(nx.maximum_flow_value(graph, "source", "sink"))


def upper_bound(instance: Instance) -> Bound:
    candidates = instance.all_candidates()
    busy, tables_used = instance.fixed_busy(), instance.fixed_tables()
    locked = sum(1 for meeting in instance.meetings if meeting.is_fixed)
    free = [m for m in instance.meetings if not m.is_fixed and candidates[m.id]]

    # Times and tables.
    classes = Counter((tuple(candidates[m.id]), m.in_person) for m in free)
    free_people: Counter = Counter()
    for person, slots in instance.availability.items():
        for slot in slots:
            if (person, slot) not in busy:
                free_people[slot] += 1
    slots_graph = nx.DiGraph()
    for index, ((slots, in_person), count) in enumerate(classes.items()):
        node = ("class", index)
        slots_graph.add_edge("source", node, capacity=count)
        for slot in slots:
            kind = ("table", slot) if in_person else ("video", slot)
            slots_graph.add_edge(node, kind, capacity=count)
    for slot in {slot.id for slot in instance.slots}:
        room = free_people[slot] // 2
        slots_graph.add_edge(
            ("table", slot), ("slot", slot), capacity=instance.tables - tables_used.get(slot, 0)
        )
        slots_graph.add_edge(("video", slot), ("slot", slot), capacity=room)
        slots_graph.add_edge(("slot", slot), "sink", capacity=room)
    by_slots = _max_flow(slots_graph)

    # People.
    people_graph = nx.DiGraph()
    times: dict[int, set[int]] = defaultdict(set)
    for meeting in free:
        for person in (meeting.a, meeting.b):
            times[person].update(candidates[meeting.id])
    for meeting in free:
        node = ("meeting", meeting.id)
        people_graph.add_edge("source", node, capacity=2)
        people_graph.add_edge(node, ("person", meeting.a), capacity=1)
        people_graph.add_edge(node, ("person", meeting.b), capacity=1)
    for person, slots in times.items():
        people_graph.add_edge(("person", person), "sink", capacity=len(slots))
    by_people = _max_flow(people_graph) // 2

    return Bound(
        value=locked + min(by_slots, by_people),
        locked=locked,
        by_slots=by_slots,
        by_people=by_people,
    )
