"""Charts and pages made from the model: plotly figures and HTML fragments, no I/O."""
