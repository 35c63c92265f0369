"""A small valid case, as a trainer would write it, for tests."""

import copy

import yaml

CASE = yaml.safe_load(
    """
slug: proefcasus
title: "Sem en zijn broer"
summary: "Een korte oefencasus."
client: {name: "Sem", description: "Een verzonnen cliënt in de nachtopvang."}
context:
  living_situation: "Nachtopvang."
  network: "Een broer, contact verwaterd."
  client_says: "Mijn broer wil me niet meer zien."
learning_goals: ["Je kunt een netwerkgesprek openen."]
categories: [bewustwording, relatieherstel]
allow_back: true
strong_path: "Eerst vertrouwen, dan samen de broer benaderen."
trainer:
  minutes: 25
  discussion_questions:
    - "Wanneer was het moment om de broer te noemen?"
    - "Wat had de cliënt nodig om zelf te kiezen?"
start: begin
nodes:
  - {id: begin, type: narrative, text: "Sem zit aan de koffie.", next: k1}
  - id: k1
    type: decision
    text: "Wat doe je?"
    choices:
      - {text: "Vragen naar zijn broer.", next: k2, categories: [bewustwording], quality: sterk,
         mechanism: "Sem voelt zich gehoord.", feedback: "Goed."}
      - {text: "Over de dagbesteding beginnen.", next: k2, categories: [bewustwording], quality: zwak,
         mechanism: "Het netwerk blijft buiten beeld.", feedback: "Gemiste kans."}
  - id: k2
    type: decision
    text: "Sem twijfelt. Wat nu?"
    choices:
      - {text: "Een bericht samen opstellen.", next: r1, categories: [relatieherstel], quality: sterk,
         mechanism: "Een kleine stap.", feedback: "Goed."}
      - {text: "Zelf de broer bellen.", next: r1, categories: [relatieherstel], quality: zwak,
         mechanism: "Je neemt het over.", feedback: "Te snel."}
  - {id: r1, type: reflection, text: "Wat vind jij lastig hieraan?", next: k3}
  - id: k3
    type: decision
    text: "De broer antwoordt kort. Wat doe je?"
    choices:
      - {text: "Samen bespreken wat het antwoord betekent.", next: stand, categories: [relatieherstel],
         quality: redelijk, mechanism: "Sem ordent zijn gevoel.", feedback: "Redelijk."}
      - {text: "Het erbij laten.", next: stand, categories: [bewustwording], quality: zwak,
         mechanism: "De draad raakt los.", feedback: "Zwak."}
  - {id: stand, type: narrative, text: "Een week later.", next_if: [{min_score: 0.6, next: goed}], next: matig}
  - {id: goed, type: ending, title: "Koffie met zijn broer", text: "Ze spreken af."}
  - {id: matig, type: ending, title: "Stilte", text: "Het contact blijft uit."}
"""
)


def case_data(**changes) -> dict:
    data = copy.deepcopy(CASE)
    data.update(changes)
    return data
