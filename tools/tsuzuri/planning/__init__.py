"""The plan: working calendar, schedules and critical path, slip, baselines, burndowns."""
