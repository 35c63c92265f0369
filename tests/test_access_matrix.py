"""The access matrix (OWASP ASVS 5.0 V8): every route of the app, every kind of actor.

One world of two organisations holds real objects that belong to someone (Sanne, a learner of
Opvang Noord): a reflection shared with trainers, a submitted quiz attempt with an essay, a
finished case attempt, a cohort she accepted, an intervision group she facilitates with a
thread, a post, her private draft of a reply and invitations, a case draft in the editor, an
invitation link of her organisation. Every rule in `app.url_map` has a row in TABLE with the
answer each actor gets:

    anon     not signed in
    owner    Sanne herself (the row shows the path really reaches the object)
    learner  a learner of her organisation who owns nothing here and is in no group or cohort
    other    a learner of another organisation
    trainer  the trainer of Sanne's cohort (she accepted: her data is open to him)
    coh2     a trainer of her organisation who leads another cohort
    orgx     a trainer of another organisation
    member   a member of Sanne's intervision group
    nonmem   a learner of her organisation who facilitates another group (not hers)
    beheer   the beheerder (organisation admin) of her organisation
    admin    the platform admin (of another organisation)

Codes: 200, 403, 404, 400, 405, `login` (302 to /login), `302` (302 elsewhere), `-` (allowed
to this actor but not sent here: a POST that would change the world; the feature's own tests
cover the action). A GET is sent for every reading rule; a POST is sent, with a valid CSRF
token and a form an entitled person would send, only where the table expects a refusal, and
afterwards every table in the database must be as it was.

A route added to the app without a row fails `test_every_route_has_a_row`; a row for a route
that is gone fails `test_every_row_is_a_route`. When the matrix test fails, its message shows
the observed table in the same format, ready to compare.
"""

from __future__ import annotations

import copy
import itertools
import re
from types import SimpleNamespace

import sqlalchemy as sa

from tests.competence.helpers import enrol
from tests.conftest import CSRF_RE, DEFAULT_PASSWORD, log_in
from training.accounts import service as accounts
from training.authoring import drafting
from training.authoring import service as authoring
from training.cases import service as cases
from training.competence import cohorts
from training.content.service import load_checked
from training.curriculum.models import Lesson
from training.enrolment import service as enrolment
from training.extensions import db
from training.intervision import access, drafts, groups, maps, posts, threads
from training.intervision.models import Invitation
from training.jobs import service as jobs
from training.journal import service as journal
from training.netmap import service as netmaps
from training.organisations import service as organisations
from training.quizzes import bank
from training.quizzes import service as quizzes

ACTORS = (
    "anon",
    "owner",
    "learner",
    "other",
    "trainer",
    "coh2",
    "orgx",
    "member",
    "nonmem",
    "beheer",
    "admin",
)
CASE = "dave-logeert-bij-moeder-kostendelersnorm"
MODULE = "relatieherstel"
SECRET = "Zeer-persoonlijke-notitie-7781"
MAP_PERSON = {"name": "Gekaapt", "sector": "buurt", "ring": "intimi", "quality": "sterk",
              "contact": "actief"}  # fmt: skip
STATIC = ("/static/", "/bootstrap/static/")
# What an entitled person would send to an LRS settings page (an address nothing answers on).
LRS_FORM = {
    "enabled": "y",
    "endpoint": "https://gekaapt.example.org/xAPI",
    "username": "gekaapt",
    "password": "gekaapt",
}  # the same for everyone: may be cached

# fmt: off
TABLE: dict[str, str] = {
    'GET /':                                                                           "200   200   200   200   200   200   200   200   200   200   200",
    'GET /aanmelden/<token>':                                                          "200   302   302   302   302   302   302   302   302   302   302",
    'POST /aanmelden/<token>':                                                         "200   -     -     -     -     -     -     -     -     -     -",
    'GET /account/':                                                                   "login 200   200   200   200   200   200   200   200   200   200",
    'POST /account/':                                                                  "login -     -     -     -     -     -     -     -     -     -",
    'GET /account/bevestigen/<token>':                                                 "404   404   404   404   404   404   404   404   404   404   404",
    'POST /account/bevestigen/<token>':                                                "404   404   404   404   404   404   404   404   404   404   404",
    'GET /account/controleer-je-e-mail':                                               "200   200   200   200   200   200   200   200   200   200   200",
    'GET /account/gegevens':                                                           "login 200   200   200   200   200   200   200   200   200   200",
    'POST /account/gegevens/download':                                                 "login -     -     -     -     -     -     -     -     -     -",
    'GET /account/inzage':                                                             "login 200   200   200   200   200   200   200   200   200   200",
    'GET /account/nieuwe-bevestigingslink':                                            "200   200   200   200   200   200   200   200   200   200   200",
    'POST /account/nieuwe-bevestigingslink':                                           "200   -     -     -     -     -     -     -     -     -     -",
    'GET /account/password':                                                           "login 200   200   200   200   200   200   200   200   200   200",
    'POST /account/password':                                                          "login -     -     -     -     -     -     -     -     -     -",
    'GET /account/wachtwoord-herstellen/<token>':                                      "404   404   404   404   404   404   404   404   404   404   404",
    'POST /account/wachtwoord-herstellen/<token>':                                     "404   404   404   404   404   404   404   404   404   404   404",
    'GET /account/wachtwoord-vergeten':                                                "200   200   200   200   200   200   200   200   200   200   200",
    'POST /account/wachtwoord-vergeten':                                               "200   -     -     -     -     -     -     -     -     -     -",
    'GET /account/verwijderen':                                                        "login 200   200   200   200   200   200   200   200   200   200",
    'POST /account/verwijderen':                                                       "login -     -     -     -     -     -     -     -     -     -",
    'GET /admin/organisaties':                                                         "login 403   403   403   403   403   403   403   403   403   200",
    'POST /admin/organisaties':                                                        "login 403   403   403   403   403   403   403   403   403   -",
    'GET /admin/organisaties/<slug>':                                                  "login 403   403   403   403   403   403   403   403   403   200",
    'POST /admin/organisaties/<slug>':                                                 "login 403   403   403   403   403   403   403   403   403   -",
    'GET /admin/organisaties/<slug>/lrs':                                              "login 403   403   403   403   403   403   403   403   403   200",
    'POST /admin/organisaties/<slug>/lrs':                                             "login 403   403   403   403   403   403   403   403   403   -",
    'POST /admin/organisaties/<slug>/lrs/testen':                                      "login 403   403   403   403   403   403   403   403   403   -",
    'GET /admin/users':                                                                "login 403   403   403   403   403   403   403   403   200   200",
    'POST /admin/users/<int:user_id>/role':                                            "login 403   403   403   403   403   403   403   403   -     404",
    'GET /beheer/gebruikers/<int:user_id>/gegevens':                                   "login 404   404   404   404   404   404   404   404   200   404",
    'POST /beheer/gebruikers/<int:user_id>/gegevens':                                  "login 404   404   404   404   404   404   404   404   -     404",
    'GET /beheer/gebruikers/<int:user_id>/verwijderen':                                "login 404   404   404   404   404   404   404   404   200   404",
    'POST /beheer/gebruikers/<int:user_id>/verwijderen':                               "login 404   404   404   404   404   404   404   404   -     404",
    'GET /beheer/inzage':                                                              "login 403   403   403   403   403   403   403   403   200   200",
    'GET /beheer/lrs':                                                                 "login 403   403   403   403   403   403   403   403   200   200",
    'POST /beheer/lrs':                                                                "login 403   403   403   403   403   403   403   403   -     -",
    'POST /beheer/lrs/testen':                                                         "login 403   403   403   403   403   403   403   403   -     -",
    'GET /beheer/organisatie':                                                         "login 403   403   403   403   403   403   403   403   200   200",
    'POST /beheer/organisatie':                                                        "login 403   403   403   403   403   403   403   403   -     -",
    'GET /beheer/uitnodigingslinks':                                                   "login 403   403   403   403   403   403   403   403   200   200",
    'POST /beheer/uitnodigingslinks':                                                  "login 403   403   403   403   403   403   403   403   -     -",
    'POST /beheer/uitnodigingslinks/<int:link_id>/intrekken':                          "login 403   403   403   403   403   403   403   403   -     404",
    'GET /bootstrap/static/<path:filename>':                                           "200   200   200   200   200   200   200   200   200   200   200",
    'GET /cases/':                                                                     "login 200   200   200   200   200   200   200   200   200   200",
    'GET /cases/<slug>':                                                               "login 200   200   200   200   200   200   200   200   200   200",
    'GET /cases/<slug>/debrief/<int:attempt_id>':                                      "login 200   404   404   404   404   404   404   404   404   404",
    'GET /cases/<slug>/spelen/<int:attempt_id>':                                       "login 302   404   404   404   404   404   404   404   404   404",
    'POST /cases/<slug>/spelen/<int:attempt_id>':                                      "login -     404   404   404   404   404   404   404   404   404",
    'POST /cases/<slug>/spelen/<int:attempt_id>/kaart/personen':                         "login -     404   404   404   404   404   404   404   404   404",
    'GET /cases/<slug>/spelen/<int:attempt_id>/kaart/personen/<key>':                    "login 302   404   404   404   404   404   404   404   404   404",
    'POST /cases/<slug>/spelen/<int:attempt_id>/kaart/personen/<key>':                   "login -     404   404   404   404   404   404   404   404   404",
    'POST /cases/<slug>/spelen/<int:attempt_id>/kaart/personen/<key>/verwijderen':       "login -     404   404   404   404   404   404   404   404   404",
    'POST /cases/<slug>/spelen/<int:attempt_id>/kaart/plaats':                           "login -     404   404   404   404   404   404   404   404   404",
    'POST /cases/<slug>/start':                                                        "login -     -     -     -     -     -     -     -     -     -",
    'GET /cases/<slug>/statistiek':                                                    "login 403   403   403   200   200   200   403   403   200   200",
    'GET /cases/editor/':                                                              "login 403   403   403   200   200   200   403   403   200   200",
    'GET /cases/editor/<slug>':                                                        "login 403   403   403   200   200   200   403   403   200   200",
    'POST /cases/editor/<slug>':                                                       "login 403   403   403   -     -     -     403   403   -     -",
    'GET /cases/editor/<slug>/export.yaml':                                            "login 403   403   403   404   404   404   403   403   404   404",
    'GET /cases/editor/<slug>/gegevens':                                               "login 403   403   403   200   200   200   403   403   200   200",
    'POST /cases/editor/<slug>/gegevens':                                              "login 403   403   403   -     -     -     403   403   -     -",
    'GET /cases/editor/<slug>/knoop/<node_id>':                                        "login 403   403   403   200   200   200   403   403   200   200",
    'POST /cases/editor/<slug>/knoop/<node_id>':                                       "login 403   403   403   -     -     -     403   403   -     -",
    'GET /cases/editor/<slug>/knoop/<node_id>/verwijderen':                            "login 403   403   403   200   200   200   403   403   200   200",
    'POST /cases/editor/<slug>/knoop/<node_id>/verwijderen':                           "login 403   403   403   -     -     -     403   403   -     -",
    'POST /cases/editor/<slug>/knopen':                                                "login 403   403   403   -     -     -     403   403   -     -",
    'GET /cases/editor/<slug>/voorbeeld':                                              "login 403   403   403   302   302   302   403   403   302   302",
    'GET /cases/editor/nieuw':                                                         "login 403   403   403   200   200   200   403   403   200   200",
    'POST /cases/editor/nieuw':                                                        "login 403   403   403   -     -     -     403   403   -     -",
    'GET /cases/editor/nieuw-formulier':                                               "login 403   403   403   200   200   200   403   403   200   200",
    'POST /cases/editor/nieuw-formulier':                                              "login 403   403   403   -     -     -     403   403   -     -",
    'GET /competence/':                                                                "login 200   200   200   200   200   200   200   200   200   200",
    'GET /competence/bewijs':                                                          "login 200   200   200   200   200   200   200   200   200   200",
    'GET /competence/bewijs.csv':                                                      "login 200   200   200   200   200   200   200   200   200   200",
    'GET /competence/deelnemer/<int:user_id>':                                         "login 403   403   403   200   404   404   403   403   404   404",
    'GET /competence/deelnemer/<int:user_id>/beoordelen/<slug>':                       "login 403   403   403   200   404   404   403   403   404   404",
    'POST /competence/deelnemer/<int:user_id>/beoordelen/<slug>':                      "login 403   403   403   -     404   404   403   403   404   404",
    'GET /competence/deelnemer/<int:user_id>/bewijs':                                  "login 403   403   403   200   404   404   403   403   404   404",
    'GET /competence/deelnemer/<int:user_id>/bewijs.csv':                              "login 403   403   403   200   404   404   403   403   404   404",
    'GET /competence/deelnemer/<int:user_id>/xapi.json':                               "login 403   403   403   200   404   404   403   403   404   404",
    'GET /competence/groepen/':                                                        "login 403   403   403   200   200   200   403   403   200   200",
    'POST /competence/groepen/':                                                       "login 403   403   403   -     -     -     403   403   -     -",
    'GET /competence/groepen/<int:cohort_id>':                                         "login 403   403   403   200   404   404   403   403   200   404",
    'POST /competence/groepen/<int:cohort_id>':                                        "login 403   403   403   -     404   404   403   403   -     404",
    'POST /competence/groepen/<int:cohort_id>/schattingen.csv':                        "login 403   403   403   -     404   404   403   403   404   404",
    'POST /competence/groepen/<int:cohort_id>/trainer':                                "login 403   403   403   403   403   403   403   403   -     404",
    'POST /competence/groepen/<int:cohort_id>/verwijderen/<int:user_id>':              "login 403   403   403   -     404   404   403   403   -     404",
    'POST /competence/groepen/<int:cohort_id>/xapi.json':                              "login 403   403   403   -     404   404   403   403   404   404",
    'GET /competence/instellingen':                                                    "login 403   403   403   403   403   403   403   403   403   200",
    'POST /competence/instellingen':                                                   "login 403   403   403   403   403   403   403   403   403   -",
    'GET /competence/mijn-cohorten/':                                                  "login 200   200   200   200   200   200   200   200   200   200",
    'GET /competence/mijn-cohorten/<int:cohort_id>/verlaten':                          "login 200   404   404   404   404   404   404   404   404   404",
    'POST /competence/mijn-cohorten/<int:cohort_id>/verlaten':                         "login -     404   404   404   404   404   404   404   404   404",
    'GET /competence/mijn-cohorten/uitnodiging/<int:member_id>':                       "login 404   404   404   404   404   404   404   404   404   404",
    'POST /competence/mijn-cohorten/uitnodiging/<int:member_id>':                      "login 404   404   404   404   404   404   404   404   404   404",
    'GET /competence/xapi.json':                                                       "login 200   200   200   200   200   200   200   200   200   200",
    'GET /competence/zelfbeoordeling':                                                 "login 200   200   200   200   200   200   200   200   200   200",
    'POST /competence/zelfbeoordeling':                                                "login -     -     -     -     -     -     -     -     -     -",
    'GET /dashboard':                                                                  "login 200   200   200   200   200   200   200   200   200   200",
    'GET /healthz':                                                                    "200   200   200   200   200   200   200   200   200   200   200",
    'GET /taken/<int:job_id>':                                                         "login 200   404   404   404   404   404   404   404   404   404",
    'GET /taken/<int:job_id>/status':                                                  "login 200   404   404   404   404   404   404   404   404   404",
    'GET /taken/<int:job_id>/bestand':                                                 "login 200   404   404   404   404   404   404   404   404   404",
    'GET /beheer/taken':                                                               "login 403   403   403   403   403   403   403   403   403   200",
    'POST /beheer/taken/<int:job_id>/opnieuw':                                         "login 403   403   403   403   403   403   403   403   403   -",
    'GET /readyz':                                                                     "200   200   200   200   200   200   200   200   200   200   200",
    'GET /intervisie/':                                                                "login 200   200   200   200   200   200   200   200   200   200",
    'GET /intervisie/bericht/<int:post_id>':                                           "login 302   404   404   404   404   404   302   404   404   404",
    'GET /intervisie/bericht/<int:post_id>/bewerken':                                  "login 200   404   404   404   404   404   302   404   404   404",
    'POST /intervisie/bericht/<int:post_id>/bewerken':                                 "login -     404   404   404   404   404   302   404   404   404",
    'POST /intervisie/bericht/<int:post_id>/nuttig':                                   "login -     404   404   404   404   404   -     404   404   404",
    'GET /intervisie/bericht/<int:post_id>/verwijderen':                               "login 200   404   404   404   404   404   403   404   404   404",
    'POST /intervisie/bericht/<int:post_id>/verwijderen':                              "login -     404   404   404   404   404   302   404   404   404",
    'GET /intervisie/deelname':                                                        "login 200   200   200   200   200   200   200   200   200   200",
    'GET /intervisie/draad/<int:thread_id>':                                           "login 200   404   404   404   404   404   200   404   404   404",
    'POST /intervisie/draad/<int:thread_id>':                                          "login -     404   404   404   404   404   -     404   404   404",
    'GET /intervisie/draad/<int:thread_id>/afsluiten':                                 "login 200   404   404   404   404   404   302   404   404   404",
    'POST /intervisie/draad/<int:thread_id>/afsluiten':                                "login -     404   404   404   404   404   302   404   404   404",
    'POST /intervisie/draad/<int:thread_id>/fase':                                     "login -     404   404   404   404   404   302   404   404   404",
    'POST /intervisie/draad/<int:thread_id>/volgen':                                   "login -     404   404   404   404   404   -     404   404   404",
    'GET /intervisie/groep/<int:group_id>':                                            "login 200   404   404   404   404   404   200   404   404   404",
    'POST /intervisie/groep/<int:group_id>/facilitator':                               "login -     404   404   404   404   404   302   404   404   404",
    'GET /intervisie/groep/<int:group_id>/inbrengen':                                  "login 200   404   404   404   404   404   200   404   404   404",
    'POST /intervisie/groep/<int:group_id>/inbrengen':                                 "login -     404   404   404   404   404   -     404   404   404",
    'POST /intervisie/groep/<int:group_id>/instellingen':                              "login -     404   404   404   404   404   403   404   404   404",
    'POST /intervisie/groep/<int:group_id>/leden':                                     "login -     404   404   404   404   404   403   404   404   404",
    'POST /intervisie/groep/<int:group_id>/leden/verwijderen':                         "login -     404   404   404   404   404   302   404   404   404",
    'POST /intervisie/groep/<int:group_id>/uitnodiging/<int:invitation_id>/intrekken': "login -     404   404   404   404   404   403   404   404   404",
    'POST /intervisie/groep/<int:group_id>/uitnodigingslink':                          "login -     404   404   404   404   404   403   404   404   404",
    'GET /intervisie/groep/<int:group_id>/verlaten':                                   "login 200   404   404   404   404   404   200   404   404   404",
    'POST /intervisie/groep/<int:group_id>/verlaten':                                  "login -     404   404   404   404   404   -     404   404   404",
    'GET /intervisie/meldingen':                                                       "login 200   200   200   200   200   200   200   200   200   200",
    'POST /intervisie/meldingen':                                                      "login -     -     -     -     -     -     -     -     -     -",
    'POST /intervisie/meldingen/gelezen':                                              "login -     -     -     -     -     -     -     -     -     -",
    'GET /intervisie/nieuw':                                                           "login 200   200   200   200   200   200   200   200   200   200",
    'POST /intervisie/nieuw':                                                          "login -     -     -     -     -     -     -     -     -     -",
    'GET /intervisie/uitnodiging/<token>':                                             "login 302   200   200   200   200   200   302   200   200   200",
    'POST /intervisie/uitnodiging/<token>':                                            "login -     -     -     -     -     -     -     -     -     -",
    'POST /intervisie/uitnodigingen/<int:invitation_id>/accepteren':                   "login 302   302   302   302   302   302   302   302   302   302",
    'POST /intervisie/uitnodigingen/<int:invitation_id>/weigeren':                     "login 302   302   302   302   302   302   302   302   302   302",
    'GET /intervisie/netwerkkaart/<int:map_id>/delen':                                   "login 200   404   404   404   404   404   404   404   404   404",
    'POST /intervisie/netwerkkaart/<int:map_id>/delen':                                  "login -     404   404   404   404   404   404   404   404   404",
    'GET /intervisie/kaart/<int:shared_id>/afdrukken':                                   "login 200   404   404   404   404   404   200   404   404   404",
    'GET /intervisie/kaart/<int:shared_id>/kaart.svg':                                   "login 200   404   404   404   404   404   200   404   404   404",
    'GET /journal/':                                                                   "login 200   200   200   200   200   200   200   200   200   200",
    'GET /journal/<int:entry_id>':                                                     "login 200   404   404   200   404   404   404   404   404   404",
    'GET /journal/<int:entry_id>/bewerken':                                            "login 200   404   404   404   404   404   404   404   404   404",
    'POST /journal/<int:entry_id>/bewerken':                                           "login -     404   404   404   404   404   404   404   404   404",
    'GET /journal/<int:entry_id>/verwijderen':                                         "login 200   404   404   404   404   404   404   404   404   404",
    'POST /journal/<int:entry_id>/verwijderen':                                        "login -     404   404   404   404   404   404   404   404   404",
    'GET /journal/gedeeld':                                                            "login 403   403   403   200   200   200   403   403   200   200",
    'GET /journal/nieuw':                                                              "login 200   200   200   200   200   200   200   200   200   200",
    'POST /journal/nieuw':                                                             "login -     -     -     -     -     -     -     -     -     -",
    'GET /netwerkkaarten/':                                                              "login 200   200   200   200   200   200   200   200   200   200",
    'POST /netwerkkaarten/':                                                             "login -     -     -     -     -     -     -     -     -     -",
    'GET /netwerkkaarten/<int:map_id>':                                                  "login 200   404   404   404   404   404   404   404   404   404",
    'GET /netwerkkaarten/<int:map_id>/afdrukken':                                        "login 200   404   404   404   404   404   404   404   404   404",
    'GET /netwerkkaarten/<int:map_id>/kaart.svg':                                        "login 200   404   404   404   404   404   404   404   404   404",
    'POST /netwerkkaarten/<int:map_id>/personen':                                        "login -     404   404   404   404   404   404   404   404   404",
    'GET /netwerkkaarten/<int:map_id>/personen/<key>':                                   "login 200   404   404   404   404   404   404   404   404   404",
    'POST /netwerkkaarten/<int:map_id>/personen/<key>':                                  "login -     404   404   404   404   404   404   404   404   404",
    'POST /netwerkkaarten/<int:map_id>/personen/<key>/verwijderen':                      "login -     404   404   404   404   404   404   404   404   404",
    'POST /netwerkkaarten/<int:map_id>/plaats':                                          "login -     404   404   404   404   404   404   404   404   404",
    'GET /netwerkkaarten/<int:map_id>/vergelijken':                                      "login 302   404   404   404   404   404   404   404   404   404",
    'POST /netwerkkaarten/<int:map_id>/verwijderen':                                     "login -     404   404   404   404   404   404   404   404   404",
    'POST /netwerkkaarten/<int:map_id>/versies':                                         "login -     404   404   404   404   404   404   404   404   404",
    'POST /language':                                                                  "302   -     -     -     -     -     -     -     -     -     -",
    'GET /login':                                                                      "200   302   302   302   302   302   302   302   302   302   302",
    'POST /login':                                                                     "200   -     -     -     -     -     -     -     -     -     -",
    'GET /login/organisatie':                                                          "200   302   302   302   302   302   302   302   302   302   302",
    'POST /login/organisatie':                                                         "200   -     -     -     -     -     -     -     -     -     -",
    'GET /login/organisatie/<slug>':                                                   "login 302   302   302   302   302   302   302   302   302   302",
    'GET /login/organisatie/<slug>/naar-inlogdienst':                                  "login 302   302   302   302   302   302   302   302   302   302",
    'GET /login/organisatie/<slug>/terug':                                             "login 302   302   302   302   302   302   302   302   302   302",
    'GET /logout':                                                                     "302   200   200   200   200   200   200   200   200   200   200",
    'POST /logout':                                                                    "302   -     -     -     -     -     -     -     -     -     -",
    'GET /modules/':                                                                   "login 200   200   200   200   200   200   200   200   200   200",
    'GET /modules/<slug>':                                                             "login 200   200   200   200   200   200   200   200   200   200",
    'GET /modules/<slug>/lessen/<lesson_slug>':                                        "login 200   200   200   200   200   200   200   200   200   200",
    'POST /modules/<slug>/lessen/<lesson_slug>/voortgang':                             "login -     -     -     -     -     -     -     -     -     -",
    'GET /modules/<slug>/print':                                                       "login 200   200   200   200   200   200   200   200   200   200",
    'GET /privacy':                                                                    "200   200   200   200   200   200   200   200   200   200   200",
    'GET /privacy/<slug>':                                                             "200   200   200   200   200   200   200   200   200   200   200",
    'GET /quizzes/':                                                                   "login 200   200   200   200   200   200   200   200   200   200",
    'GET /quizzes/beoordelen':                                                         "login 403   403   403   200   200   200   403   403   200   200",
    'POST /quizzes/beoordelen/<int:response_id>':                                      "login 403   403   403   -     404   404   403   403   404   404",
    'GET /quizzes/export.gift':                                                        "login 403   403   403   200   200   200   403   403   200   200",
    'GET /quizzes/importeren':                                                         "login 403   403   403   200   200   200   403   403   200   200",
    'POST /quizzes/importeren':                                                        "login 403   403   403   -     -     -     403   403   -     -",
    'GET /quizzes/module/<slug>':                                                      "login 200   200   200   200   200   200   200   200   200   200",
    'POST /quizzes/module/<slug>':                                                     "login -     -     -     -     -     -     -     -     -     -",
    'GET /quizzes/oefenen':                                                            "login 200   200   200   200   200   200   200   200   200   200",
    'POST /quizzes/oefenen':                                                           "login -     -     -     -     -     -     -     -     -     -",
    'GET /quizzes/pogingen/<int:attempt_id>':                                          "login 302   404   404   404   404   404   404   404   404   404",
    'POST /quizzes/pogingen/<int:attempt_id>':                                         "login -     404   404   404   404   404   404   404   404   404",
    'GET /quizzes/pogingen/<int:attempt_id>/terugblik':                                "login 200   404   404   404   404   404   404   404   404   404",
    'GET /quizzes/rapport':                                                            "login 403   403   403   200   200   200   403   403   200   200",
    'GET /quizzes/rapport.csv':                                                        "login 403   403   403   200   200   200   403   403   200   200",
    'GET /register':                                                                   "200   302   302   302   302   302   302   302   302   302   302",
    'POST /register':                                                                  "200   -     -     -     -     -     -     -     -     -     -",
    'GET /trainerskit/':                                                               "login 403   403   403   200   200   200   403   403   200   200",
    'GET /trainerskit/<slug>':                                                         "login 403   403   403   200   200   200   403   403   200   200",
    'GET /trainerskit/casussen/<case_slug>':                                           "login 403   403   403   200   200   200   403   403   200   200",
    'GET /trainerskit/sessies/<module_slug>':                                          "login 403   403   403   200   200   200   403   403   200   200",
    'GET /uitleg/<slug>':                                                              "login 200   200   200   200   200   200   200   200   200   200",
}
# fmt: on


def _paths(w) -> dict[str, str]:
    """A concrete path for every rule with arguments: someone else's object where there is one."""
    return {
        "/aanmelden/<token>": f"/aanmelden/{w.enrol_token}",
        "/account/bevestigen/<token>": "/account/bevestigen/niet-geldig",
        "/account/wachtwoord-herstellen/<token>": "/account/wachtwoord-herstellen/niet-geldig",
        "/admin/organisaties/<slug>": f"/admin/organisaties/{w.org.slug}",
        "/admin/organisaties/<slug>/lrs": f"/admin/organisaties/{w.org.slug}/lrs",
        "/admin/organisaties/<slug>/lrs/testen": f"/admin/organisaties/{w.org.slug}/lrs/testen",
        "/admin/users/<int:user_id>/role": f"/admin/users/{w.owner.id}/role",
        "/beheer/gebruikers/<int:user_id>/gegevens": f"/beheer/gebruikers/{w.owner.id}/gegevens",
        "/beheer/gebruikers/<int:user_id>/verwijderen": (
            f"/beheer/gebruikers/{w.owner.id}/verwijderen"
        ),
        "/beheer/uitnodigingslinks/<int:link_id>/intrekken": (
            f"/beheer/uitnodigingslinks/{w.enrol_link.id}/intrekken"
        ),
        "/bootstrap/static/<path:filename>": "/bootstrap/static/css/bootstrap.min.css",
        "/cases/<slug>": f"/cases/{CASE}",
        "/cases/<slug>/debrief/<int:attempt_id>": f"/cases/{CASE}/debrief/{w.case.id}",
        "/cases/<slug>/spelen/<int:attempt_id>": f"/cases/{CASE}/spelen/{w.case.id}",
        "/cases/<slug>/start": f"/cases/{CASE}/start",
        "/cases/<slug>/statistiek": f"/cases/{CASE}/statistiek",
        "/cases/editor/<slug>": f"/cases/editor/{w.draft.slug}",
        "/cases/editor/<slug>/export.yaml": f"/cases/editor/{w.draft.slug}/export.yaml",
        "/cases/editor/<slug>/gegevens": f"/cases/editor/{w.draft.slug}/gegevens",
        "/cases/editor/<slug>/knoop/<node_id>": f"/cases/editor/{w.draft.slug}/knoop/{w.node}",
        "/cases/editor/<slug>/knoop/<node_id>/verwijderen": (
            f"/cases/editor/{w.draft.slug}/knoop/{w.node}/verwijderen"
        ),
        "/cases/editor/<slug>/knopen": f"/cases/editor/{w.draft.slug}/knopen",
        "/cases/editor/<slug>/voorbeeld": f"/cases/editor/{w.draft.slug}/voorbeeld",
        "/competence/deelnemer/<int:user_id>": f"/competence/deelnemer/{w.owner.id}",
        "/competence/deelnemer/<int:user_id>/beoordelen/<slug>": (
            f"/competence/deelnemer/{w.owner.id}/beoordelen/{MODULE}"
        ),
        "/competence/deelnemer/<int:user_id>/bewijs": f"/competence/deelnemer/{w.owner.id}/bewijs",
        "/competence/deelnemer/<int:user_id>/bewijs.csv": (
            f"/competence/deelnemer/{w.owner.id}/bewijs.csv"
        ),
        "/competence/deelnemer/<int:user_id>/xapi.json": (
            f"/competence/deelnemer/{w.owner.id}/xapi.json"
        ),
        "/competence/groepen/<int:cohort_id>": f"/competence/groepen/{w.cohort.id}",
        "/taken/<int:job_id>": f"/taken/{w.job.id}",
        "/taken/<int:job_id>/status": f"/taken/{w.job.id}/status",
        "/taken/<int:job_id>/bestand": f"/taken/{w.job.id}/bestand",
        "/beheer/taken/<int:job_id>/opnieuw": f"/beheer/taken/{w.job.id}/opnieuw",
        "/competence/groepen/<int:cohort_id>/schattingen.csv": (
            f"/competence/groepen/{w.cohort.id}/schattingen.csv"
        ),
        "/competence/groepen/<int:cohort_id>/trainer": f"/competence/groepen/{w.cohort.id}/trainer",
        "/competence/groepen/<int:cohort_id>/verwijderen/<int:user_id>": (
            f"/competence/groepen/{w.cohort.id}/verwijderen/{w.owner.id}"
        ),
        "/competence/groepen/<int:cohort_id>/xapi.json": (
            f"/competence/groepen/{w.cohort.id}/xapi.json"
        ),
        "/competence/mijn-cohorten/<int:cohort_id>/verlaten": (
            f"/competence/mijn-cohorten/{w.cohort.id}/verlaten"
        ),
        "/competence/mijn-cohorten/uitnodiging/<int:member_id>": (
            f"/competence/mijn-cohorten/uitnodiging/{w.cohort_invitation.id}"
        ),
        "/intervisie/bericht/<int:post_id>": f"/intervisie/bericht/{w.post.id}",
        "/intervisie/bericht/<int:post_id>/bewerken": f"/intervisie/bericht/{w.post.id}/bewerken",
        "/intervisie/bericht/<int:post_id>/nuttig": f"/intervisie/bericht/{w.post.id}/nuttig",
        "/intervisie/bericht/<int:post_id>/verwijderen": (
            f"/intervisie/bericht/{w.post.id}/verwijderen"
        ),
        "/intervisie/draad/<int:thread_id>": f"/intervisie/draad/{w.thread.id}",
        "/intervisie/draad/<int:thread_id>/afsluiten": f"/intervisie/draad/{w.thread.id}/afsluiten",
        "/intervisie/draad/<int:thread_id>/fase": f"/intervisie/draad/{w.thread.id}/fase",
        "/intervisie/draad/<int:thread_id>/volgen": f"/intervisie/draad/{w.thread.id}/volgen",
        "/intervisie/groep/<int:group_id>": f"/intervisie/groep/{w.group.id}",
        "/intervisie/groep/<int:group_id>/facilitator": (
            f"/intervisie/groep/{w.group.id}/facilitator"
        ),
        "/intervisie/groep/<int:group_id>/inbrengen": f"/intervisie/groep/{w.group.id}/inbrengen",
        "/intervisie/groep/<int:group_id>/instellingen": (
            f"/intervisie/groep/{w.group.id}/instellingen"
        ),
        "/intervisie/groep/<int:group_id>/leden": f"/intervisie/groep/{w.group.id}/leden",
        "/intervisie/groep/<int:group_id>/leden/verwijderen": (
            f"/intervisie/groep/{w.group.id}/leden/verwijderen"
        ),
        "/intervisie/groep/<int:group_id>/uitnodiging/<int:invitation_id>/intrekken": (
            f"/intervisie/groep/{w.group.id}/uitnodiging/{w.group_link.id}/intrekken"
        ),
        "/intervisie/groep/<int:group_id>/uitnodigingslink": (
            f"/intervisie/groep/{w.group.id}/uitnodigingslink"
        ),
        "/intervisie/groep/<int:group_id>/verlaten": f"/intervisie/groep/{w.group.id}/verlaten",
        "/intervisie/uitnodiging/<token>": f"/intervisie/uitnodiging/{w.group_token}",
        "/intervisie/uitnodigingen/<int:invitation_id>/accepteren": (
            f"/intervisie/uitnodigingen/{w.personal_invitation.id}/accepteren"
        ),
        "/intervisie/uitnodigingen/<int:invitation_id>/weigeren": (
            f"/intervisie/uitnodigingen/{w.personal_invitation.id}/weigeren"
        ),
        "/journal/<int:entry_id>": f"/journal/{w.entry.id}",
        "/netwerkkaarten/<int:map_id>": f"/netwerkkaarten/{w.map.id}",
        "/netwerkkaarten/<int:map_id>/afdrukken": f"/netwerkkaarten/{w.map.id}/afdrukken",
        "/netwerkkaarten/<int:map_id>/kaart.svg": f"/netwerkkaarten/{w.map.id}/kaart.svg",
        "/netwerkkaarten/<int:map_id>/personen": f"/netwerkkaarten/{w.map.id}/personen",
        "/netwerkkaarten/<int:map_id>/personen/<key>": (
            f"/netwerkkaarten/{w.map.id}/personen/{w.map_person}"
        ),
        "/netwerkkaarten/<int:map_id>/personen/<key>/verwijderen": (
            f"/netwerkkaarten/{w.map.id}/personen/{w.map_person}/verwijderen"
        ),
        "/netwerkkaarten/<int:map_id>/plaats": f"/netwerkkaarten/{w.map.id}/plaats",
        "/netwerkkaarten/<int:map_id>/vergelijken": f"/netwerkkaarten/{w.map.id}/vergelijken",
        "/netwerkkaarten/<int:map_id>/verwijderen": f"/netwerkkaarten/{w.map.id}/verwijderen",
        "/netwerkkaarten/<int:map_id>/versies": f"/netwerkkaarten/{w.map.id}/versies",
        "/intervisie/netwerkkaart/<int:map_id>/delen": f"/intervisie/netwerkkaart/{w.map.id}/delen",
        "/intervisie/kaart/<int:shared_id>/afdrukken": f"/intervisie/kaart/{w.shared_map.id}/afdrukken",
        "/intervisie/kaart/<int:shared_id>/kaart.svg": f"/intervisie/kaart/{w.shared_map.id}/kaart.svg",
        "/cases/<slug>/spelen/<int:attempt_id>/kaart/personen": (
            f"/cases/{CASE}/spelen/{w.case.id}/kaart/personen"
        ),
        "/cases/<slug>/spelen/<int:attempt_id>/kaart/personen/<key>": (
            f"/cases/{CASE}/spelen/{w.case.id}/kaart/personen/{w.map_person}"
        ),
        "/cases/<slug>/spelen/<int:attempt_id>/kaart/personen/<key>/verwijderen": (
            f"/cases/{CASE}/spelen/{w.case.id}/kaart/personen/{w.map_person}/verwijderen"
        ),
        "/cases/<slug>/spelen/<int:attempt_id>/kaart/plaats": (
            f"/cases/{CASE}/spelen/{w.case.id}/kaart/plaats"
        ),
        "/journal/<int:entry_id>/bewerken": f"/journal/{w.entry.id}/bewerken",
        "/journal/<int:entry_id>/verwijderen": f"/journal/{w.entry.id}/verwijderen",
        "/login/organisatie/<slug>": f"/login/organisatie/{w.org.slug}",
        "/login/organisatie/<slug>/naar-inlogdienst": (
            f"/login/organisatie/{w.org.slug}/naar-inlogdienst"
        ),
        "/login/organisatie/<slug>/terug": f"/login/organisatie/{w.org.slug}/terug",
        "/modules/<slug>": f"/modules/{MODULE}",
        "/modules/<slug>/lessen/<lesson_slug>": f"/modules/{MODULE}/lessen/{w.lesson}",
        "/modules/<slug>/lessen/<lesson_slug>/voortgang": (
            f"/modules/{MODULE}/lessen/{w.lesson}/voortgang"
        ),
        "/modules/<slug>/print": f"/modules/{MODULE}/print",
        "/privacy/<slug>": f"/privacy/{w.org.slug}",
        "/quizzes/beoordelen/<int:response_id>": f"/quizzes/beoordelen/{w.essay.id}",
        "/quizzes/module/<slug>": f"/quizzes/module/{MODULE}",
        "/quizzes/pogingen/<int:attempt_id>": f"/quizzes/pogingen/{w.quiz.id}",
        "/quizzes/pogingen/<int:attempt_id>/terugblik": f"/quizzes/pogingen/{w.quiz.id}/terugblik",
        "/static/<path:filename>": "/static/css/app.css",
        "/trainerskit/<slug>": "/trainerskit/bronnen",
        "/trainerskit/casussen/<case_slug>": f"/trainerskit/casussen/{CASE}",
        "/trainerskit/sessies/<module_slug>": f"/trainerskit/sessies/{MODULE}",
        "/uitleg/<slug>": "/uitleg/kostendelersnorm",
    }


def _forms(w) -> dict[str, dict]:
    """The form an entitled person would send to a POST rule (CSRF token added later)."""
    return {
        "/admin/organisaties": {"name": "Gekaapt", "domains": "gekaapt.nl"},
        "/admin/organisaties/<slug>": {"domains": "gekaapt.nl"},
        "/admin/organisaties/<slug>/lrs": LRS_FORM,
        "/admin/organisaties/<slug>/lrs/testen": {},
        "/admin/users/<int:user_id>/role": {"role": "beheerder"},
        "/beheer/gebruikers/<int:user_id>/gegevens": {},
        "/beheer/gebruikers/<int:user_id>/verwijderen": {"email": w.owner.email},
        "/beheer/organisatie": {
            "privacy_contact": "gekaapt@zuid.nl",
            "inactive_account_days": "30",
            "audit_retention_days": "30",
        },
        "/beheer/lrs": LRS_FORM,
        "/beheer/lrs/testen": {},
        "/beheer/uitnodigingslinks": {"days": "7", "role": "trainer"},
        "/cases/<slug>/spelen/<int:attempt_id>": {"keuze": "0", "node": "start"},
        "/cases/editor/<slug>": {"yaml_text": "title: gekaapt", "save": "Concept opslaan"},
        "/cases/editor/<slug>/gegevens": {"title": "Gekaapt"},
        "/cases/editor/<slug>/knoop/<node_id>": {"node_id": w.node, "text": "Gekaapt"},
        "/cases/editor/<slug>/knopen": {"new_id": "gekaapt", "node_type": "narrative"},
        "/cases/editor/nieuw": {"yaml_text": "slug: gekaapt\ntitle: Gekaapt\n"},
        "/cases/editor/nieuw-formulier": {"slug": "gekaapt", "title": "Gekaapt"},
        "/competence/deelnemer/<int:user_id>/beoordelen/<slug>": {
            "level": "3",
            "comment": "Gekaapt",
        },
        "/competence/groepen/": {"name": "Gekaapt"},
        "/competence/groepen/<int:cohort_id>": {"email": "lotte@noord.nl", "add": "Uitnodigen"},
        "/competence/groepen/<int:cohort_id>/trainer": {"trainer": str(w.coh2.id)},
        "/competence/mijn-cohorten/uitnodiging/<int:member_id>": {"decline": "Weigeren"},
        "/intervisie/bericht/<int:post_id>/bewerken": {"body": "Gekaapt bericht"},
        "/intervisie/draad/<int:thread_id>": {"body": "Gekaapt bericht"},
        "/intervisie/draad/<int:thread_id>/afsluiten": {"takeaway": "Gekaapt"},
        "/intervisie/groep/<int:group_id>/facilitator": {"user_id": str(w.member.id)},
        "/intervisie/groep/<int:group_id>/inbrengen": {
            "title": "Gekaapt",
            "situation": "Gekaapt",
            "question": "Gekaapt?",
            "method": "vrij",
        },
        "/intervisie/groep/<int:group_id>/instellingen": {
            "name": "Gekaapt",
            "purpose": "",
            "rules": "",
        },
        "/intervisie/groep/<int:group_id>/leden": {"email": "tom@zuid.nl"},
        "/intervisie/groep/<int:group_id>/leden/verwijderen": {"user_id": str(w.member.id)},
        "/journal/<int:entry_id>/bewerken": {"title": "Gekaapt", "framework": "starr"},
        "/netwerkkaarten/<int:map_id>/personen": MAP_PERSON,
        "/netwerkkaarten/<int:map_id>/personen/<key>": MAP_PERSON,
        "/netwerkkaarten/<int:map_id>/plaats": {
            "key": w.map_person,
            "ring": "intimi",
            "sector": "buurt",
        },
        "/netwerkkaarten/<int:map_id>/versies": {"conversation_on": "2026-11-01"},
        "/intervisie/netwerkkaart/<int:map_id>/delen": {
            "thread": str(w.thread.id),
            "with_notes": "ja",
        },
        "/cases/<slug>/spelen/<int:attempt_id>/kaart/personen": MAP_PERSON,
        "/cases/<slug>/spelen/<int:attempt_id>/kaart/personen/<key>": MAP_PERSON,
        "/cases/<slug>/spelen/<int:attempt_id>/kaart/plaats": {
            "key": w.map_person,
            "ring": "intimi",
            "sector": "buurt",
        },
        "/quizzes/beoordelen/<int:response_id>": {
            f"r{w.essay.id}-grade": "1.0",
            f"r{w.essay.id}-comment": "Gekaapt",
        },
        "/quizzes/importeren": {},
    }


def _user(email: str, org, role: str = "learner"):
    name = email.split("@")[0].capitalize() + " Matrix"
    return accounts.register_user(
        email=email, name=name, password=DEFAULT_PASSWORD, role=role, org=org
    )


def _build_world(checked_content):
    load_checked(*copy.deepcopy(checked_content))
    org = organisations.create_organisation("Opvang Noord", ["noord.nl"])
    elsewhere = organisations.create_organisation("Kenter Zuid", ["zuid.nl"])
    db.session.flush()
    w = SimpleNamespace(org=org)
    w.users = {
        "owner": _user("sanne@noord.nl", org),
        "learner": _user("lotte@noord.nl", org),
        "other": _user("lars@zuid.nl", elsewhere),
        "trainer": _user("karim@noord.nl", org, "trainer"),
        "coh2": _user("tess@noord.nl", org, "trainer"),
        "orgx": _user("tom@zuid.nl", elsewhere, "trainer"),
        "member": _user("milan@noord.nl", org),
        "nonmem": _user("nina@noord.nl", org),
        "beheer": _user("bea@noord.nl", org, "beheerder"),
        "admin": _user("ad@zuid.nl", elsewhere, "admin"),
    }
    invitee = _user("ilse@noord.nl", org)
    peer = _user("pim@noord.nl", org)
    w.owner, w.member, w.coh2 = w.users["owner"], w.users["member"], w.users["coh2"]
    db.session.commit()

    w.cohort = enrol(w.users["trainer"], w.owner, name="Najaar")
    w.cohort_invitation = cohorts.membership_for(w.owner, w.cohort.id)
    enrol(w.coh2, peer, name="Voorjaar")

    w.entry = journal.create_entry(
        w.owner, title=SECRET, framework="starr", answers={"situatie": SECRET}, shared=True
    )
    essay = next(q for q in bank.bank_questions() if q.qtype == "essay")
    w.quiz = quizzes._start(w.owner, "practice", [essay.id], categories=["randvoorwaarden"])
    w.essay = w.quiz.responses[0]
    w.essay.given = {"text": SECRET}
    quizzes.submit_attempt(w.quiz)

    w.case = cases.start_or_resume(w.owner, cases.get_case(CASE))
    for _step in range(40):  # play the case to its end, reflecting where asked
        if w.case.state != "open":
            break
        kind = cases.current_node(w.case)["type"]
        cases.take_step(
            w.case,
            w.case.current_node,
            choice="0" if kind == "decision" else None,
            reflection=SECRET if kind == "reflection" else None,
        )
    w.draft = authoring.create_case("matrix-concept", "Concept", cases.category_slugs())
    w.node = drafting.draft_of(w.draft)["nodes"][0]["id"]
    w.lesson = db.session.scalar(
        sa.select(Lesson.slug).where(Lesson.module.has(slug=MODULE)).order_by(Lesson.id)
    )
    w.enrol_link, w.enrol_token = enrolment.create_link(org, w.users["beheer"])
    db.session.commit()

    w.group = groups.create_group(w.owner, name="Intervisie Noord", purpose="Casuïstiek", rules="")
    groups.add_member(w.group, w.member, w.owner)
    other_group = groups.create_group(w.users["nonmem"], name="Andere groep", purpose="", rules="")
    db.session.commit()
    w.thread = threads.start_thread(
        w.group,
        w.owner,
        title="Een broer die niet terugbelt",
        situation="Een cliënt wil zijn broer weer zien.",
        question="Hoe bereid ik het eerste contact voor?",
        method="vrij",
    )
    db.session.commit()
    w.post = posts.add_post(
        w.thread, access.membership_in(w.owner, w.group.id), body="Wat wil hij zelf?"
    )
    # what she wrote while the privacy guard was away: a private draft, offered to her alone
    drafts.keep(w.owner, w.group.id, drafts.place_of("draad", w.thread.id), {"body": SECRET})
    w.group_token = groups.create_invitation(w.group, w.owner)
    groups.invite_by_email(w.group, invitee.email, w.owner)
    db.session.commit()
    w.group_link = db.session.scalar(
        sa.select(Invitation).where(
            Invitation.group_id == w.group.id, Invitation.invitee_id.is_(None)
        )
    )
    [w.personal_invitation] = groups.personal_invitations(invitee)
    assert other_group.id != w.group.id
    # a network map of one of her clients, saved once, and a copy shared into her thread
    w.map = netmaps.create_map(w.owner, "S-cliënt")
    w.map_person = netmaps.add_person(w.map, {
        "name": "buurvrouw", "sector": "buurt", "ring": "bekenden", "quality": "sterk",
        "active": True, "gets": [], "gives": [], "note": SECRET,
    }).key  # fmt: skip
    netmaps.save_version(w.map, netmaps.today(), "")
    w.shared_map = maps.share(w.thread, w.owner, w.map, with_notes=False)
    db.session.commit()
    # her data as a ZIP, made by a background job: its page and file are hers alone
    w.job = jobs.submit("mydata.export", user=w.owner)
    return w


def _code(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        return "login" if re.match(r"(https?://[^/]+)?/login\b", location) else "302"
    return str(response.status_code)


def _rules(app) -> list[tuple[str, str]]:
    """(method, rule) for every rule in the URL map: the matrix's rows."""
    rows = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            rows.add((method, rule.rule))
    return sorted(rows, key=lambda row: (row[1], row[0]))


def _key(method: str, rule: str) -> str:
    return f"{method} {rule}"


def test_every_route_has_a_row(app):
    missing = [_key(*row) for row in _rules(app) if _key(*row) not in TABLE]
    assert not missing, "new route without a row in TABLE:\n" + "\n".join(missing)


def test_every_row_is_a_route(app):
    routes = {_key(*row) for row in _rules(app)}
    gone = [key for key in TABLE if key not in routes]
    assert not gone, "rows in TABLE for routes that no longer exist:\n" + "\n".join(gone)


def test_every_row_has_one_code_per_actor():
    wrong = [key for key, codes in TABLE.items() if len(codes.split()) != len(ACTORS)]
    assert not wrong, f"rows without {len(ACTORS)} codes: {wrong}"


def _snapshot() -> dict[str, list]:
    """Every row of every table, read fresh: what a refused POST must leave as it was."""
    db.session.expire_all()
    tables = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(sa.select(table)).all()
        tables[table.name] = sorted(repr(tuple(row)) for row in rows)
    return tables


def _observed_table(observed: dict[str, dict[str, str]]) -> str:
    width = max(len(key) for key in observed) + 3
    lines = []
    for key, codes in observed.items():
        cells = " ".join(f"{codes[a]:<5}" for a in ACTORS).rstrip()
        lines.append(f'    {f"{key!r}:":<{width}} "{cells}",')
    return "\n".join(lines)


def test_every_actor_gets_what_the_table_says(app, guard_ready, checked_content):
    w = _build_world(checked_content)
    paths = _paths(w)
    forms = _forms(w)
    rows = _rules(app)
    unplaced = [rule for _method, rule in rows if "<" in rule and rule not in paths]
    assert not unplaced, f"no concrete path in _paths() for: {unplaced}"
    addresses = (f"10.9.0.{n}" for n in itertools.count(1))
    clients, tokens = {}, {}
    for actor in ACTORS:
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = next(addresses)
        if actor != "anon":
            assert log_in(client, w.users[actor].email).status_code == 302, actor
        page = client.get("/login" if actor == "anon" else "/account/").get_data(as_text=True)
        match = CSRF_RE.search(page)
        tokens[actor] = match.group(1) or match.group(2)
        clients[actor] = client

    observed: dict[str, dict[str, str]] = {}
    mismatches, uncached = [], []
    readers: dict[str, set[str]] = {}  # who reads Sanne's words on which page
    reads = [row for row in rows if row[0] == "GET"]
    # signing out ends the session the other requests use: last
    writes = sorted((row for row in rows if row[0] == "POST"), key=lambda row: row[1] == "/logout")

    for method, rule in reads:
        key = _key(method, rule)
        expected = TABLE.get(key, "").split()
        observed[key] = {}
        for i, actor in enumerate(ACTORS):
            response = clients[actor].get(paths.get(rule, rule))
            body = response.get_data().decode("utf-8", "replace")  # a ZIP download too
            response.close()
            code = observed[key][actor] = _code(response)
            if expected and expected[i] != code:
                mismatches.append(f"{key} [{actor}]: expected {expected[i]}, got {code}")
            private = actor != "anon" and not rule.startswith(STATIC)
            if private and response.headers.get("Cache-Control") != "no-store":
                uncached.append(f"{key} [{actor}] {code}")
            if code == "200" and SECRET in body:
                readers.setdefault(key, set()).add(actor)

    before = _snapshot()
    for method, rule in writes:
        key = _key(method, rule)
        expected = TABLE.get(key, "").split()
        observed[key] = {}
        for i, actor in enumerate(ACTORS):
            if not expected or expected[i] == "-":  # allowed (or no row yet): not sent
                observed[key][actor] = expected[i] if expected else "?"
                continue
            data = {"csrf_token": tokens[actor], **forms.get(rule, {})}
            response = clients[actor].post(paths.get(rule, rule), data=data)
            code = observed[key][actor] = _code(response)
            if expected and expected[i] != code:
                mismatches.append(f"{key} [{actor}]: expected {expected[i]}, got {code}")
    after = _snapshot()
    changed = [name for name in before if before[name] != after[name]]

    observed = {key: observed[key] for key in sorted(observed, key=lambda k: (k.split()[1], k))}
    assert not uncached, "private responses without Cache-Control: no-store:\n" + "\n".join(
        uncached
    )
    assert not mismatches and not changed, (
        "\n".join(mismatches)
        + f"\ntables changed by refused POSTs: {changed}"
        + "\n\nobserved:\n"
        + _observed_table(observed)
    )
    # her words reach her and the trainer she accepted, nobody else; essays to grade included
    assert readers["GET /quizzes/beoordelen"] == {"trainer"}
    assert readers["GET /journal/<int:entry_id>"] == {"owner", "trainer"}
    assert readers["GET /intervisie/draad/<int:thread_id>"] == {"owner"}  # her draft
    strangers = {key: actors - {"owner", "trainer"} for key, actors in readers.items()}
    assert not any(strangers.values()), strangers
