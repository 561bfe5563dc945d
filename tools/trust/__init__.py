"""Fitting what makes a model's answers trustworthy (issue 10): out-of-domain
statistics, temperature, class priors and a screening operating point, from
`dxlens eval --dump` on the model's train split. See fit.py."""
