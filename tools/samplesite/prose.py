# SPDX-License-Identifier: Apache-2.0
"""prose.py - deterministic made-up news prose for the sample and bench sites.

Every sentence is assembled from small word lists written for this project
(a fictional river town, invented people and institutions), driven by a
seeded random.Random, so the same seed always gives the same site and no
text is taken from anywhere. The prose only has to look like news to an
article extractor: headlines, bylines, quotes, numbers and dates.
"""
import random
import re

TOWNS = ["Harrowmere", "Lindqvist Bay", "Old Carrow", "Tessaly", "Brindle Cross",
         "Westmark", "Pellham Reach", "Greyford", "Saltings", "Marrowby"]
FIRST = ["Ada", "Bram", "Celia", "Dorian", "Elsbeth", "Fenn", "Greta", "Hollis", "Ines",
         "Jonah", "Kaori", "Lucan", "Mira", "Noor", "Osric", "Priya", "Quill", "Rosalind",
         "Sefton", "Tamsin", "Ulla", "Vikram", "Wren", "Yusuf", "Zofia"]
LAST = ["Ashdown", "Birchall", "Corrigan", "Dunmore", "Ellery", "Faraday", "Gillespie",
        "Hartwell", "Iverson", "Jaffrey", "Kettering", "Lowther", "Mabry", "Northcott",
        "Okonkwo", "Pemberton", "Quayle", "Ravensworth", "Sutcliffe", "Trevanion"]
ROLES = ["a councillor for the harbour ward", "the head of the regional water board",
         "a marine biologist at Greyford Polytechnic", "the director of the Saltings Playhouse",
         "a spokesperson for the ferry operators", "the chair of the allotment society",
         "a coach at Westmark Athletic", "a senior archivist at the county library",
         "an engineer on the tidal barrier project", "the owner of a bakery on Quay Street"]
AGENCIES = ["Harrowmere Gazette", "Tidewater Images", "County Press Pool", "Reach Photo Co-op"]

SECTIONS = {
    "town": {
        "title": "Town",
        "subjects": ["the harbour council", "the ferry timetable", "the new footbridge",
                     "the tidal barrier", "the market hall", "the night bus service",
                     "the library extension", "the flood wardens", "the school meals plan"],
        "verbs": ["approves", "delays", "reviews", "expands", "reopens", "pauses", "funds"],
        "nouns": ["budget", "planning notice", "consultation", "petition", "repair works",
                  "survey", "timetable", "public meeting"],
    },
    "science": {
        "title": "Science",
        "subjects": ["the estuary seal colony", "a rare moss", "the observatory on Carrow Hill",
                     "river sediment samples", "the seagrass meadow", "a weather balloon team",
                     "the oyster reef trial", "a student rover", "migrating eels"],
        "verbs": ["surprises", "puzzles", "rewards", "confirms", "revises", "extends"],
        "nouns": ["study", "measurement", "field season", "sample set", "telescope run",
                  "data logger", "peer review", "seed bank"],
    },
    "culture": {
        "title": "Culture",
        "subjects": ["the Saltings Playhouse", "a lantern festival", "the brass band",
                     "a forgotten mural", "the poetry slam", "the maritime museum",
                     "a touring puppet company", "the film society", "a choir of fishermen"],
        "verbs": ["celebrates", "revives", "unveils", "tours", "restores", "commissions"],
        "nouns": ["season", "exhibition", "premiere", "residency", "archive", "workshop",
                  "rehearsal", "open day"],
    },
    "sport": {
        "title": "Sport",
        "subjects": ["Westmark Athletic", "the rowing club", "the harbour swim",
                     "the under-16 netball side", "a veteran fell runner", "the cricket eleven",
                     "the cycling league", "the sailing regatta", "the chess club"],
        "verbs": ["wins", "loses", "draws", "clinches", "misses", "defends", "rebuilds"],
        "nouns": ["final", "derby", "season opener", "time trial", "cup run", "title race",
                  "relegation fight", "record"],
    },
}

_OPENERS = [
    "{Subj} {verb} its {noun} after weeks of debate in {town}.",
    "Residents of {town} were told on {weekday} that {subj} {verb} the {noun}.",
    "The {noun} was the talk of {town} this week, as {subj} {verb} plans first drafted in {year}.",
    "After {small} months of uncertainty, {subj} {verb} a {noun} that few had expected.",
]
_BODY = [
    "{Person}, {role}, said the change would affect about {num} households.",
    "\"We have listened carefully, and we think this is the right balance,\" said {person}.",
    "Figures shared with the Gazette show a rise of {pct} per cent since {year}.",
    "Critics argue that the {noun} came too late, pointing to {num} complaints lodged last spring.",
    "The decision follows a {noun} that drew {num} responses from across {town}.",
    "{Person} added that a second {noun} is planned before the end of the year.",
    "Not everyone is convinced: \"It is a start, but only a start,\" said {person}, {role}.",
    "A report due in {month} will set out how the {noun} is to be paid for.",
    "Work on the {noun} is expected to take {small} weeks, weather permitting.",
    "Similar schemes in {town2} and {town3} were judged a success by independent reviewers.",
    "The original {noun} of {year} had been shelved twice for lack of money.",
    "Volunteers spent {small} weekends preparing for the {noun}, according to {person}.",
    "At a crowded meeting on {weekday}, {num} people voted on the proposal.",
    "{Person} said the town should \"be proud of what has been done with so little\".",
    "Those wishing to comment can attend the {noun} at the market hall on {weekday}.",
]
_CAPTIONS = [
    "{Person} at the {noun} in {town} on {weekday}.",
    "Visitors gather for the {noun} near the quay in {town}.",
    "The site of the planned {noun}, seen from the harbour wall.",
    "Members of {subj} during the {noun} last {month}.",
    "Data from the {noun} in {town}, plotted by month.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def _articles(s):
    """Fix the indefinite article before a vowel ("a archive" -> "an archive")."""
    return re.sub(r"\b([Aa]) ([aeiouAEIOU])", r"\1n \2", s)


class Prose:
    """Sentence factory bound to one seeded random generator."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def person(self):
        return "%s %s" % (self.rng.choice(FIRST), self.rng.choice(LAST))

    def _fill(self, template, section):
        r = self.rng
        s = SECTIONS[section]
        towns = r.sample(TOWNS, 3)
        subj = r.choice(s["subjects"])
        person = self.person()
        v = {
            "subj": subj, "Subj": subj[0].upper() + subj[1:],
            "verb": r.choice(s["verbs"]), "noun": r.choice(s["nouns"]),
            "town": towns[0], "town2": towns[1], "town3": towns[2],
            "person": person, "Person": person, "role": r.choice(ROLES),
            "num": r.randint(12, 4800), "small": r.randint(2, 14), "pct": r.randint(3, 64),
            "year": r.randint(1998, 2023), "weekday": r.choice(WEEKDAYS),
            "month": r.choice(MONTHS),
        }
        return _articles(template.format(**v))

    def headline(self, section):
        r = self.rng
        s = SECTIONS[section]
        subj = r.choice(s["subjects"])
        h = "%s %s %s %s" % (subj[0].upper() + subj[1:], r.choice(s["verbs"]),
                             r.choice(["its", "a", "the"]), r.choice(s["nouns"]))
        return _articles(h) + r.choice(["", " in " + r.choice(TOWNS), " after " + r.choice(MONTHS) + " vote",
                             " as " + r.choice(TOWNS) + " looks on"])

    def paragraph(self, section, first=False):
        n = self.rng.randint(3, 5)
        sents = [self._fill(self.rng.choice(_OPENERS), section)] if first else []
        while len(sents) < n:
            t = self.rng.choice(_BODY)
            sents.append(self._fill(t, section))
        return " ".join(sents)

    def caption(self, section):
        return self._fill(self.rng.choice(_CAPTIONS), section)

    def credit(self):
        return "Photo: %s / %s" % (self.person(), self.rng.choice(AGENCIES))

    def standfirst(self, section):
        return self._fill(self.rng.choice(_OPENERS), section)
