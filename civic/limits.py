"""Upper bounds of the numbers people type in, shared by the web forms and the API.

Each bound is far above anything real in a town of 41,000 (or a city ten times larger) and
well inside the database column, so an absurd figure is answered with a message next to its
field instead of reaching PostgreSQL, which would refuse it with an error.
"""

# Money, in cents: ten billion euros, over fifty times the general budget of a large city.
MAX_CENTS = 10**12
# Projects one ballot may require or allow.
MAX_PROJECTS = 1_000
# Points of a cumulative ballot, in total or for one project.
MAX_POINTS = 10_000
# Promoters an initiatives charter may require.
MAX_PROMOTERS = 1_000
# Seats of one seat group of a commission.
MAX_SEATS = 500
# Votes of a council or commission (for, against, abstentions).
MAX_VOTES = 10_000
# People: signature thresholds, reference populations, minimum scores.
MAX_PEOPLE = 10_000_000
# Earliest plausible year of birth of a living resident; later dates than today are refused too.
MIN_BIRTH_YEAR = 1900
# Ages a process may require (minimum age to take part).
MAX_AGE = 120
