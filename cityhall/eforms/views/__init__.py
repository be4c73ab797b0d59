"""HTML views of electronic applications: the resident's flow (``flow``),
their applications (``account``) and the postal-code endpoint."""
