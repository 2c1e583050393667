"""The organisers' auto-scheduler, free of Django: an instance in, a schedule out.

- `instance`: what is to be scheduled (slots, people's availability, meetings, tables);
- `solver`: OR-Tools CP-SAT, most meetings first, then fewest idle gaps;
- `bound`: an upper bound on the meetings any schedule can hold, from max-flow relaxations
  (networkx), computed without the solver;
- `validate`: checks a schedule against the instance, knowing nothing of how it was made;
- `greedy`: the first-fit baseline the bench compares the solver with;
- `metrics` and `explain`: idle gaps, and why a meeting stayed unscheduled.
"""
