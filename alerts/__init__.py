"""Follow and alerts: members follow committees, authorities, savings programmes, contracts or
the forward plan, and are told by e-mail (at once or in a daily digest) when something they
follow happens; feeds of meetings (iCalendar) and of papers and decisions (Atom)."""
