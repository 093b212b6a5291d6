"""One router per resource; each translates domain errors into HTTP codes."""
