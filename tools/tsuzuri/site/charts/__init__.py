"""Charts for the site: plotly figures (Gantt, burndown) and their offline embedding, no I/O."""
